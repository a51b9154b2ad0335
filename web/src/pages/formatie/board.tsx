import { Button, Heading, Paragraph } from '@utrecht/component-library-react';
import { FormEvent, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { api, ApiError, saveBlob } from '../../api';
import { ErrorSummary, Loadable, Notice, PageTitle, problemFor, SelectField, TextField, useLoad } from '../../components/ui';
import { dateNl } from '../../format';
import { Board, BoardRow, Formation } from './types';
import './formatie.css';

const ATTENTION: Record<BoardRow['attention']['rank'], string> = { 0: 'Nu handelen', 1: 'Binnenkort', 2: 'Loopt', 3: 'Afgesloten' };
const LIGHT: Record<BoardRow['vog']['light'], string> = { groen: 'groen', oranje: 'oranje', rood: 'rood', grijs: 'grijs' };

/** One candidate of the board: who, where the case is, who acts, what comes next, and the lights. */
function CandidateCard({ row }: { row: BoardRow }) {
  const title = row.name ?? row.reference;
  return (
    <li className="basisscan-board__card" data-attention={row.attention.rank}>
      <article aria-labelledby={`kandidaat-${row.caseId}`}>
        <Heading level={3} id={`kandidaat-${row.caseId}`} className="basisscan-board__name">
          <Link to={`/zaken/${row.caseId}`} className="utrecht-link">
            {title}
          </Link>
        </Heading>
        <Paragraph className="basisscan-board__office">
          {row.officeTitle}
          {row.portfolio ? ` · ${row.portfolio}` : ''}
          {row.fractie ? ` · ${row.fractie}` : ''}
        </Paragraph>
        <Paragraph className="basisscan-board__attention" data-rank={row.attention.rank}>
          <strong>{ATTENTION[row.attention.rank]}</strong>
          {row.attention.reasons.length > 0 && `: ${row.attention.reasons.join('; ')}`}
        </Paragraph>
        <dl className="basisscan-board__facts">
          <dt>Fase</dt>
          <dd>{row.outcome ? `${row.phaseTitle}: ${row.outcome.description}` : row.phaseTitle}</dd>
          <dt>Aan zet</dt>
          <dd>{row.waitingFor ?? '—'}</dd>
          <dt>Volgende termijn</dt>
          <dd>{row.nextDeadline ? `${row.nextDeadline.description}: ${dateNl(row.nextDeadline.dueAt)}${row.nextDeadline.overdue ? ' (verstreken)' : ''}` : '—'}</dd>
          <dt>VOG</dt>
          <dd>
            <span className="basisscan-light" data-light={row.vog.light} aria-hidden="true" />
            <span className="basisscan-visually-hidden">Lamp {LIGHT[row.vog.light]}: </span>
            {row.vog.description}
          </dd>
          <dt>Benoembaarheid</dt>
          <dd>{row.benoembaarheid.description}</dd>
          <dt>Advies</dt>
          <dd>{row.advice.description}</dd>
          <dt>Open maatregelen</dt>
          <dd>{row.openMeasures ?? '—'}</dd>
          <dt>Planning</dt>
          <dd>
            {!row.plan
              ? '—'
              : row.plan.slipping
                ? `Schuift: ${row.plan.slipping.title} (uiterlijk ${dateNl(row.plan.slipping.latest)}, op zijn vroegst ${dateNl(row.plan.slipping.earliest)})`
                : 'Op schema'}
          </dd>
          <dt>Eigen screening partij</dt>
          <dd>{row.partyScreening.done === null ? 'Onbekend' : row.partyScreening.done ? `Ja${row.partyScreening.date ? `, ${dateNl(row.partyScreening.date)}` : ''}` : 'Nee'}</dd>
        </dl>
        <Paragraph className="basisscan-muted">Dossier {row.reference}</Paragraph>
      </article>
    </li>
  );
}

interface CandidateFields {
  name: string;
  email: string;
  portfolio: string;
  fractie: string;
  fvName: string;
  fvEmail: string;
  screening: '' | 'ja' | 'nee';
  screeningDate: string;
}
const EMPTY: CandidateFields = { name: '', email: '', portfolio: '', fractie: '', fvName: '', fvEmail: '', screening: '', screeningDate: '' };

const CANDIDATE_LABELS: Record<string, string> = {
  name: 'Naam',
  email: 'E-mailadres',
  portfolio: 'Portefeuille (voor zover bekend)',
  fractie: 'Voordragende fractie',
  'fractievoorzitter.name': 'Naam van de fractievoorzitter',
  'fractievoorzitter.email': 'E-mailadres van de fractievoorzitter',
  'partyScreening.done': 'Heeft de partij zelf gescreend?',
  'partyScreening.date': 'Datum van die screening',
  office: 'Functie',
};

/** Labels for the error summary: `candidates.1.email` → "Kandidaat 2: E-mailadres". */
function labelsFor(count: number): Record<string, string> {
  const labels: Record<string, string> = { installationDate: 'Installatiedatum', candidates: 'Kandidaten' };
  for (let i = 0; i < count; i++) for (const [key, label] of Object.entries(CANDIDATE_LABELS)) labels[`candidates.${i}.${key}`] = `Kandidaat ${i + 1}: ${label}`;
  return labels;
}

/** Several candidates at once: one block of fields per candidate, all saved or none. */
function AddCandidates({ formation, onAdded }: { formation: Formation; onAdded: (count: number) => void }) {
  const [rows, setRows] = useState<CandidateFields[]>([{ ...EMPTY }]);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const set = (i: number, key: keyof CandidateFields) => (value: string) => setRows((all) => all.map((r, j) => (j === i ? { ...r, [key]: value } : r)));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const candidates = rows.map((r) => ({
        name: r.name,
        email: r.email,
        fractie: r.fractie,
        ...(r.portfolio ? { portfolio: r.portfolio } : {}),
        ...(r.fvName || r.fvEmail ? { fractievoorzitter: { name: r.fvName, email: r.fvEmail } } : {}),
        ...(r.screening ? { partyScreening: { done: r.screening === 'ja', ...(r.screeningDate ? { date: r.screeningDate } : {}) } } : {}),
      }));
      await api.post('/formations/' + formation.id + '/candidates', { candidates });
      setRows([{ ...EMPTY }]);
      setError(undefined);
      onAdded(candidates.length);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Het toevoegen is niet gelukt.'));
    } finally {
      setBusy(false);
    }
  }

  const parties = formation.coalitionParties.map((p) => ({ value: p, label: p }));
  return (
    <section aria-labelledby="kandidaten-toevoegen">
      <Heading level={2} id="kandidaten-toevoegen">
        Kandidaten toevoegen
      </Heading>
      <Paragraph>Elke kandidaat krijgt een eigen dossier met de installatiedatum als beoogde benoemingsdatum. De kandidaten krijgen pas bericht als u ze uitnodigt.</Paragraph>
      <ErrorSummary error={error} labels={labelsFor(rows.length)} />
      <form onSubmit={submit} noValidate className="basisscan-form">
        {rows.map((r, i) => {
          const f = (key: string) => `candidates.${i}.${key}`;
          return (
            <fieldset key={i} className="basisscan-board__fieldset">
              <legend>Kandidaat {i + 1}</legend>
              <TextField name={f('name')} label={CANDIDATE_LABELS.name} autoComplete="off" value={r.name} onChange={set(i, 'name')} error={problemFor(error, f('name'))} required />
              <TextField name={f('email')} label={CANDIDATE_LABELS.email} type="email" autoComplete="off" value={r.email} onChange={set(i, 'email')} error={problemFor(error, f('email'))} required />
              <TextField name={f('portfolio')} label={CANDIDATE_LABELS.portfolio} value={r.portfolio} onChange={set(i, 'portfolio')} error={problemFor(error, f('portfolio'))} />
              {parties.length > 0 ? (
                <SelectField name={f('fractie')} label={CANDIDATE_LABELS.fractie} value={r.fractie} onChange={set(i, 'fractie')} options={parties} error={problemFor(error, f('fractie'))} required />
              ) : (
                <TextField name={f('fractie')} label={CANDIDATE_LABELS.fractie} value={r.fractie} onChange={set(i, 'fractie')} error={problemFor(error, f('fractie'))} required />
              )}
              <TextField name={f('fractievoorzitter.name')} label={CANDIDATE_LABELS['fractievoorzitter.name']} autoComplete="off" value={r.fvName} onChange={set(i, 'fvName')} error={problemFor(error, f('fractievoorzitter.name'))} />
              <TextField name={f('fractievoorzitter.email')} label={CANDIDATE_LABELS['fractievoorzitter.email']} type="email" autoComplete="off" value={r.fvEmail} onChange={set(i, 'fvEmail')} error={problemFor(error, f('fractievoorzitter.email'))} />
              <SelectField
                name={f('partyScreening.done')}
                label={CANDIDATE_LABELS['partyScreening.done']}
                description="Alleen ja of nee en de datum; niets van de inhoud. Leeg laten als het onbekend is."
                value={r.screening}
                onChange={set(i, 'screening')}
                options={[{ value: 'ja', label: 'Ja' }, { value: 'nee', label: 'Nee' }]}
                error={problemFor(error, f('partyScreening.done'))}
              />
              {r.screening === 'ja' && (
                <TextField name={f('partyScreening.date')} label={CANDIDATE_LABELS['partyScreening.date']} type="date" value={r.screeningDate} onChange={set(i, 'screeningDate')} error={problemFor(error, f('partyScreening.date'))} />
              )}
            </fieldset>
          );
        })}
        <div className="basisscan-board__buttons">
          <Button type="button" appearance="secondary-action-button" onClick={() => setRows((all) => [...all, { ...EMPTY }])}>
            Nog een kandidaat
          </Button>
          {rows.length > 1 && (
            <Button type="button" appearance="subtle-button" onClick={() => setRows((all) => all.slice(0, -1))}>
              Laatste kandidaat weghalen
            </Button>
          )}
          <Button type="submit" appearance="primary-action-button" disabled={busy} aria-disabled={busy}>
            {rows.length === 1 ? 'Kandidaat toevoegen' : `${rows.length} kandidaten toevoegen`}
          </Button>
        </div>
      </form>
    </section>
  );
}

/** A new installation date: every open case of the formation moves with it. */
function MoveInstallation({ formation, onMoved }: { formation: Formation; onMoved: (text: string) => void }) {
  const [date, setDate] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const result = await api.patch<Formation & { installationDateMove?: { moved: string[] } }>(`/formations/${formation.id}`, { expectedVersion: formation.version, installationDate: date });
      const moved = result.installationDateMove?.moved.length ?? 0;
      setError(undefined);
      setDate('');
      onMoved(`De installatiedatum is nu ${dateNl(result.installationDate)}. ${moved === 1 ? 'Eén lopend dossier is' : `${moved} lopende dossiers zijn`} meeverschoven.`);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Het verschuiven is niet gelukt.'));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="installatie-verschuiven">
      <Heading level={2} id="installatie-verschuiven">
        Installatiedatum verschuiven
      </Heading>
      <ErrorSummary error={error} labels={{ installationDate: 'Nieuwe installatiedatum' }} />
      <form onSubmit={submit} noValidate className="basisscan-form">
        <TextField
          name="installationDate"
          label="Nieuwe installatiedatum"
          type="date"
          description="De beoogde benoemingsdatum van elk lopend dossier verschuift mee; de termijnen en de VOG-controle volgen de nieuwe datum."
          value={date}
          onChange={setDate}
          error={problemFor(error, 'installationDate')}
          required
        />
        <Button type="submit" appearance="secondary-action-button" disabled={busy} aria-disabled={busy}>
          Datum verschuiven
        </Button>
      </form>
    </section>
  );
}

/** The board of a formation: every candidate on one page, what needs attention first. Works on a phone. */
export function FormationBoardPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const [status, setStatus] = useState<string | undefined>(() => (location.state as { status?: string } | null)?.status);
  const formation = useLoad(() => api.get<Formation>(`/formations/${id}`), [id]);
  const board = useLoad(() => api.get<Board>(`/formations/${id}/board`), [id]);
  const reload = async (text: string) => {
    setStatus(text);
    await Promise.all([formation.reload(), board.reload()]);
  };

  return (
    <Loadable loaded={formation}>
      {(f) => (
        <>
          <PageTitle title={f.name}>{f.name}</PageTitle>
          {status && (
            <Notice type="ok">
              <Paragraph>{status}</Paragraph>
            </Notice>
          )}
          <dl className="basisscan-case-facts">
            <dt>Installatie</dt>
            <dd>{dateNl(f.installationDate)}</dd>
            <dt>Verkiezingen</dt>
            <dd>{dateNl(f.electionDate)}</dd>
            <dt>Coalitie</dt>
            <dd>{f.coalitionParties.join(', ') || '—'}</dd>
            <dt>Formateur</dt>
            <dd>{f.formateur ? `${f.formateur.name} (${f.formateur.email})` : '—'}</dd>
          </dl>
          <section aria-labelledby="kandidaten">
            <Heading level={2} id="kandidaten">
              Kandidaten
            </Heading>
            <Loadable loaded={board}>
              {(b) =>
                b.rows.length === 0 ? (
                  <Paragraph>Er zijn nog geen kandidaten.</Paragraph>
                ) : (
                  <>
                    <Paragraph className="basisscan-muted">Wat aandacht vraagt staat bovenaan.</Paragraph>
                    <ol className="basisscan-board">
                      {b.rows.map((row) => (
                        <CandidateCard key={row.caseId} row={row} />
                      ))}
                    </ol>
                  </>
                )
              }
            </Loadable>
          </section>
          <Loadable loaded={board}>
            {(b) => (
              <section aria-labelledby="planning">
                <Heading level={2} id="planning">
                  Planning terug vanaf de installatie
                </Heading>
                <Paragraph>Uiterlijk op deze dagen moet elke stap gedaan zijn om op {dateNl(f.installationDate)} te kunnen benoemen.</Paragraph>
                <ol className="basisscan-plan">
                  {b.plan.map((step) => (
                    <li key={step.step}>
                      <span className="basisscan-plan__date">{dateNl(step.latest)}</span> {step.title}
                    </li>
                  ))}
                </ol>
                <Button
                  appearance="secondary-action-button"
                  onClick={async () => saveBlob(await api.blob(`/formations/${f.id}/calendar`), 'formatie.ics')}
                >
                  Mijlpalen in uw agenda (iCalendar)
                </Button>
              </section>
            )}
          </Loadable>
          <AddCandidates formation={f} onAdded={(n) => void reload(n === 1 ? 'De kandidaat is toegevoegd.' : `${n} kandidaten zijn toegevoegd.`)} />
          <MoveInstallation formation={f} onMoved={(text) => void reload(text)} />
        </>
      )}
    </Loadable>
  );
}
