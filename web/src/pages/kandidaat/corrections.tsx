import { Button, Heading, Paragraph } from '@utrecht/component-library-react';
import { useState } from 'react';
import { api, ApiError } from '../../api';
import { ErrorAlert, ErrorSummary, Loadable, Notice, problemFor, SelectField, TextareaField, useLoad } from '../../components/ui';
import { dateTimeNl } from '../../format';

export interface Correction {
  id: string;
  findingId: string;
  status: 'open' | 'geaccepteerd' | 'geweigerd';
  request: string;
  previousWording: string | null;
  correctedWording: string | null;
  reason: string | null;
  requestedAt: string;
  decidedAt: string | null;
}

const STATUS: Record<Correction['status'], string> = { open: 'Nog niet beslist', geaccepteerd: 'Gecorrigeerd', geweigerd: 'Niet gecorrigeerd' };
const asError = (caught: unknown) => (caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Er ging iets mis.'));

/** The history of correction requests, for the candidate and the screener alike. */
function History({ corrections, findings }: { corrections: Correction[]; findings: { id: string; found: string }[] }) {
  if (corrections.length === 0) return <Paragraph>Er zijn nog geen verzoeken om correctie.</Paragraph>;
  return (
    <ul className="basisscan-corrections">
      {corrections.map((c) => (
        <li key={c.id}>
          <Paragraph>
            <strong>{STATUS[c.status]}</strong> (gevraagd {dateTimeNl(c.requestedAt)}
            {c.decidedAt ? `, beslist ${dateTimeNl(c.decidedAt)}` : ''})
          </Paragraph>
          <Paragraph>Bevinding: {c.previousWording ?? findings.find((f) => f.id === c.findingId)?.found ?? '(niet meer aanwezig)'}</Paragraph>
          <Paragraph>Verzoek: {c.request}</Paragraph>
          {c.correctedWording && <Paragraph>Nieuwe tekst: {c.correctedWording}</Paragraph>}
          {c.reason && <Paragraph>Reden: {c.reason}</Paragraph>}
        </li>
      ))}
    </ul>
  );
}

/** The candidate asks to correct a factual error in a finding (AVG art. 16), and sees what was decided. */
export function CandidateCorrections({ caseId, findings, version }: { caseId: string; findings: { id: string; found: string }[]; version: number }) {
  const loaded = useLoad(() => api.get<Correction[]>(`/cases/${caseId}/corrections`), [caseId, version]);
  const [findingId, setFindingId] = useState(findings[0]?.id ?? '');
  const [request, setRequest] = useState('');
  const [error, setError] = useState<ApiError>();
  const [notice, setNotice] = useState<string>();

  async function submit() {
    setError(undefined);
    setNotice(undefined);
    try {
      await api.post(`/cases/${caseId}/corrections`, { findingId, request });
      setRequest('');
      setNotice('Uw verzoek om correctie is verstuurd. De screener beslist erover; u ziet de beslissing hieronder.');
      await loaded.reload();
    } catch (caught) {
      setError(asError(caught));
    }
  }

  return (
    <div className="basisscan-card">
      <Heading level={3}>Een fout laten corrigeren</Heading>
      <Paragraph>Staat er in een bevinding een feitelijke fout? Vraag dan om correctie. De screener past de bevinding aan, of legt uit waarom niet.</Paragraph>
      {notice && (
        <Notice type="ok">
          <Paragraph>{notice}</Paragraph>
        </Notice>
      )}
      {error && (error.details ? <ErrorSummary error={error} level={4} labels={{ request: 'Wat is er fout, en wat moet het zijn?', findingId: 'Bevinding' }} /> : <ErrorAlert error={error} />)}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <SelectField name="findingId" label="Bevinding" value={findingId} onChange={setFindingId} options={findings.map((f) => ({ value: f.id, label: f.found.length > 80 ? `${f.found.slice(0, 77)}…` : f.found }))} error={problemFor(error, 'findingId')} />
        <TextareaField name="request" label="Wat is er fout, en wat moet het zijn?" value={request} onChange={setRequest} rows={3} error={problemFor(error, 'request')} />
        <Button type="submit" appearance="secondary-action-button">
          Correctie vragen
        </Button>
      </form>
      <Heading level={4}>Uw verzoeken</Heading>
      <Loadable loaded={loaded}>{(corrections) => <History corrections={corrections} findings={findings} />}</Loadable>
    </div>
  );
}

/** The assigned screener decides: accept with the corrected wording, or refuse with a reason. */
export function ScreenerCorrections({ caseId, findings }: { caseId: string; findings: { id: string; found: string }[] }) {
  const loaded = useLoad(() => api.get<Correction[]>(`/cases/${caseId}/corrections`), [caseId]);
  return (
    <section aria-labelledby="correcties-titel">
      <Heading level={2} id="correcties-titel">
        Verzoeken om correctie
      </Heading>
      <Loadable loaded={loaded}>
        {(corrections) => (
          <>
            {corrections
              .filter((c) => c.status === 'open')
              .map((c) => (
                <Decision key={c.id} caseId={caseId} correction={c} found={findings.find((f) => f.id === c.findingId)?.found ?? ''} done={loaded.reload} />
              ))}
            <History corrections={corrections} findings={findings} />
          </>
        )}
      </Loadable>
    </section>
  );
}

function Decision({ caseId, correction, found, done }: { caseId: string; correction: Correction; found: string; done: () => Promise<void> }) {
  const [wording, setWording] = useState(found);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError>();
  async function decide(accept: boolean) {
    setError(undefined);
    try {
      await api.post(`/cases/${caseId}/corrections/${correction.id}/decision`, accept ? { accept, correctedWording: wording } : { accept, reason });
      await done();
    } catch (caught) {
      setError(asError(caught));
    }
  }
  return (
    <div className="basisscan-card">
      <Heading level={3}>Verzoek van de kandidaat</Heading>
      <Paragraph>Bevinding: {found}</Paragraph>
      <Paragraph>Verzoek: {correction.request}</Paragraph>
      {error && <ErrorAlert error={error} />}
      <TextareaField name={`correctie-${correction.id}`} label="Nieuwe tekst van de bevinding" value={wording} onChange={setWording} rows={3} error={problemFor(error, 'correctedWording')} />
      <Button appearance="primary-action-button" onClick={() => void decide(true)}>
        Correctie accepteren
      </Button>
      <TextareaField name={`reden-${correction.id}`} label="Reden om niet te corrigeren" value={reason} onChange={setReason} rows={2} error={problemFor(error, 'reason')} />
      <Button appearance="secondary-action-button" onClick={() => void decide(false)}>
        Correctie weigeren
      </Button>
    </div>
  );
}
