import { Button, Heading, Paragraph } from '@utrecht/component-library-react';
import { FormEvent, useState } from 'react';
import { api, ApiError } from '../../api';
import { ErrorAlert, ErrorSummary, problemFor, TextareaField, useLoad } from '../../components/ui';
import { CONCLUSIONS } from '../../format';
import { EventButton } from './events';
import { asApiError, mayAct, missingFields, RadioGroup, StatusMessage, useChange, useFile } from './shared';

const CONCLUSION_OPTIONS = Object.entries(CONCLUSIONS).map(([value, label]) => ({ value, label }));

/** Phases in which the candidate's wederhoor response can be there. */
const AFTER_DRAFT = ['hoorEnWederhoor', 'eindrapportage', 'advies', 'raadInformeren', 'raadGeinformeerd', 'afgesloten'];

/** Conceptconclusie, and after hoor en wederhoor the eindrapportage. */
export function ConclusionSection() {
  const { file, editable, view } = useFile();
  const draft = file.draft;
  const [finalStatus, setFinalStatus] = useState<string>();
  return (
    <section aria-labelledby="conclusie-titel" className="screener-section">
      <Heading level={2} id="conclusie-titel">
        Conceptconclusie
      </Heading>
      {draft ? (
        <div className="basisscan-card">
          <Paragraph>
            <strong>Conclusie:</strong> {CONCLUSIONS[draft.conclusion] ?? draft.conclusion}
          </Paragraph>
          <Paragraph className="screener-pre">{draft.explanation}</Paragraph>
        </div>
      ) : (
        <Paragraph>Er is nog geen conceptconclusie vastgelegd.</Paragraph>
      )}
      {editable && <DraftForm />}
      <EventButton type="SUBMIT_DRAFT" label="Concept indienen" done="Het concept is ingediend. De kandidaat krijgt nu de gelegenheid om te reageren (hoor en wederhoor).">
        <Paragraph>
          Met het indienen van het concept ziet de kandidaat de bevindingen, de risico’s met beheersmaatregelen en de conceptconclusie, en kan hij of zij reageren. Tijdens hoor en wederhoor kunt u het dossier
          niet wijzigen.
        </Paragraph>
      </EventButton>
      {AFTER_DRAFT.includes(view.phase) && <WederhoorResponse />}
      {mayAct(view, 'SUBMIT_FINAL') && <FinalForm onSubmitted={setFinalStatus} />}
      <StatusMessage message={finalStatus} />
    </section>
  );
}

function DraftForm() {
  const { caseId, file } = useFile();
  const [conclusion, setConclusion] = useState(file.draft?.conclusion ?? '');
  const [explanation, setExplanation] = useState(file.draft?.explanation ?? '');
  const change = useChange('concept');

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing = missingFields({ 'concept.conclusion': conclusion, 'concept.explanation': explanation });
    if (missing) return change.refuse(missing);
    await change.run(() => api.put(`/cases/${caseId}/assessment/draft`, { conclusion, explanation: explanation.trim() }), 'De conceptconclusie is opgeslagen.');
  }

  const error = change.error;
  return (
    <>
      <Heading level={3} id="concept-form-titel">
        {file.draft ? 'Conceptconclusie wijzigen' : 'Conceptconclusie opslaan'}
      </Heading>
      <ErrorSummary error={error} labels={{ 'concept.conclusion': 'Conclusie', 'concept.explanation': 'Toelichting' }} level={4} />
      <form onSubmit={submit} noValidate className="basisscan-form" aria-labelledby="concept-form-titel">
        <RadioGroup name="concept.conclusion" legend="Conclusie" value={conclusion} onChange={setConclusion} options={CONCLUSION_OPTIONS} error={problemFor(error, 'concept.conclusion')} />
        <TextareaField
          name="concept.explanation"
          label="Toelichting"
          description="Leg uit hoe u tot deze conclusie komt, met verwijzing naar de risico’s en beheersmaatregelen."
          rows={5}
          value={explanation}
          onChange={setExplanation}
          error={problemFor(error, 'concept.explanation')}
          required
        />
        <div>
          <Button type="submit" appearance="primary-action-button" disabled={change.busy} aria-disabled={change.busy}>
            Conceptconclusie opslaan
          </Button>
        </div>
        <StatusMessage message={change.status} />
      </form>
    </>
  );
}

interface Wederhoor {
  response: string | null;
  open: boolean;
}

function WederhoorResponse() {
  const { caseId, view } = useFile();
  const loaded = useLoad(() => api.get<Wederhoor>(`/cases/${caseId}/wederhoor`), [caseId, view.version]);
  return (
    <>
      <Heading level={3}>Reactie van de kandidaat (hoor en wederhoor)</Heading>
      {loaded.error ? (
        <ErrorAlert error={loaded.error} />
      ) : !loaded.data ? (
        <Paragraph>Bezig met laden…</Paragraph>
      ) : loaded.data.response ? (
        <blockquote className="screener-quote screener-pre">{loaded.data.response}</blockquote>
      ) : (
        <Paragraph>{loaded.data.open ? 'De kandidaat heeft nog niet gereageerd.' : 'De kandidaat heeft niet gereageerd.'}</Paragraph>
      )}
    </>
  );
}

function FinalForm({ onSubmitted }: { onSubmitted: (message: string) => void }) {
  const { file, act, setProblem, problemOf } = useFile();
  const [conclusion, setConclusion] = useState(file.draft?.conclusion ?? '');
  const [justification, setJustification] = useState('');
  const [busy, setBusy] = useState(false);
  const bare = file.risks.filter((r) => r.level === 'hoog' && r.measures.length === 0).length;
  const error = problemOf('eind');

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing = missingFields({ 'eind.conclusion': conclusion });
    if (missing) return setProblem('eind', missing);
    setBusy(true);
    try {
      await act('SUBMIT_FINAL', { conclusion, ...(justification.trim() ? { justification: justification.trim() } : {}) });
      setProblem('eind', undefined);
      onSubmitted('De eindrapportage is ingediend. De opdrachtgever kan nu het advies geven.');
    } catch (caught) {
      const failed = asApiError(caught);
      if (failed.code === 'HIGH_RISK_WITHOUT_MEASURE') {
        setProblem('eind', new ApiError(failed.status, failed.code, failed.message.replace(' (justification)', ''), [
          { field: 'eind.justification', problems: [{ constraint: 'required', message: 'geef een motivering, of kies de conclusie ‘Ernstige risico’s’' }] },
        ]));
      } else if (failed.fields.length) {
        setProblem('eind', new ApiError(failed.status, failed.code, 'Niet alle velden zijn goed ingevuld. Verbeter de punten hieronder.', failed.fields.map((f) => ({ ...f, field: `eind.${f.field}` }))));
      } else setProblem('eind', failed);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Heading level={3} id="eind-form-titel">
        Eindrapportage indienen
      </Heading>
      <Paragraph>Hoor en wederhoor is voorbij. Stel de eindconclusie vast; daarna geeft de opdrachtgever het advies.</Paragraph>
      {bare > 0 && (
        <Paragraph>
          <strong>Let op:</strong> {bare === 1 ? 'er is een hoog risico' : `er zijn ${bare} hoge risico’s`} zonder beheersmaatregel. Kiest u niet voor ‘Ernstige risico’s’, motiveer dan waarom.
        </Paragraph>
      )}
      <ErrorSummary error={error} labels={{ 'eind.conclusion': 'Eindconclusie', 'eind.justification': 'Motivering' }} level={4} />
      <form onSubmit={submit} noValidate className="basisscan-form" aria-labelledby="eind-form-titel">
        <RadioGroup name="eind.conclusion" legend="Eindconclusie" value={conclusion} onChange={setConclusion} options={CONCLUSION_OPTIONS} error={problemFor(error, 'eind.conclusion')} />
        <TextareaField
          name="eind.justification"
          label="Motivering (alleen als dat nodig is)"
          description="Nodig als er een hoog risico zonder beheersmaatregel is en u niet kiest voor ‘Ernstige risico’s’. Minstens 10 tekens."
          rows={4}
          value={justification}
          onChange={setJustification}
          error={problemFor(error, 'eind.justification')}
        />
        <div>
          <Button type="submit" appearance="primary-action-button" disabled={busy} aria-disabled={busy}>
            Eindrapportage indienen
          </Button>
        </div>
      </form>
    </>
  );
}
