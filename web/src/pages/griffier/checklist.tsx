import { Button, Heading, Paragraph } from '@utrecht/component-library-react';
import { FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../../api';
import { ErrorSummary, Loadable, Notice, PageTitle, problemFor, SelectField, TextareaField, useLoad } from '../../components/ui';
import { dateNl, dateTimeNl } from '../../format';
import { FormationSummary } from '../formatie/types';
import { Benoembaarheid, CheckStatus, FormationBenoembaarheid, RequirementCheck } from './types';
import '../formatie/formatie.css';

const STATUS: Record<CheckStatus, string> = { voldaan: 'Voldaan', open: 'Open', niet_voldaan: 'Niet voldaan' };
const STATUS_OPTIONS = (Object.keys(STATUS) as CheckStatus[]).map((value) => ({ value, label: STATUS[value] }));

/** The griffier's start: the formations of the organisation. */
export function GriffieFormationsPage() {
  const formations = useLoad(() => api.get<FormationSummary[]>('/formations'), []);
  return (
    <>
      <PageTitle title="Benoembaarheid">Benoembaarheid</PageTitle>
      <Paragraph>Per formatie controleert u voor elke kandidaat de wettelijke vereisten voor de benoeming, ter voorbereiding van het advies van de commissie aan de raad.</Paragraph>
      <Loadable loaded={formations}>
        {(list) =>
          list.length === 0 ? (
            <Paragraph>Er zijn nog geen formaties.</Paragraph>
          ) : (
            <ul className="basisscan-formation-list">
              {list.map((f) => (
                <li key={f.id}>
                  <Link to={`/griffie/${f.id}`} className="utrecht-link">
                    {f.name}
                  </Link>{' '}
                  <span className="basisscan-muted">installatie {dateNl(f.installationDate)} · {f.caseCount} {f.caseCount === 1 ? 'kandidaat' : 'kandidaten'}</span>
                </li>
              ))}
            </ul>
          )
        }
      </Loadable>
    </>
  );
}

/** One requirement: its status and the griffier's note, saved on their own. */
function RequirementForm({ candidate, requirement, onSaved }: { candidate: Benoembaarheid; requirement: RequirementCheck; onSaved: (text: string) => void }) {
  const [status, setStatus] = useState<string>(requirement.status);
  const [note, setNote] = useState(requirement.note ?? '');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const prefix = `${candidate.caseId}-${requirement.code}`;
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      await api.put(`/cases/${candidate.caseId}/benoembaarheid/${requirement.code}`, { status, ...(note.trim() ? { note } : {}) });
      setError(undefined);
      onSaved(`Vastgelegd voor ${candidate.name ?? candidate.reference}: ${STATUS[status as CheckStatus].toLowerCase()}.`);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Het vastleggen is niet gelukt.'));
    } finally {
      setBusy(false);
    }
  }
  const labels = { [`${prefix}-status`]: 'Status', [`${prefix}-note`]: 'Notitie', status: 'Status', note: 'Notitie' };
  return (
    <form onSubmit={submit} noValidate className="basisscan-form">
      <ErrorSummary error={error} labels={labels} level={4} />
      <SelectField name={`${prefix}-status`} label="Status" value={status} onChange={setStatus} options={STATUS_OPTIONS} error={problemFor(error, 'status')} required />
      <TextareaField name={`${prefix}-note`} label="Notitie" rows={2} value={note} onChange={setNote} error={problemFor(error, 'note')} />
      <Button type="submit" appearance="secondary-action-button" disabled={busy} aria-disabled={busy}>
        Vastleggen
      </Button>
    </form>
  );
}

function CandidateChecklist({ candidate, onSaved }: { candidate: Benoembaarheid; onSaved: (text: string) => void }) {
  const title = candidate.name ?? candidate.reference;
  return (
    <li className="basisscan-board__card" data-attention={candidate.status === 'niet_voldaan' ? 0 : candidate.status === 'open' ? 1 : 3}>
      <article aria-labelledby={`griffie-${candidate.caseId}`}>
        <Heading level={2} id={`griffie-${candidate.caseId}`} className="basisscan-board__name">
          {title}
        </Heading>
        <Paragraph className="basisscan-board__office">
          {candidate.officeTitle} · dossier {candidate.reference} · beoogde benoeming {dateNl(candidate.plannedAppointmentDate)}
        </Paragraph>
        <dl className="basisscan-board__facts">
          <dt>Uitkomst controle</dt>
          <dd>{STATUS[candidate.status]}</dd>
          <dt>VOG</dt>
          <dd>
            {candidate.vog.description}
            {candidate.vog.issueDate ? `, afgegeven ${dateNl(candidate.vog.issueDate)}` : ''} ({STATUS[candidate.vog.status].toLowerCase()})
          </dd>
          <dt>Risicoanalyse</dt>
          <dd>{candidate.riskAnalysisDone ? 'Afgerond (de inhoud is vertrouwelijk)' : 'Nog niet afgerond'}</dd>
        </dl>
        {candidate.requirements.map((r) => (
          <section key={r.code} className="basisscan-requirement" aria-labelledby={`eis-${candidate.caseId}-${r.code}`}>
            <Heading level={3} id={`eis-${candidate.caseId}-${r.code}`}>
              {r.title}
            </Heading>
            <Paragraph className="basisscan-muted">
              {r.legalReference} · {STATUS[r.status]}
              {r.checkedBy ? ` · gecontroleerd door ${r.checkedBy} op ${dateTimeNl(r.checkedAt)}` : ''}
            </Paragraph>
            {r.declared && <Paragraph>Verklaring van de kandidaat: {r.declared}</Paragraph>}
            {r.source === 'vog' ? (
              <Paragraph>Volgt uit het VOG-spoor van het dossier.</Paragraph>
            ) : candidate.closed ? (
              r.note && <Paragraph>Notitie: {r.note}</Paragraph>
            ) : (
              <RequirementForm candidate={candidate} requirement={r} onSaved={onSaved} />
            )}
          </section>
        ))}
      </article>
    </li>
  );
}

/** The checklist of every candidate of one formation. */
export function GriffieChecklistPage() {
  const { id = '' } = useParams();
  const [status, setStatus] = useState<string>();
  const data = useLoad(() => api.get<FormationBenoembaarheid>(`/formations/${id}/benoembaarheid`), [id]);
  return (
    <Loadable loaded={data}>
      {(d) => (
        <>
          <PageTitle title={`Benoembaarheid: ${d.formation.name}`}>Benoembaarheid: {d.formation.name}</PageTitle>
          <Paragraph>Installatie op {dateNl(d.formation.installationDate)}. Per eis: voldaan, open of niet voldaan, met een korte notitie.</Paragraph>
          {status && (
            <Notice type="ok">
              <Paragraph>{status}</Paragraph>
            </Notice>
          )}
          {d.candidates.length === 0 ? (
            <Paragraph>Deze formatie heeft nog geen kandidaten.</Paragraph>
          ) : (
            <ol className="basisscan-board basisscan-board--wide">
              {d.candidates.map((c) => (
                <CandidateChecklist
                  key={c.caseId}
                  candidate={c}
                  onSaved={(text) => {
                    setStatus(text);
                    void data.reload();
                  }}
                />
              ))}
            </ol>
          )}
        </>
      )}
    </Loadable>
  );
}
