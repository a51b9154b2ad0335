import { Button, Heading, Paragraph } from '@utrecht/component-library-react';
import { FormEvent, useState } from 'react';
import { api, ApiError, saveBlob } from '../../api';
import { ErrorAlert, ErrorSummary, Loadable, Notice, problemFor, SelectField, TextField, useLoad } from '../../components/ui';
import { dateNl, dateTimeNl } from '../../format';

/** The shape of GET /cases/{id}/documents (src/reports/documents/documents.service.ts). */
interface CaseDocument {
  id: string;
  kind: 'samenvatting' | 'mededeling';
  title: string;
  version: number;
  createdAt: string;
  deliveries: { id: string; role: 'formateur' | 'fractievoorzitter' | 'raad'; name: string; email: string; sentAt: string; expiresAt: string; firstDownloadedAt: string | null; downloads: number }[];
}

const ROLES = [
  { value: 'formateur', label: 'De formateur' },
  { value: 'fractievoorzitter', label: 'De voorzitter van de voordragende fractie' },
  { value: 'raad', label: 'De raad (de griffie)' },
];
const roleLabel = (role: string) => ROLES.find((r) => r.value === role)?.label ?? role;

/**
 * After the advice: the one-page summary for formateur and fractievoorzitter and the mededeling aan
 * de raad, each signed, with who they were sent to and whether the link was used.
 */
export function CaseDocuments({ caseId }: { caseId: string }) {
  const documents = useLoad(() => api.get<CaseDocument[]>(`/cases/${caseId}/documents`), [caseId]);
  const [error, setError] = useState<ApiError>();
  const [status, setStatus] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function make(kind: CaseDocument['kind']) {
    setBusy(true);
    setError(undefined);
    setStatus(undefined);
    try {
      const made = await api.post<{ version: number }>(`/cases/${caseId}/documents`, { kind });
      await documents.reload();
      setStatus(`${kind === 'samenvatting' ? 'De samenvatting' : 'De mededeling aan de raad'} (versie ${made.version}) is gemaakt en ondertekend.`);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Het document maken is niet gelukt.'));
    } finally {
      setBusy(false);
    }
  }

  async function download(document: CaseDocument) {
    setError(undefined);
    try {
      saveBlob(await api.blob(`/cases/${caseId}/documents/${document.id}/pdf`), `${document.kind}-versie-${document.version}.pdf`);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Downloaden is niet gelukt.'));
    }
  }

  return (
    <>
      <Paragraph>
        De formateur en de voorzitter van de voordragende fractie horen de uitkomst als eersten, in een samenvatting van één pagina: de conclusie en de afgesproken
        maatregelen, zonder bevindingen. De raad krijgt een mededeling in algemene termen. Het rapport zelf blijft vertrouwelijk.
      </Paragraph>
      <div aria-live="polite">{status && <Notice type="ok"><Paragraph>{status}</Paragraph></Notice>}</div>
      {error && <ErrorAlert error={error} />}
      <Paragraph>
        <Button appearance="secondary-action-button" disabled={busy} onClick={() => void make('samenvatting')}>
          Samenvatting maken
        </Button>{' '}
        <Button appearance="secondary-action-button" disabled={busy} onClick={() => void make('mededeling')}>
          Mededeling aan de raad maken
        </Button>
      </Paragraph>
      <Loadable loaded={documents}>
        {(list) => (
          <>
            {list.length === 0 && <Paragraph>Er zijn nog geen documenten gemaakt.</Paragraph>}
            {list.map((document) => (
              <section key={document.id} className="basisscan-document" aria-labelledby={`document-${document.id}`}>
                <Heading level={3} id={`document-${document.id}`}>
                  {document.title}, versie {document.version}
                </Heading>
                <Paragraph small>Gemaakt op {dateTimeNl(document.createdAt)}.</Paragraph>
                <Button appearance="subtle-button" onClick={() => void download(document)}>
                  {`${document.title} (versie ${document.version}) downloaden`}
                </Button>
                {document.deliveries.length > 0 && (
                  <ul>
                    {document.deliveries.map((d) => (
                      <li key={d.id}>
                        Verstuurd aan {roleLabel(d.role).toLowerCase()}, {d.name} ({d.email}), op {dateTimeNl(d.sentAt)}.{' '}
                        {d.firstDownloadedAt ? `Geopend op ${dateTimeNl(d.firstDownloadedAt)}.` : `Nog niet geopend; de link werkt tot en met ${dateNl(d.expiresAt)}.`}
                      </li>
                    ))}
                  </ul>
                )}
                <SendForm caseId={caseId} document={document} onSent={async (text) => { await documents.reload(); setStatus(text); }} />
              </section>
            ))}
          </>
        )}
      </Loadable>
    </>
  );
}

function SendForm({ caseId, document, onSent }: { caseId: string; document: CaseDocument; onSent: (text: string) => Promise<void> }) {
  const [role, setRole] = useState(document.kind === 'mededeling' ? 'raad' : 'formateur');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const prefix = `verzend-${document.id}`;

  async function send(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api.post(`/cases/${caseId}/documents/${document.id}/deliveries`, { role, name, email });
      setName('');
      setEmail('');
      await onSent(`${document.title} is verstuurd aan ${name}. In de e-mail staat een persoonlijke link; de naam van de kandidaat staat er niet in.`);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Versturen is niet gelukt.'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={send} noValidate className="basisscan-form" aria-label={`${document.title} versturen`}>
      <ErrorSummary error={error} labels={{ role: 'Aan wie', name: 'Naam van de ontvanger', email: 'E-mailadres van de ontvanger' }} level={4} />
      <SelectField name={`${prefix}-role`} label="Aan wie" value={role} onChange={setRole} options={ROLES} error={problemFor(error, 'role')} required />
      <TextField name={`${prefix}-name`} label="Naam van de ontvanger" value={name} onChange={setName} error={problemFor(error, 'name')} required />
      <TextField name={`${prefix}-email`} label="E-mailadres van de ontvanger" type="email" value={email} onChange={setEmail} error={problemFor(error, 'email')} required />
      <Button type="submit" appearance="primary-action-button" disabled={busy} aria-disabled={busy}>
        Versturen
      </Button>
    </form>
  );
}
