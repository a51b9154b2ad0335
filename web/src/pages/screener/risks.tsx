import { Button, ButtonGroup, Heading, Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { FormEvent, useRef, useState } from 'react';
import { api } from '../../api';
import { ErrorSummary, fieldId, problemFor, SelectField, TextareaField, TextField } from '../../components/ui';
import { dateNl } from '../../format';
import { useThemeTitle } from './interview';
import { IMPACT_LABELS, IMPACTS, Impact, LEVEL_LABELS, LIKELIHOOD_LABELS, LIKELIHOODS, Likelihood, RISK_MATRIX, RiskLevel, SOURCE_KINDS, THEMES } from './labels';
import { CheckboxGroup, Measure, missingFields, RadioGroup, Risk, StatusMessage, useChange, useFile } from './shared';

const levelLabel = (level: string) => LEVEL_LABELS[level as RiskLevel] ?? level;

/** Risicoregister: the risks with their level and beheersmaatregelen, and the kans × impact map. */
export function RisksSection() {
  const { file, editable } = useFile();
  const title = useThemeTitle();
  const [editing, setEditing] = useState<Risk | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [saved, setSaved] = useState<string>();
  const formTop = useRef<HTMLDivElement>(null);
  const remove = useChange('risico-verwijderen');
  const { caseId } = useFile();

  function edit(risk: Risk) {
    setEditing(risk);
    setSaved(undefined);
    setTimeout(() => formTop.current?.querySelector('h3')?.focus(), 0);
  }

  return (
    <section aria-labelledby="risico-titel" className="screener-section">
      <Heading level={2} id="risico-titel">
        Risicoregister
      </Heading>
      <Paragraph>Het niveau volgt uit kans en impact volgens de risicomatrix. Een hoog risico zonder beheersmaatregel leidt tot de conclusie ‘Ernstige risico’s’, tenzij u motiveert waarom niet.</Paragraph>
      <Heatmap risks={file.risks} />
      {file.risks.length === 0 ? (
        <Paragraph>Er zijn nog geen risico’s vastgelegd.</Paragraph>
      ) : (
        <div className="screener-table-wrap">
          <Table>
            <TableCaption>Integriteitsrisico’s ({file.risks.length})</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">Nr.</TableHeaderCell>
                <TableHeaderCell scope="col">Thema</TableHeaderCell>
                <TableHeaderCell scope="col">Omschrijving</TableHeaderCell>
                <TableHeaderCell scope="col">Kans</TableHeaderCell>
                <TableHeaderCell scope="col">Impact</TableHeaderCell>
                <TableHeaderCell scope="col">Niveau</TableHeaderCell>
                <TableHeaderCell scope="col">Beheersmaatregelen</TableHeaderCell>
                {editable && <TableHeaderCell scope="col">Acties</TableHeaderCell>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {file.risks.map((risk, index) => (
                <TableRow key={risk.id}>
                  <TableHeaderCell scope="row">{index + 1}</TableHeaderCell>
                  <TableCell>{title(risk.theme)}</TableCell>
                  <TableCell className="screener-pre">{risk.description}</TableCell>
                  <TableCell>{LIKELIHOOD_LABELS[risk.likelihood as Likelihood] ?? risk.likelihood}</TableCell>
                  <TableCell>{IMPACT_LABELS[risk.impact as Impact] ?? risk.impact}</TableCell>
                  <TableCell>
                    <span className="screener-level" data-level={risk.level}>
                      {levelLabel(risk.level)}
                    </span>
                  </TableCell>
                  <TableCell>
                    {risk.measures.length === 0 ? (
                      <span className={risk.level === 'hoog' ? 'screener-warning' : undefined}>Geen beheersmaatregel</span>
                    ) : (
                      <ul className="screener-measures">
                        {risk.measures.map((m, i) => (
                          <li key={i}>
                            {m.measure} <span className="screener-muted">({m.who}, uiterlijk {dateNl(m.byWhen)})</span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </TableCell>
                  {editable && (
                    <TableCell>
                      {confirming === risk.id ? (
                        <div className="screener-confirm">
                          <Paragraph>Risico {index + 1} verwijderen?</Paragraph>
                          <ButtonGroup>
                            <Button
                              appearance="secondary-action-button"
                              disabled={remove.busy}
                              onClick={async () => {
                                const ok = await remove.run(() => api.delete(`/cases/${caseId}/risks/${risk.id}`), `Risico ${index + 1} is verwijderd.`);
                                if (ok) {
                                  setConfirming(null);
                                  if (editing?.id === risk.id) setEditing(null);
                                }
                              }}
                            >
                              Ja, verwijder risico {index + 1}
                            </Button>
                            <Button appearance="subtle-button" onClick={() => setConfirming(null)}>
                              Niet verwijderen
                            </Button>
                          </ButtonGroup>
                        </div>
                      ) : (
                        <ButtonGroup>
                          <Button appearance="secondary-action-button" onClick={() => edit(risk)}>
                            Risico {index + 1} wijzigen
                          </Button>
                          <Button appearance="subtle-button" onClick={() => setConfirming(risk.id)}>
                            Risico {index + 1} verwijderen
                          </Button>
                        </ButtonGroup>
                      )}
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {remove.error && <ErrorSummary error={remove.error} level={3} />}
      <StatusMessage message={remove.status} />
      <StatusMessage message={saved} />
      {editable && (
        <div ref={formTop}>
          <RiskForm
            key={editing?.id ?? 'nieuw'}
            risk={editing}
            number={editing ? file.risks.findIndex((r) => r.id === editing.id) + 1 : file.risks.length + 1}
            onDone={(message) => {
              setEditing(null);
              setSaved(message);
            }}
          />
        </div>
      )}
    </section>
  );
}

/** The 3 × 3 kans × impact map: each cell its level (in words and colour) and how many risks fall in it. */
export function Heatmap({ risks }: { risks: Risk[] }) {
  const count = (likelihood: Likelihood, impact: Impact) => risks.filter((r) => r.likelihood === likelihood && r.impact === impact).length;
  const rows = [...LIKELIHOODS].reverse();
  return (
    <div className="screener-table-wrap">
      <table className="basisscan-heatmap screener-heatmap">
        <caption>Risicokaart: aantal risico’s per kans en impact, met het niveau van elk vak</caption>
        <thead>
          <tr>
            <td className="screener-heatmap__corner" />
            {IMPACTS.map((impact) => (
              <th scope="col" key={impact}>
                Impact {IMPACT_LABELS[impact].toLowerCase()}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((likelihood) => (
            <tr key={likelihood}>
              <th scope="row">Kans {LIKELIHOOD_LABELS[likelihood].toLowerCase()}</th>
              {IMPACTS.map((impact) => {
                const level = RISK_MATRIX[likelihood][impact];
                const n = count(likelihood, impact);
                return (
                  <td key={impact} data-level={level} data-count={n}>
                    <span className="screener-heatmap__count">{n === 1 ? '1 risico' : `${n} risico’s`}</span>{' '}
                    <span className="screener-heatmap__level">niveau {LEVEL_LABELS[level].toLowerCase()}</span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const emptyMeasure = (): Measure => ({ measure: '', who: '', byWhen: '' });

function RiskForm({ risk, number, onDone }: { risk: Risk | null; number: number; onDone: (message?: string) => void }) {
  const { caseId, file, questionnaire } = useFile();
  const title = useThemeTitle();
  const [theme, setTheme] = useState(risk?.theme ?? '');
  const [description, setDescription] = useState(risk?.description ?? '');
  const [likelihood, setLikelihood] = useState<string>(risk?.likelihood ?? '');
  const [impact, setImpact] = useState<string>(risk?.impact ?? '');
  const [answers, setAnswers] = useState<string[]>(risk?.facts.answers ?? []);
  const [sources, setSources] = useState<string[]>(risk?.facts.sources ?? []);
  const [measures, setMeasures] = useState<Measure[]>(risk?.measures ?? []);
  const change = useChange('risico', (field) => {
    const [name, index, sub] = field.split('.');
    if (name === 'measures' && index !== undefined && sub) return `risico.measures.${index}.${sub}`;
    return `risico.${name}`;
  });

  const questions = questionnaire?.themes.find((t) => t.id === theme)?.questions ?? [];
  const preview = likelihood && impact ? RISK_MATRIX[likelihood as Likelihood]?.[impact as Impact] : undefined;

  function setMeasure(index: number, patch: Partial<Measure>) {
    setMeasures((current) => current.map((m, i) => (i === index ? { ...m, ...patch } : m)));
  }

  function addMeasure() {
    setMeasures((current) => [...current, emptyMeasure()]);
    const index = measures.length;
    setTimeout(() => document.getElementById(fieldId(`risico.measures.${index}.measure`))?.focus(), 0);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const required: Record<string, string> = { 'risico.theme': theme, 'risico.description': description, 'risico.likelihood': likelihood, 'risico.impact': impact };
    measures.forEach((m, i) => {
      required[`risico.measures.${i}.measure`] = m.measure;
      required[`risico.measures.${i}.who`] = m.who;
      required[`risico.measures.${i}.byWhen`] = m.byWhen;
    });
    const missing = missingFields(required);
    if (missing) return change.refuse(missing);
    const body = {
      theme,
      description: description.trim(),
      likelihood,
      impact,
      facts: { answers: answers.filter((a) => questions.some((q) => q.id === a)), sources },
      measures: measures.map((m) => ({ measure: m.measure.trim(), who: m.who.trim(), byWhen: m.byWhen })),
    };
    const ok = await change.run(
      () => (risk ? api.put(`/cases/${caseId}/risks/${risk.id}`, body) : api.post(`/cases/${caseId}/risks`, body)),
      risk ? `Risico ${number} is gewijzigd.` : `Risico ${number} is toegevoegd aan het risicoregister.`,
    );
    if (ok && !risk) {
      setTheme('');
      setDescription('');
      setLikelihood('');
      setImpact('');
      setAnswers([]);
      setSources([]);
      setMeasures([]);
    }
    if (ok && risk) onDone(`Risico ${number} is gewijzigd.`);
  }

  const error = change.error;
  const labels: Record<string, string> = {
    'risico.theme': 'Thema',
    'risico.description': 'Omschrijving',
    'risico.likelihood': 'Kans',
    'risico.impact': 'Impact',
    'risico.facts': 'Onderbouwing',
    'risico.measures': 'Beheersmaatregelen',
  };
  measures.forEach((_, i) => {
    labels[`risico.measures.${i}.measure`] = `Maatregel ${i + 1}`;
    labels[`risico.measures.${i}.who`] = `Maatregel ${i + 1}, wie`;
    labels[`risico.measures.${i}.byWhen`] = `Maatregel ${i + 1}, uiterlijk op`;
  });

  return (
    <>
      <Heading level={3} id="risico-form-titel" tabIndex={-1}>
        {risk ? `Risico ${number} wijzigen` : 'Risico toevoegen'}
      </Heading>
      <ErrorSummary error={error} labels={labels} level={4} />
      <form onSubmit={submit} noValidate className="basisscan-form" aria-labelledby="risico-form-titel">
        <SelectField
          name="risico.theme"
          label="Thema"
          value={theme}
          onChange={setTheme}
          options={Object.keys(THEMES).map((value) => ({ value, label: title(value) }))}
          error={problemFor(error, 'risico.theme')}
          required
        />
        <TextareaField
          name="risico.description"
          label="Omschrijving"
          description="Hoe kunnen belangen, verleden of gedrag van de kandidaat het ambt schaden?"
          rows={3}
          value={description}
          onChange={setDescription}
          error={problemFor(error, 'risico.description')}
          required
        />
        <RadioGroup
          name="risico.likelihood"
          legend="Kans"
          value={likelihood}
          onChange={setLikelihood}
          options={LIKELIHOODS.map((value) => ({ value, label: LIKELIHOOD_LABELS[value] }))}
          error={problemFor(error, 'risico.likelihood')}
        />
        <RadioGroup
          name="risico.impact"
          legend="Impact"
          value={impact}
          onChange={setImpact}
          options={IMPACTS.map((value) => ({ value, label: IMPACT_LABELS[value] }))}
          error={problemFor(error, 'risico.impact')}
        />
        <Paragraph aria-live="polite">{preview ? `Niveau volgens de risicomatrix: ${LEVEL_LABELS[preview].toLowerCase()}.` : 'Kies kans en impact; het niveau volgt daaruit.'}</Paragraph>
        {questions.length > 0 && (
          <CheckboxGroup
            name="risico.facts.answers"
            legend="Onderbouwing: antwoorden uit de vragenlijst"
            description="Kies de vragen van dit thema waarop het risico steunt (niet verplicht)."
            options={questions.map((q) => ({ value: q.id, label: q.label }))}
            values={answers}
            onChange={setAnswers}
            error={problemFor(error, 'risico.facts')}
          />
        )}
        {file.sources.length > 0 && (
          <CheckboxGroup
            name="risico.facts.sources"
            legend="Onderbouwing: bronnen uit het bronnenlogboek"
            description="Kies de bronnen waarop het risico steunt (niet verplicht)."
            options={file.sources.map((s) => ({ value: s.id, label: `${SOURCE_KINDS[s.kind] ?? s.kind}, ${dateNl(s.consultedOn)}: ${s.query}` }))}
            values={sources}
            onChange={setSources}
          />
        )}
        <fieldset className="screener-fieldset">
          <legend className="screener-legend">Beheersmaatregelen</legend>
          {measures.length === 0 && <Paragraph>Nog geen beheersmaatregel. Voeg er een toe als het risico daarmee beheersbaar wordt.</Paragraph>}
          {measures.map((m, i) => (
            <div className="basisscan-card" key={i}>
              <Heading level={4}>Maatregel {i + 1}</Heading>
              <TextareaField
                name={`risico.measures.${i}.measure`}
                label={`Maatregel ${i + 1}: wat`}
                description="Bijvoorbeeld: de nevenfunctie beëindigen vóór de benoeming."
                rows={2}
                value={m.measure}
                onChange={(value) => setMeasure(i, { measure: value })}
                error={problemFor(error, `risico.measures.${i}.measure`)}
                required
              />
              <TextField
                name={`risico.measures.${i}.who`}
                label={`Maatregel ${i + 1}: wie`}
                value={m.who}
                onChange={(value) => setMeasure(i, { who: value })}
                error={problemFor(error, `risico.measures.${i}.who`)}
                required
              />
              <TextField
                name={`risico.measures.${i}.byWhen`}
                label={`Maatregel ${i + 1}: uiterlijk op`}
                type="date"
                value={m.byWhen}
                onChange={(value) => setMeasure(i, { byWhen: value })}
                error={problemFor(error, `risico.measures.${i}.byWhen`)}
                required
              />
              <Button appearance="subtle-button" onClick={() => setMeasures((current) => current.filter((_, j) => j !== i))}>
                Maatregel {i + 1} weghalen
              </Button>
            </div>
          ))}
          <div>
            <Button appearance="secondary-action-button" onClick={addMeasure}>
              Beheersmaatregel toevoegen
            </Button>
          </div>
        </fieldset>
        <ButtonGroup>
          <Button type="submit" appearance="primary-action-button" disabled={change.busy} aria-disabled={change.busy}>
            {risk ? `Wijzigingen in risico ${number} opslaan` : 'Risico opslaan'}
          </Button>
          {risk && (
            <Button appearance="subtle-button" onClick={() => onDone()}>
              Wijzigen annuleren
            </Button>
          )}
        </ButtonGroup>
        <StatusMessage message={change.status} />
      </form>
    </>
  );
}
