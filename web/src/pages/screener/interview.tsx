import { Button, Fieldset, FieldsetLegend, FormFieldDescription, Heading, Paragraph } from '@utrecht/component-library-react';
import { FormEvent, useRef, useState } from 'react';
import { api } from '../../api';
import { ErrorSummary, problemFor, TextareaField, TextField } from '../../components/ui';
import { dateNl, today } from '../../format';
import { EventButton } from './events';
import { THEMES } from './labels';
import { Interview, missingFields, StatusMessage, useChange, useFile } from './shared';

/** The theme's title: from the candidate's questionnaire when it is there, else our own label. */
export function useThemeTitle(): (theme: string) => string {
  const { questionnaire } = useFile();
  return (theme) => questionnaire?.themes.find((t) => t.id === theme)?.title ?? THEMES[theme] ?? theme;
}

/** Gesprek: the record of the conversation with the candidate, a summary per theme. */
export function InterviewSection() {
  const { file, editable } = useFile();
  const title = useThemeTitle();
  const interview = file.interview;
  return (
    <section aria-labelledby="gesprek-titel" className="screener-section">
      <Heading level={2} id="gesprek-titel">
        Gesprek
      </Heading>
      {interview ? (
        <div className="basisscan-card">
          <Heading level={3}>Verslag van {dateNl(interview.heldOn)}</Heading>
          <dl className="screener-dl">
            <dt>Deelnemers</dt>
            <dd>{interview.participants.join(', ')}</dd>
            {interview.summaries.map((s) => (
              <div key={s.theme}>
                <dt>{title(s.theme)}</dt>
                <dd className="screener-pre">{s.summary}</dd>
              </div>
            ))}
          </dl>
        </div>
      ) : (
        <Paragraph>Er is nog geen verslag van het gesprek vastgelegd.</Paragraph>
      )}
      {editable && <InterviewForm interview={interview} />}
      <EventButton
        type="RECORD_INTERVIEW"
        label="Gesprek vastleggen"
        done="Het gesprek is vastgelegd. De volgende stap is de conceptrapportage."
        payload={() => ({ date: interview?.heldOn })}
      >
        <Paragraph>
          {interview
            ? `Leg vast dat het gesprek op ${dateNl(interview.heldOn)} is gevoerd; daarna volgt de conceptrapportage.`
            : 'Sla eerst het verslag van het gesprek op; daarna kunt u het gesprek vastleggen.'}
        </Paragraph>
      </EventButton>
    </section>
  );
}

function InterviewForm({ interview }: { interview: Interview | null }) {
  const { caseId } = useFile();
  const title = useThemeTitle();
  const [heldOn, setHeldOn] = useState(interview?.heldOn ?? today());
  const [participants, setParticipants] = useState((interview?.participants ?? ['screener', 'kandidaat']).join('\n'));
  const [summaries, setSummaries] = useState<Record<string, string>>(Object.fromEntries((interview?.summaries ?? []).map((s) => [s.theme, s.summary])));
  const themes = Object.keys(THEMES);
  // The themes in the order they were sent, so a problem with summaries.N names its theme.
  const order = useRef<string[]>([]);
  const change = useChange('gesprek', (field) => {
    const [name, index] = field.split('.');
    const theme = name === 'summaries' && index !== undefined ? order.current[Number(index)] : undefined;
    if (theme) return `gesprek.samenvatting.${theme}`;
    return `gesprek.${name}`;
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    const people = participants.split('\n').map((p) => p.trim()).filter(Boolean);
    const missing = missingFields({ 'gesprek.heldOn': heldOn, 'gesprek.participants': people.join('') });
    if (missing) return change.refuse(missing);
    order.current = themes.filter((theme) => summaries[theme]?.trim());
    await change.run(
      () => api.put(`/cases/${caseId}/interview`, { heldOn, participants: people, summaries: order.current.map((theme) => ({ theme, summary: summaries[theme].trim() })) }),
      'Het verslag van het gesprek is opgeslagen.',
    );
  }

  const error = change.error;
  const labels: Record<string, string> = { 'gesprek.heldOn': 'Datum van het gesprek', 'gesprek.participants': 'Deelnemers' };
  for (const theme of themes) labels[`gesprek.samenvatting.${theme}`] = `Samenvatting ${title(theme)}`;
  return (
    <>
      <Heading level={3} id="gesprek-form-titel">
        {interview ? 'Verslag wijzigen' : 'Verslag opslaan'}
      </Heading>
      <ErrorSummary error={error} labels={labels} level={4} />
      <form onSubmit={submit} noValidate className="basisscan-form" aria-labelledby="gesprek-form-titel">
        <TextField name="gesprek.heldOn" label="Datum van het gesprek" type="date" value={heldOn} onChange={setHeldOn} error={problemFor(error, 'gesprek.heldOn')} required />
        <TextareaField
          name="gesprek.participants"
          label="Deelnemers"
          description="Eén deelnemer per regel, bijvoorbeeld: screener, kandidaat, burgemeester."
          rows={3}
          value={participants}
          onChange={setParticipants}
          error={problemFor(error, 'gesprek.participants')}
          required
        />
        <Fieldset aria-describedby="gesprek-thema-uitleg">
          <FieldsetLegend>Samenvatting per thema</FieldsetLegend>
          <FormFieldDescription id="gesprek-thema-uitleg">Vul alleen de thema’s in die in het gesprek aan bod kwamen.</FormFieldDescription>
          {themes.map((theme) => (
            <TextareaField
              key={theme}
              name={`gesprek.samenvatting.${theme}`}
              label={title(theme)}
              rows={3}
              value={summaries[theme] ?? ''}
              onChange={(value) => setSummaries((current) => ({ ...current, [theme]: value }))}
              error={problemFor(error, `gesprek.samenvatting.${theme}`)}
            />
          ))}
        </Fieldset>
        <div>
          <Button type="submit" appearance="primary-action-button" disabled={change.busy} aria-disabled={change.busy}>
            Verslag opslaan
          </Button>
        </div>
        <StatusMessage message={change.status} />
      </form>
    </>
  );
}
