import { Button, Heading, Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { FormEvent, useState } from 'react';
import { api, ApiError, saveBlob } from '../../api';
import { ErrorSummary, Loadable, Notice, PageTitle, SelectField, TextField, useLoad } from '../../components/ui';
import { dateTimeNl } from '../../format';
import { hasRole, useSession } from '../../session';

/** The organisation's own entries, in its own numbering (GET /audit/verify). */
interface ChainCheck {
  valid: boolean;
  length: number;
  head: string;
  firstBrokenEntry?: number;
}

interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  object: string;
  result: string;
  hash: string;
}

interface CaseSummary {
  id: string;
  phase: string;
  candidate?: { name: string } | null;
}

interface ProcessingLine {
  at: string;
  activity: { id: string; name: string; legalBasis: string };
  status: string;
  operation: string;
}

const RESULTS: Record<string, string> = { ok: 'gelukt', denied: 'geweigerd', failed: 'mislukt' };

function ChainStatus() {
  const chain = useLoad(() => api.get<ChainCheck>('/audit/verify'), []);
  return (
    <section aria-labelledby="keten">
      <Heading level={2} id="keten">
        Status van de auditketen
      </Heading>
      <Loadable loaded={chain}>
        {(check) => (
          <Notice type={check.valid ? 'ok' : 'error'}>
            <Paragraph>
              {check.valid
                ? `De keten is intact: ${check.length} vermeldingen van uw organisatie, elk verbonden met de vorige.`
                : `De keten is verbroken bij vermelding ${check.firstBrokenEntry} van uw organisatie. Meld dit direct aan de functionaris gegevensbescherming.`}
            </Paragraph>
            {check.head && (
              <Paragraph small>
                Kop: vermelding {check.length}, <code className="basisscan-hash">{check.head}</code>. Bewaar deze kop buiten de dienst; zo is later ook een herberekende keten te herkennen.
              </Paragraph>
            )}
          </Notice>
        )}
      </Loadable>
      <Button appearance="secondary-action-button" onClick={() => void chain.reload()}>
        Opnieuw controleren
      </Button>
    </section>
  );
}

function Entries() {
  const [action, setAction] = useState('');
  const [caseId, setCaseId] = useState('');
  const [query, setQuery] = useState('');
  const [error, setError] = useState<ApiError>();
  const entries = useLoad(async () => {
    try {
      const list = await api.get<AuditEntry[]>(`/audit/entries${query}`);
      setError(undefined);
      return list.slice(0, 200);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 400) setError(caught);
      throw caught;
    }
  }, [query]);

  function filter(event: FormEvent) {
    event.preventDefault();
    const params = new URLSearchParams();
    if (action.trim()) params.set('action', action.trim());
    if (caseId.trim()) params.set('case', caseId.trim());
    setQuery(params.size ? `?${params}` : '');
  }

  return (
    <section aria-labelledby="vermeldingen">
      <Heading level={2} id="vermeldingen">
        Vermeldingen
      </Heading>
      <ErrorSummary error={error} labels={{ action: 'Soort handeling', case: 'Dossier' }} />
      <form onSubmit={filter} className="basisscan-form" noValidate>
        <TextField name="action" label="Soort handeling (begin)" description="Bijvoorbeeld case.event of report." value={action} onChange={setAction} />
        <TextField name="case" label="Dossiernummer" description="Het id van het dossier, zoals in de adresbalk van de dossierpagina." value={caseId} onChange={setCaseId} />
        <div>
          <Button type="submit" appearance="secondary-action-button">
            Filteren
          </Button>{' '}
          <Button appearance="subtle-button" onClick={async () => saveBlob(await api.blob(`/audit/entries${query ? `${query}&` : '?'}format=csv`), 'audittrail.csv')}>
            Downloaden als CSV
          </Button>
        </div>
      </form>
      <Loadable loaded={entries}>
        {(list) => (
          <Table>
            <TableCaption>De nieuwste {list.length} vermeldingen van uw organisatie</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">Nr.</TableHeaderCell>
                <TableHeaderCell scope="col">Tijd</TableHeaderCell>
                <TableHeaderCell scope="col">Wie</TableHeaderCell>
                <TableHeaderCell scope="col">Handeling</TableHeaderCell>
                <TableHeaderCell scope="col">Object</TableHeaderCell>
                <TableHeaderCell scope="col">Resultaat</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {list.map((entry) => (
                <TableRow key={entry.seq}>
                  <TableCell>{entry.seq}</TableCell>
                  <TableCell>{dateTimeNl(entry.at)}</TableCell>
                  <TableCell>{entry.actor}</TableCell>
                  <TableCell>{entry.action}</TableCell>
                  <TableCell>{entry.object}</TableCell>
                  <TableCell>{RESULTS[entry.result] ?? entry.result}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Loadable>
    </section>
  );
}

function ProcessingLog() {
  const cases = useLoad(() => api.get<CaseSummary[]>('/cases'), []);
  const [caseId, setCaseId] = useState('');
  const log = useLoad(async () => (caseId ? api.get<ProcessingLine[]>(`/cases/${caseId}/processing-log`) : []), [caseId]);
  return (
    <section aria-labelledby="logboek">
      <Heading level={2} id="logboek">
        Logboek dataverwerkingen
      </Heading>
      <Paragraph>Per dossier: elke verwerking van persoonsgegevens van de kandidaat, met het doel en de grondslag.</Paragraph>
      <Loadable loaded={cases}>
        {(list) => (
          <SelectField
            name="logboek-dossier"
            label="Dossier"
            value={caseId}
            onChange={setCaseId}
            options={list.map((c) => ({ value: c.id, label: `${c.candidate?.name ?? c.id} (${c.phase})` }))}
          />
        )}
      </Loadable>
      {caseId && (
        <Loadable loaded={log}>
          {(lines) => (
            <Table>
              <TableCaption>{lines.length} verwerkingen in dit dossier</TableCaption>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">Tijd</TableHeaderCell>
                  <TableHeaderCell scope="col">Verwerking</TableHeaderCell>
                  <TableHeaderCell scope="col">Grondslag</TableHeaderCell>
                  <TableHeaderCell scope="col">Handeling</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {lines.map((line, index) => (
                  <TableRow key={index}>
                    <TableCell>{dateTimeNl(line.at)}</TableCell>
                    <TableCell>{line.activity.name}</TableCell>
                    <TableCell>{line.activity.legalBasis}</TableCell>
                    <TableCell>{line.operation}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </Loadable>
      )}
    </section>
  );
}

/** The auditor's view of how cases went: chain status, entries, and the processing log. */
export function AuditPage() {
  const { session } = useSession();
  return (
    <>
      <PageTitle title="Audittrail">Audittrail</PageTitle>
      <Paragraph>Alles wat in deze dienst met dossiers gebeurt, staat in een keten van vermeldingen die niet ongemerkt te wijzigen is.</Paragraph>
      <ChainStatus />
      <Entries />
      {hasRole(session, 'auditor') && <ProcessingLog />}
    </>
  );
}
