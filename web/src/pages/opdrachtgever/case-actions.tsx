import { Alert, Button, Fieldset, FieldsetLegend, FormFieldDescription, FormFieldErrorMessage, FormLabel, Paragraph, RadioButton } from '@utrecht/component-library-react';
import { FormEvent, useState } from 'react';
import { api, ApiError } from '../../api';
import { ErrorAlert, ErrorSummary, fieldId, problemFor, TextareaField, TextField } from '../../components/ui';
import { CONCLUSIONS, today } from '../../format';
import { STOP_REASONS } from './labels';
import { AllowedEvent, CaseView } from './types';

type FieldSpec =
  | { kind: 'date'; name: string; label: string; description?: string; initial?: 'today' }
  | { kind: 'text' | 'email'; name: string; label: string; description?: string; optional?: boolean }
  | { kind: 'textarea'; name: string; label: string; description?: string; optional?: boolean }
  | { kind: 'radio'; name: string; label: string; description?: string; options: { value: string; label: string }[] };

interface EventSpec {
  fields: FieldSpec[];
  /** Shown above the form: what the step means. */
  intro?: string;
  /** A step that ends the case or cannot be undone asks to confirm even without fields. */
  confirm?: boolean;
  /** The submit button's text; "Vastleggen" when not given. */
  submit?: string;
}

const CONCLUSION_OPTIONS = Object.entries(CONCLUSIONS).map(([value, label]) => ({ value, label }));

/** The payload of each event type the opdrachtgever or screener sends (src/cases/event-payloads.ts). */
const SPECS: Record<string, EventSpec> = {
  ASSIGN_SCREENER: {
    fields: [{ kind: 'email', name: 'email', label: 'E-mailadres van de screener', description: 'Het e-mailadres waarmee de screener zich aanmeldt bij deze dienst.' }],
    submit: 'Screener zoeken en toewijzen',
  },
  VOG_REQUESTED: { fields: [{ kind: 'date', name: 'date', label: 'Datum van de VOG-aanvraag', initial: 'today' }], submit: 'Datum van de aanvraag vastleggen' },
  VOG_INTENDED_REFUSAL: { fields: [{ kind: 'date', name: 'date', label: 'Datum van het voornemen tot weigering', initial: 'today' }] },
  VOG_ZIENSWIJZE_SUBMITTED: { fields: [{ kind: 'date', name: 'date', label: 'Datum waarop de zienswijze is ingediend', initial: 'today' }] },
  VOG_REFUSED: { fields: [{ kind: 'date', name: 'date', label: 'Datum van de weigering', initial: 'today' }] },
  VOG_ISSUED: {
    fields: [
      { kind: 'date', name: 'issueDate', label: 'Datum van afgifte', description: 'Zoals vermeld op de VOG. Deze datum kan niet in de toekomst liggen.', initial: 'today' },
      { kind: 'text', name: 'reference', label: 'Kenmerk van de VOG', description: 'Het nummer op de VOG, bijvoorbeeld VOG-2026-000123. Alleen letters, cijfers, spaties, punt, schuine streep en streepje.' },
    ],
  },
  CHANGE_APPOINTMENT_DATE: { fields: [{ kind: 'date', name: 'date', label: 'Nieuwe beoogde benoemingsdatum' }] },
  RECORD_INTERVIEW: {
    intro: 'Leg eerst het verslag van het gesprek vast in het onderzoeksdossier, met dezelfde datum.',
    fields: [
      { kind: 'date', name: 'date', label: 'Datum van het gesprek', initial: 'today' },
      {
        kind: 'radio',
        name: 'allMeasuresAgreed',
        label: 'Heeft de kandidaat in dit gesprek de beheersmaatregelen uit het rapport aanvaard?',
        options: [{ value: 'ja', label: 'Ja, alle beheersmaatregelen' }, { value: 'nee', label: 'Nee, of niet alle' }],
      },
    ],
  },
  RECORD_COUNCIL_INFORMED: { fields: [{ kind: 'date', name: 'date', label: 'Datum waarop de raad is geïnformeerd', initial: 'today' }] },
  RECORD_OUTCOME: {
    intro: 'Leg de uitkomst vast na de stemming. Een benoeming kan alleen als de kandidaat op de datum van het besluit een VOG heeft die niet ouder is dan de wettelijke termijn.',
    fields: [
      { kind: 'radio', name: 'appointed', label: 'Is de kandidaat benoemd?', options: [{ value: 'ja', label: 'Ja, benoemd' }, { value: 'nee', label: 'Nee, niet benoemd' }] },
      { kind: 'date', name: 'date', label: 'Datum van het besluit', initial: 'today' },
    ],
  },
  RECORD_NOT_APPOINTABLE: {
    intro: 'De kandidaat kan niet worden benoemd: de VOG is geweigerd, of op de beoogde benoemingsdatum is er geen geldige VOG. Het dossier wordt afgesloten. Dit kunt u niet terugdraaien.',
    fields: [{ kind: 'date', name: 'date', label: 'Datum', initial: 'today' }],
    submit: 'Ja, niet benoembaar vastleggen',
  },
  RECORD_OPDRACHTGEVER_CONVERSATION: {
    intro: 'Uw eigen gesprek met de kandidaat, vaak vóór het advies om de beheersmaatregelen af te spreken.',
    fields: [
      { kind: 'date', name: 'date', label: 'Datum van het gesprek', initial: 'today' },
      {
        kind: 'radio',
        name: 'allMeasuresAgreed',
        label: 'Heeft de kandidaat in dit gesprek de beheersmaatregelen uit het rapport aanvaard?',
        options: [{ value: 'ja', label: 'Ja, alle beheersmaatregelen' }, { value: 'nee', label: 'Nee, of niet alle' }],
      },
    ],
  },
  GIVE_ADVICE: {
    fields: [
      { kind: 'radio', name: 'conclusion', label: 'Uw advies', options: CONCLUSION_OPTIONS },
      {
        kind: 'textarea',
        name: 'deviationReason',
        label: 'Reden van afwijken (als het advies afwijkt van de conclusie van de screener)',
        description: 'Alleen nodig als uw advies anders is dan de conclusie van de screener. Minstens 10 tekens.',
        optional: true,
      },
    ],
    submit: 'Advies vastleggen',
  },
  SUBMIT_FINAL: {
    fields: [
      { kind: 'radio', name: 'conclusion', label: 'Conclusie van de eindrapportage', options: CONCLUSION_OPTIONS },
      {
        kind: 'textarea',
        name: 'justification',
        label: 'Motivering (bij een hoog risico zonder beheersmaatregel)',
        description: 'Alleen nodig als er een hoog risico zonder beheersmaatregel is en de conclusie niet "Ernstige risico’s" is. Minstens 10 tekens.',
        optional: true,
      },
    ],
    submit: 'Eindrapportage indienen bij de opdrachtgever',
  },
  REQUEST_FURTHER_INVESTIGATION: {
    intro: 'De kandidaat ziet wat u aanvullend laat onderzoeken en moet daarmee eerst instemmen. Daarna gaat het dossier terug naar de screener; gesprek, conceptrapportage, hoor en wederhoor en eindrapportage worden opnieuw gedaan.',
    fields: [{ kind: 'textarea', name: 'scope', label: 'Wat moet er aanvullend worden onderzocht?', description: 'Minstens 10 tekens.' }],
  },
  STOP_CASE: {
    intro: 'Het onderzoek stopt en het dossier wordt afgesloten. Dit kunt u niet terugdraaien.',
    fields: [
      { kind: 'radio', name: 'reason', label: 'Reden', options: Object.entries(STOP_REASONS).map(([value, label]) => ({ value, label })) },
      { kind: 'textarea', name: 'explanation', label: 'Toelichting', optional: true },
    ],
    submit: 'Ja, onderzoek stoppen',
  },
  WITHDRAW_CANDIDACY: { intro: 'De kandidaat trekt zich terug. Het dossier wordt afgesloten. Dit kunt u niet terugdraaien.', fields: [], confirm: true, submit: 'Ja, kandidatuur intrekken' },
};

/** Turns the form's text values into the event's payload. */
function payloadOf(type: string, values: Record<string, string>): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const field of SPECS[type]?.fields ?? []) {
    const value = (values[field.name] ?? '').trim();
    if (value === '' && 'optional' in field && field.optional) continue;
    const yesNo = (type === 'RECORD_OUTCOME' && field.name === 'appointed') || field.name === 'allMeasuresAgreed';
    payload[field.name] = yesNo ? (value === 'ja' ? true : value === 'nee' ? false : value) : value;
  }
  return payload;
}

const asApiError = (caught: unknown) => (caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Er ging iets mis.'));

/** The events the machine allows the signed-in person right now, each with the form its payload needs. */
export function CaseActions({ view, onDone, onStale }: { view: CaseView; onDone: (message: string) => Promise<void>; onStale: () => Promise<void> }) {
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  async function send(event: AllowedEvent, payload: Record<string, unknown>, done?: string) {
    await api.post<CaseView>(`/cases/${view.id}/events`, { type: event.type, expectedVersion: view.version, ...payload });
    setOpen(null);
    setError(undefined);
    await onDone(done ?? `Vastgelegd: ${event.description}.`);
  }

  async function direct(event: AllowedEvent) {
    setBusy(true);
    try {
      await send(event, {});
    } catch (caught) {
      const failure = asApiError(caught);
      setError(failure);
      if (failure.status === 409) await onStale();
    } finally {
      setBusy(false);
    }
  }

  if (view.allowedEvents.length === 0) {
    return <Paragraph>Er is nu niets dat u in dit dossier kunt doen.</Paragraph>;
  }
  const current = view.allowedEvents.find((e) => e.type === open);
  return (
    <>
      {error && !current && <ErrorAlert error={error} />}
      <ul className="basisscan-event-list">
        {view.allowedEvents.map((event) => {
          const spec = SPECS[event.type];
          const needsForm = !!spec && (spec.fields.length > 0 || spec.confirm);
          return (
            <li key={event.type}>
              {needsForm ? (
                <Button
                  appearance={open === event.type ? 'primary-action-button' : 'secondary-action-button'}
                  aria-expanded={open === event.type}
                  aria-controls="handeling-formulier"
                  onClick={() => {
                    setError(undefined);
                    setOpen(open === event.type ? null : event.type);
                  }}
                >
                  {event.description}
                </Button>
              ) : (
                <Button appearance="secondary-action-button" disabled={busy} aria-disabled={busy} onClick={() => void direct(event)}>
                  {event.description}
                </Button>
              )}
            </li>
          );
        })}
      </ul>
      <div id="handeling-formulier">
        {current && (
          <EventForm
            key={current.type}
            event={current}
            spec={SPECS[current.type]}
            error={error}
            onCancel={() => {
              setOpen(null);
              setError(undefined);
            }}
            onSubmit={async (values) => {
              try {
                if (current.type === 'ASSIGN_SCREENER') {
                  const screener = await lookUpScreener(values.email ?? '');
                  await send(current, { screenerId: screener.id }, `De screener is toegewezen: ${screener.name} (${screener.organisation}).`);
                } else {
                  await send(current, payloadOf(current.type, values));
                }
              } catch (caught) {
                const failure = asApiError(caught);
                setError(failure);
                if (failure.status === 409) await onStale();
              }
            }}
          />
        )}
      </div>
    </>
  );
}

async function lookUpScreener(email: string): Promise<{ id: string; name: string; organisation: string }> {
  const address = email.trim();
  if (!address) {
    throw new ApiError(400, 'VALIDATION_FAILED', 'Geef het e-mailadres van de screener.', [{ field: 'email', problems: [{ constraint: 'isDefined', message: 'is verplicht' }] }]);
  }
  try {
    return await api.get(`/screeners?email=${encodeURIComponent(address)}`);
  } catch (caught) {
    if (caught instanceof ApiError && caught.status === 404) {
      throw new ApiError(404, caught.code, 'Er is geen screener met dit e-mailadres.', [
        { field: 'email', problems: [{ constraint: 'exists', message: 'er is geen screener met dit e-mailadres' }] },
      ]);
    }
    throw caught;
  }
}

function EventForm({
  event,
  spec,
  error,
  onSubmit,
  onCancel,
}: {
  event: AllowedEvent;
  spec: EventSpec;
  error: ApiError | undefined;
  onSubmit: (values: Record<string, string>) => Promise<void>;
  onCancel: () => void;
}) {
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(spec.fields.map((field) => [field.name, field.kind === 'date' && field.initial === 'today' ? today() : ''])),
  );
  const [busy, setBusy] = useState(false);
  const set = (name: string) => (value: string) => setValues((old) => ({ ...old, [name]: value }));
  const labels = Object.fromEntries(spec.fields.map((field) => [field.name, field.label]));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      await onSubmit(values);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="basisscan-card" aria-labelledby="handeling-titel">
      {/* Not a heading: the error summary below brings its own h2, and headings stay in order. */}
      <Paragraph id="handeling-titel" className="basisscan-card__title">
        {event.description}
      </Paragraph>
      {spec.intro && <Paragraph>{spec.intro}</Paragraph>}
      <ErrorSummary error={error} labels={labels} />
      <form onSubmit={submit} noValidate className="basisscan-form">
        {spec.fields.map((field) => {
          const problem = problemFor(error, field.name);
          if (field.kind === 'radio') return <RadioGroup key={field.name} field={field} value={values[field.name]} onChange={set(field.name)} error={problem} />;
          if (field.kind === 'textarea') {
            return (
              <TextareaField
                key={field.name}
                name={field.name}
                label={field.label}
                description={field.description}
                value={values[field.name]}
                onChange={set(field.name)}
                error={problem}
                required={!field.optional}
                rows={4}
              />
            );
          }
          return (
            <TextField
              key={field.name}
              name={field.name}
              label={field.label}
              description={field.description}
              type={field.kind}
              autoComplete="off"
              value={values[field.name]}
              onChange={set(field.name)}
              error={problem}
              required={!('optional' in field && field.optional)}
            />
          );
        })}
        <div className="basisscan-event-list">
          <Button type="submit" appearance="primary-action-button" disabled={busy} aria-disabled={busy}>
            {spec.submit ?? 'Vastleggen'}
          </Button>
          <Button type="button" appearance="subtle-button" onClick={onCancel}>
            Annuleren
          </Button>
        </div>
      </form>
    </section>
  );
}

function RadioGroup({
  field,
  value,
  onChange,
  error,
}: {
  field: Extract<FieldSpec, { kind: 'radio' }>;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}) {
  const id = fieldId(field.name);
  const described = [field.description ? `${id}-uitleg` : '', error ? `${id}-fout` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <Fieldset invalid={!!error} aria-describedby={described}>
      <FieldsetLegend>{field.label}</FieldsetLegend>
      {field.description && <FormFieldDescription id={`${id}-uitleg`}>{field.description}</FormFieldDescription>}
      {error && <FormFieldErrorMessage id={`${id}-fout`}>{error}</FormFieldErrorMessage>}
      {field.options.map((option, index) => {
        const optionId = index === 0 ? id : `${id}-${option.value}`;
        return (
          <div key={option.value} className="basisscan-radio">
            <RadioButton id={optionId} name={field.name} value={option.value} checked={value === option.value} invalid={!!error} onChange={() => onChange(option.value)} />
            <FormLabel htmlFor={optionId} type="radio" checked={value === option.value}>
              {option.label}
            </FormLabel>
          </div>
        );
      })}
    </Fieldset>
  );
}

/** Kept apart so the page can show why a positive advice is not possible yet. */
export function AdviceBlockers({ view }: { view: CaseView }) {
  const blockers = view.guide.positiveAdviceBlockers;
  if (blockers.length === 0) return null;
  return (
    <Alert type="info" role="note">
      <Paragraph>Een positief advies is nu nog niet mogelijk, omdat:</Paragraph>
      <ul>
        {blockers.map((b) => (
          <li key={b.code}>{b.description}</li>
        ))}
      </ul>
    </Alert>
  );
}
