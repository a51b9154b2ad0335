import { Button, Heading, Paragraph } from '@utrecht/component-library-react';
import { FormEvent, useEffect, useRef, useState } from 'react';
import { api, API_BASE, ApiError } from '../../api';
import { ErrorSummary, Loadable, Notice, PageTitle, problemFor, SelectField, TextField, useLoad } from '../../components/ui';
import { useSession } from '../../session';

/** The shapes of GET/PUT /organisations/{id}/settings (src/orgs/settings.dto.ts). */
interface Settings {
  id: string;
  name: string;
  kind: string;
  links: { contactUrl: string | null; contactEmail: string | null; privacyStatementUrl: string | null; accessibilityStatementUrl: string | null };
  deadlines: Record<DeadlineKey, number | null>;
  retention: Record<RetentionKey, number | null>;
  vogMaxAgeMonths: number | null;
  screeningBureaus: { bureauId: string; name: string; processingAgreementReference: string | null; agreedOn: string | null }[];
  hasLogo: boolean;
  updatedAt: string | null;
  defaults: { deadlines: Record<DeadlineKey, number>; retention: Record<RetentionKey, number>; vogMaxAgeMonths: number; vogLegalReference: string };
}

type DeadlineKey = 'consentDays' | 'questionnaireDays' | 'wederhoorWorkingDays' | 'vogRequestWorkingDays' | 'vogWarningDaysBeforeAppointment';
type RetentionKey = 'notAppointedDays' | 'withdrawnDays';

const DEADLINES: { key: DeadlineKey; label: string; unit: string }[] = [
  { key: 'consentDays', label: 'Termijn voor de toestemming van de kandidaat', unit: 'dagen na de uitnodiging' },
  { key: 'questionnaireDays', label: 'Termijn voor de vragenlijst', unit: 'dagen na de toestemming' },
  { key: 'wederhoorWorkingDays', label: 'Termijn voor hoor en wederhoor', unit: 'werkdagen na het concept' },
  { key: 'vogRequestWorkingDays', label: 'Herinnering als er nog geen VOG is aangevraagd', unit: 'werkdagen na de opdracht' },
  { key: 'vogWarningDaysBeforeAppointment', label: 'Waarschuwing als er nog geen geldige VOG is', unit: 'dagen vóór de beoogde benoeming' },
];

const RETENTION: { key: RetentionKey; label: string; unit: string }[] = [
  { key: 'notAppointedDays', label: 'Bewaren als de kandidaat niet is benoemd of het dossier is gestopt', unit: 'dagen na afsluiten' },
  { key: 'withdrawnDays', label: 'Bewaren als de kandidaat zich terugtrok of de toestemming introk', unit: 'dagen na afsluiten' },
];

/** Dutch names of the fields, for the error summary. */
const LABELS: Record<string, string> = {
  name: 'Naam',
  'links.contactUrl': 'Contactpagina',
  'links.contactEmail': 'E-mailadres voor vragen',
  'links.privacyStatementUrl': 'Privacyverklaring',
  'links.accessibilityStatementUrl': 'Toegankelijkheidsverklaring',
  vogMaxAgeMonths: 'Maximale leeftijd van de VOG',
  screeningBureaus: 'Screeningsbureaus',
  data: 'Logo',
  ...Object.fromEntries(DEADLINES.map((d) => [`deadlines.${d.key}`, d.label])),
  ...Object.fromEntries(RETENTION.map((r) => [`retention.${r.key}`, r.label])),
};

/** A form keeps text; the service gets null for an empty field (the default) and whole numbers where it asks for them. */
const text = (value: string | number | null) => (value === null ? '' : String(value));
const orNull = (value: string) => (value.trim() === '' ? null : value.trim());
const numberOrNull = (value: string) => (value.trim() === '' ? null : /^\d+$/.test(value.trim()) ? Number(value.trim()) : (value as unknown as number));

export function SettingsPage() {
  const { session } = useSession();
  const organisationId = session?.kind === 'user' ? session.organisation.id : '';
  const loaded = useLoad(() => api.get<Settings>(`/organisations/${organisationId}/settings`), [organisationId]);
  const bureaus = useLoad(() => api.get<{ id: string; name: string }[]>('/screening-bureaus'), []);
  return (
    <>
      <PageTitle title="Instellingen">Instellingen van de organisatie</PageTitle>
      <Loadable loaded={loaded}>{(settings) => <SettingsForm settings={settings} bureauOptions={bureaus.data ?? []} />}</Loadable>
    </>
  );
}

function SettingsForm({ settings, bureauOptions }: { settings: Settings; bureauOptions: { id: string; name: string }[] }) {
  const { refresh } = useSession();
  const [name, setName] = useState(settings.name);
  const [links, setLinks] = useState(() => Object.fromEntries(Object.entries(settings.links).map(([k, v]) => [k, text(v)])) as Record<keyof Settings['links'], string>);
  const [deadlines, setDeadlines] = useState(() => Object.fromEntries(DEADLINES.map((d) => [d.key, text(settings.deadlines[d.key])])) as Record<DeadlineKey, string>);
  const [retention, setRetention] = useState(() => Object.fromEntries(RETENTION.map((r) => [r.key, text(settings.retention[r.key])])) as Record<RetentionKey, string>);
  const [vogMaxAgeMonths, setVogMaxAgeMonths] = useState(text(settings.vogMaxAgeMonths));
  const [rows, setRows] = useState(() => settings.screeningBureaus.map((b) => ({ bureauId: b.bureauId, reference: b.processingAgreementReference ?? '', agreedOn: b.agreedOn ?? '' })));
  const [hasLogo, setHasLogo] = useState(settings.hasLogo);
  const [logoVersion, setLogoVersion] = useState(settings.updatedAt ?? '');
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState<string>();
  const [busy, setBusy] = useState(false);
  const savedRef = useRef<HTMLDivElement>(null);
  const logoInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (saved) savedRef.current?.focus();
  }, [saved]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setSaved(undefined);
    setError(undefined);
    try {
      await api.put(`/organisations/${settings.id}/settings`, {
        name,
        links: Object.fromEntries(Object.entries(links).map(([k, v]) => [k, orNull(v)])),
        deadlines: Object.fromEntries(DEADLINES.map((d) => [d.key, numberOrNull(deadlines[d.key])])),
        retention: Object.fromEntries(RETENTION.map((r) => [r.key, numberOrNull(retention[r.key])])),
        vogMaxAgeMonths: numberOrNull(vogMaxAgeMonths),
        screeningBureaus: rows.map((row) => ({ bureauId: row.bureauId, processingAgreementReference: row.reference.trim(), agreedOn: orNull(row.agreedOn) })),
      });
      setSaved('De instellingen zijn opgeslagen.');
      await refresh();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Opslaan is niet gelukt.'));
    } finally {
      setBusy(false);
    }
  }

  async function uploadLogo(file: File) {
    setSaved(undefined);
    setError(undefined);
    if (!['image/png', 'image/jpeg'].includes(file.type)) {
      setError(new ApiError(422, 'LOGO_INVALID', 'Het logo moet een PNG- of JPEG-bestand zijn.'));
      return;
    }
    const data = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
      reader.readAsDataURL(file);
    });
    try {
      await api.put(`/organisations/${settings.id}/logo`, { mediaType: file.type, data });
      setHasLogo(true);
      setLogoVersion(String(Date.now()));
      setSaved('Het logo is opgeslagen.');
      await refresh();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Het logo opslaan is niet gelukt.'));
    }
  }

  async function removeLogo() {
    setSaved(undefined);
    setError(undefined);
    try {
      await api.delete(`/organisations/${settings.id}/logo`);
      setHasLogo(false);
      setSaved('Het logo is verwijderd.');
      await refresh();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Het logo verwijderen is niet gelukt.'));
    }
  }

  const unused = bureauOptions.filter((option) => !rows.some((row) => row.bureauId === option.id));
  const bureauName = (id: string) => bureauOptions.find((b) => b.id === id)?.name ?? settings.screeningBureaus.find((b) => b.bureauId === id)?.name ?? '';

  return (
    <div className="basisscan-settings">
      <div ref={savedRef} tabIndex={-1} role="status" aria-live="polite">
        {saved && <Notice type="ok"><Paragraph>{saved}</Paragraph></Notice>}
      </div>
      <ErrorSummary error={error} labels={LABELS} />

      <section aria-labelledby="logo-kop">
        <Heading level={2} id="logo-kop">Logo</Heading>
        {hasLogo ? (
          <Paragraph>
            <img src={`${API_BASE}/organisations/${settings.id}/logo?v=${encodeURIComponent(logoVersion)}`} alt={`Logo van ${settings.name}`} style={{ maxBlockSize: '4rem' }} />
          </Paragraph>
        ) : (
          <Paragraph>Er is nog geen logo. Bovenaan elke pagina staat dan alleen de naam.</Paragraph>
        )}
        <input
          ref={logoInput}
          type="file"
          accept="image/png,image/jpeg"
          aria-label="Logo (PNG of JPEG)"
          className="basisscan-visually-hidden"
          tabIndex={-1}
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void uploadLogo(file);
            event.target.value = '';
          }}
        />
        <Paragraph>
          <Button appearance="secondary-action-button" onClick={() => logoInput.current?.click()}>
            {hasLogo ? 'Ander logo kiezen' : 'Logo kiezen'}
          </Button>{' '}
          {hasLogo && (
            <Button appearance="subtle-button" onClick={() => void removeLogo()}>
              Logo verwijderen
            </Button>
          )}
        </Paragraph>
        <Paragraph small>Een PNG- of JPEG-bestand van hoogstens 200 kB.</Paragraph>
      </section>

      <form onSubmit={save} noValidate>
        <fieldset>
          <legend>
            <Heading level={2}>Organisatie</Heading>
          </legend>
          <TextField name="name" label="Naam" description="Zoals die bovenaan elke pagina staat." value={name} onChange={setName} error={problemFor(error, 'name')} required />
        </fieldset>

        <fieldset>
          <legend>
            <Heading level={2}>Links onderaan elke pagina</Heading>
          </legend>
          <TextField name="links.contactUrl" label="Contactpagina" description="Een https-adres, bijvoorbeeld https://www.voorbeeldstad.nl/contact." value={links.contactUrl} onChange={(v) => setLinks({ ...links, contactUrl: v })} error={problemFor(error, 'links.contactUrl')} />
          <TextField name="links.contactEmail" label="E-mailadres voor vragen" type="email" value={links.contactEmail} onChange={(v) => setLinks({ ...links, contactEmail: v })} error={problemFor(error, 'links.contactEmail')} />
          <TextField name="links.privacyStatementUrl" label="Privacyverklaring" description="Een https-adres." value={links.privacyStatementUrl} onChange={(v) => setLinks({ ...links, privacyStatementUrl: v })} error={problemFor(error, 'links.privacyStatementUrl')} />
          <TextField name="links.accessibilityStatementUrl" label="Toegankelijkheidsverklaring" description="Een https-adres." value={links.accessibilityStatementUrl} onChange={(v) => setLinks({ ...links, accessibilityStatementUrl: v })} error={problemFor(error, 'links.accessibilityStatementUrl')} />
        </fieldset>

        <fieldset>
          <legend>
            <Heading level={2}>Termijnen</Heading>
          </legend>
          <Paragraph small>Laat een veld leeg voor de standaardtermijn. Een wijziging geldt voor termijnen die vanaf nu beginnen; lopende termijnen houden hun datum.</Paragraph>
          {DEADLINES.map((d) => (
            <TextField
              key={d.key}
              name={`deadlines.${d.key}`}
              label={d.label}
              description={`In ${d.unit}. Standaard: ${settings.defaults.deadlines[d.key]}.`}
              value={deadlines[d.key]}
              onChange={(v) => setDeadlines({ ...deadlines, [d.key]: v })}
              error={problemFor(error, `deadlines.${d.key}`)}
            />
          ))}
        </fieldset>

        <fieldset>
          <legend>
            <Heading level={2}>Bewaartermijnen</Heading>
          </legend>
          <Paragraph small>Stel deze in zoals uw functionaris gegevensbescherming (FG) heeft besloten. Leeg: de standaard.</Paragraph>
          {RETENTION.map((r) => (
            <TextField
              key={r.key}
              name={`retention.${r.key}`}
              label={r.label}
              description={`In ${r.unit}. Standaard: ${settings.defaults.retention[r.key]}.`}
              value={retention[r.key]}
              onChange={(v) => setRetention({ ...retention, [r.key]: v })}
              error={problemFor(error, `retention.${r.key}`)}
            />
          ))}
        </fieldset>

        <fieldset>
          <legend>
            <Heading level={2}>VOG</Heading>
          </legend>
          <TextField
            name="vogMaxAgeMonths"
            label="Maximale leeftijd van de VOG bij de benoeming"
            description={`In maanden. De wettelijke termijn is ${settings.defaults.vogMaxAgeMonths} maanden; bron: ${settings.defaults.vogLegalReference}. U mag een kortere termijn kiezen, geen langere. Leeg: de wettelijke termijn.`}
            value={vogMaxAgeMonths}
            onChange={setVogMaxAgeMonths}
            error={problemFor(error, 'vogMaxAgeMonths')}
          />
        </fieldset>

        <fieldset>
          <legend>
            <Heading level={2}>Screeningsbureaus</Heading>
          </legend>
          <Paragraph small>
            Alleen screeners van deze bureaus kunt u aanwijzen. Een bureau verwerkt persoonsgegevens voor u: leg het kenmerk van de verwerkersovereenkomst vast (AVG art. 28).
          </Paragraph>
          {rows.length === 0 && <Paragraph>U werkt nu met geen enkel screeningsbureau; alleen screeners van uw eigen organisatie kunnen worden aangewezen.</Paragraph>}
          {rows.map((row, index) => (
            <div className="basisscan-settings__bureau" key={row.bureauId}>
              <Heading level={3}>{bureauName(row.bureauId)}</Heading>
              {!row.reference && <Notice type="warning"><Paragraph>Het kenmerk van de verwerkersovereenkomst ontbreekt nog.</Paragraph></Notice>}
              <TextField
                name={`screeningBureaus.${index}.processingAgreementReference`}
                label="Kenmerk van de verwerkersovereenkomst"
                value={row.reference}
                onChange={(v) => setRows(rows.map((r, i) => (i === index ? { ...r, reference: v } : r)))}
                error={problemFor(error, `screeningBureaus.${index}.processingAgreementReference`)}
                required
              />
              <TextField
                name={`screeningBureaus.${index}.agreedOn`}
                label="Datum van de verwerkersovereenkomst"
                type="date"
                value={row.agreedOn}
                onChange={(v) => setRows(rows.map((r, i) => (i === index ? { ...r, agreedOn: v } : r)))}
                error={problemFor(error, `screeningBureaus.${index}.agreedOn`)}
              />
              <Button appearance="subtle-button" onClick={() => setRows(rows.filter((_, i) => i !== index))}>
                {`${bureauName(row.bureauId)} uit de lijst halen`}
              </Button>
            </div>
          ))}
          {unused.length > 0 && (
            <AddBureau options={unused} onAdd={(bureauId) => setRows([...rows, { bureauId, reference: '', agreedOn: '' }])} />
          )}
        </fieldset>

        <Button type="submit" appearance="primary-action-button" disabled={busy} aria-disabled={busy}>
          Instellingen opslaan
        </Button>
      </form>

      <TermRetention />
      <OwnQuestions organisationId={settings.id} />
    </div>
  );
}

/** GET/PUT /privacy-settings (src/privacy): what the FG decided about keeping the dossier of an appointed wethouder. */
interface PrivacySettings {
  raadTermEndsOn: string | null;
  defaultTermEndsOn: string | null;
  appointedRetentionMonths: number | null;
}

/** The retention after an appointment: to the end of the raad's term, or shorter if the FG decided so. */
function TermRetention() {
  const loaded = useLoad(() => api.get<PrivacySettings>('/privacy-settings'), []);
  return <Loadable loaded={loaded}>{(privacy) => <TermRetentionForm privacy={privacy} />}</Loadable>;
}

function TermRetentionForm({ privacy }: { privacy: PrivacySettings }) {
  const [termEndsOn, setTermEndsOn] = useState(privacy.raadTermEndsOn ?? '');
  const [months, setMonths] = useState(text(privacy.appointedRetentionMonths));
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setSaved(false);
    setError(undefined);
    try {
      await api.put('/privacy-settings', { raadTermEndsOn: orNull(termEndsOn), appointedRetentionMonths: numberOrNull(months) });
      setSaved(true);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Opslaan is niet gelukt.'));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={save} noValidate aria-labelledby="termijn-kop">
      <fieldset>
        <legend>
          <Heading level={2} id="termijn-kop">Bewaren na een benoeming</Heading>
        </legend>
        <Paragraph small>
          Het dossier van een benoemde wethouder wordt vernietigd aan het einde van de zittingsperiode van de raad, of eerder als uw FG dat heeft besloten. Dossiers die al op
          vernietiging wachten, krijgen meteen de nieuwe datum.
        </Paragraph>
        <div role="status" aria-live="polite">{saved && <Notice type="ok"><Paragraph>De bewaartermijn na benoeming is opgeslagen.</Paragraph></Notice>}</div>
        <ErrorSummary error={error} labels={{ raadTermEndsOn: 'Einde van de zittingsperiode', appointedRetentionMonths: 'Korter bewaren na benoeming' }} />
        <TextField
          name="raadTermEndsOn"
          label="Einde van de zittingsperiode van de raad"
          type="date"
          description={`De dag waarop de nieuwe raad begint. Leeg: ${privacy.defaultTermEndsOn ? `de standaard (${privacy.defaultTermEndsOn})` : 'de standaard'}.`}
          value={termEndsOn}
          onChange={setTermEndsOn}
          error={problemFor(error, 'raadTermEndsOn')}
        />
        <TextField
          name="appointedRetentionMonths"
          label="Korter bewaren na benoeming"
          description="In maanden na de benoeming, alleen als uw FG een kortere termijn heeft besloten. Leeg: tot het einde van de zittingsperiode."
          value={months}
          onChange={setMonths}
          error={problemFor(error, 'appointedRetentionMonths')}
        />
      </fieldset>
      <Button type="submit" appearance="secondary-action-button" disabled={busy} aria-disabled={busy}>
        Bewaartermijn na benoeming opslaan
      </Button>
    </form>
  );
}

function AddBureau({ options, onAdd }: { options: { id: string; name: string }[]; onAdd: (bureauId: string) => void }) {
  const [choice, setChoice] = useState('');
  return (
    <div>
      <SelectField name="nieuw-bureau" label="Screeningsbureau toevoegen" value={choice} onChange={setChoice} options={options.map((o) => ({ value: o.id, label: o.name }))} />
      <Button
        appearance="secondary-action-button"
        disabled={!choice}
        onClick={() => {
          onAdd(choice);
          setChoice('');
        }}
      >
        Toevoegen
      </Button>
    </div>
  );
}

/** GET /organisations/{id}/questions (src/orgs/organisation-questions.dto.ts). */
interface OwnQuestion {
  id: string;
  themeId: string;
  themeTitle: string;
  type: 'yes_no' | 'text' | 'date' | 'amount';
  label: string;
  help: string;
  required: boolean;
  explanationOnYes: boolean;
}
interface OwnQuestionsView {
  marking: string;
  themes: { id: string; title: string }[];
  questions: OwnQuestion[];
}

const QUESTION_TYPES: { value: OwnQuestion['type']; label: string }[] = [
  { value: 'yes_no', label: 'Ja of nee' },
  { value: 'text', label: 'Tekst' },
  { value: 'date', label: 'Datum' },
  { value: 'amount', label: 'Bedrag of aantal' },
];

/** The organisation's own questions: added to a theme of the questionnaire, for cases commissioned from now on. */
function OwnQuestions({ organisationId }: { organisationId: string }) {
  const [version, setVersion] = useState(0);
  // Kept here: the list reloads after a change, and the message must outlive the reload.
  const [saved, setSaved] = useState<string>();
  const loaded = useLoad(() => api.get<OwnQuestionsView>(`/organisations/${organisationId}/questions`), [organisationId, version]);
  return (
    <Loadable loaded={loaded}>
      {(view) => <OwnQuestionsForm organisationId={organisationId} view={view} saved={saved} setSaved={setSaved} onChange={() => setVersion((v) => v + 1)} />}
    </Loadable>
  );
}

function OwnQuestionsForm({
  organisationId,
  view,
  saved,
  setSaved,
  onChange,
}: {
  organisationId: string;
  view: OwnQuestionsView;
  saved: string | undefined;
  setSaved: (message: string | undefined) => void;
  onChange: () => void;
}) {
  const [themeId, setThemeId] = useState('');
  const [type, setType] = useState<string>('yes_no');
  const [label, setLabel] = useState('');
  const [help, setHelp] = useState('');
  const [required, setRequired] = useState('ja');
  const [explanationOnYes, setExplanationOnYes] = useState('nee');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  async function add(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setSaved(undefined);
    setError(undefined);
    try {
      await api.post(`/organisations/${organisationId}/questions`, { themeId, type, label, help, required: required === 'ja', explanationOnYes: type === 'yes_no' && explanationOnYes === 'ja' });
      setSaved('De vraag is toegevoegd. Zij geldt voor dossiers die vanaf nu worden aangemaakt.');
      setLabel('');
      setHelp('');
      onChange();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Toevoegen is niet gelukt.'));
    } finally {
      setBusy(false);
    }
  }

  async function remove(question: OwnQuestion) {
    setSaved(undefined);
    setError(undefined);
    try {
      await api.delete(`/organisations/${organisationId}/questions/${question.id}`);
      setSaved('De vraag is verwijderd. Lopende dossiers houden haar.');
      onChange();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Verwijderen is niet gelukt.'));
    }
  }

  return (
    <section aria-labelledby="eigen-vragen-kop">
      <Heading level={2} id="eigen-vragen-kop">Eigen vragen</Heading>
      <Paragraph small>
        Vragen van uw organisatie zelf, bij een thema van de vragenlijst. De kandidaat ziet erbij: &ldquo;{view.marking}&rdquo;. Het antwoord is voor de screener, zoals bij de andere vragen over risico&apos;s. Een nieuwe of
        gewijzigde vraag geldt voor dossiers die vanaf nu worden aangemaakt; lopende dossiers houden de vragen van het begin.
      </Paragraph>
      <div role="status" aria-live="polite">{saved && <Notice type="ok"><Paragraph>{saved}</Paragraph></Notice>}</div>
      <ErrorSummary error={error} labels={{ themeId: 'Thema', type: 'Soort antwoord', label: 'Vraag', help: 'Uitleg', required: 'Verplicht', explanationOnYes: 'Toelichting bij ja' }} />
      {view.questions.length === 0 ? (
        <Paragraph>Uw organisatie heeft nog geen eigen vragen.</Paragraph>
      ) : (
        <ul>
          {view.questions.map((question) => (
            <li key={question.id}>
              <Paragraph>
                <strong>{question.label}</strong> ({question.themeTitle}; {QUESTION_TYPES.find((t) => t.value === question.type)?.label.toLowerCase()}
                {question.required ? '; verplicht' : '; niet verplicht'})
              </Paragraph>
              <Paragraph small>{question.help}</Paragraph>
              <Button appearance="subtle-button" onClick={() => void remove(question)} aria-label={`Vraag verwijderen: ${question.label}`}>
                Verwijderen
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={add} noValidate>
        <fieldset>
          <legend>
            <Heading level={3}>Eigen vraag toevoegen</Heading>
          </legend>
          <SelectField name="themeId" label="Thema" value={themeId} onChange={setThemeId} options={view.themes.map((t) => ({ value: t.id, label: t.title }))} error={problemFor(error, 'themeId')} required />
          <SelectField name="type" label="Soort antwoord" value={type} onChange={setType} options={QUESTION_TYPES} error={problemFor(error, 'type')} required />
          <TextField name="label" label="Vraag" description="Schrijf in eenvoudige taal (B1), als een vraag aan de kandidaat." value={label} onChange={setLabel} error={problemFor(error, 'label')} required />
          <TextField name="help" label="Uitleg" description="Waarom u dit vraagt en wat u bedoelt, in eenvoudige taal." value={help} onChange={setHelp} error={problemFor(error, 'help')} required />
          <SelectField name="required" label="Verplicht" value={required} onChange={setRequired} options={[{ value: 'ja', label: 'Ja' }, { value: 'nee', label: 'Nee' }]} />
          {type === 'yes_no' && (
            <SelectField
              name="explanationOnYes"
              label="Toelichting nodig bij ja"
              value={explanationOnYes}
              onChange={setExplanationOnYes}
              options={[{ value: 'ja', label: 'Ja' }, { value: 'nee', label: 'Nee' }]}
              error={problemFor(error, 'explanationOnYes')}
            />
          )}
        </fieldset>
        <Button type="submit" appearance="secondary-action-button" disabled={busy} aria-disabled={busy}>
          Vraag toevoegen
        </Button>
      </form>
    </section>
  );
}
