import { Button, Heading, Paragraph, Table, TableBody, TableCaption, TableCell, TableHeaderCell, TableRow, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import { DragEvent, FormEvent, useRef, useState } from 'react';
import { api, ApiError, saveBlob } from '../../api';
import { ErrorSummary, Notice, PageTitle, TextField } from '../../components/ui';
import { dateTimeNl } from '../../format';

interface Verification {
  valid: boolean;
  trusted: boolean;
  signer: { name: string; organisation: string | null; testCertificate: boolean; signedByThisService: boolean } | null;
  signedAt: string | null;
  timestamp: { time: string; authority: string; valid: boolean; trusted: boolean } | null;
  reportId: string | null;
  caseId: string | null;
  version: number | null;
  sha256: string;
  matchesStoredReport: boolean;
  auditHead: { sequence: number; hash: string } | null;
  auditHeadMatches: boolean;
  verificationCode: string | null;
  problems: string[];
}

interface ReportSummary {
  reportId: string;
  caseId: string;
  version: number;
  sha256: string;
  generatedAt: string;
  signer: string;
  testCertificate: boolean;
  destroyed: boolean;
}

const yes = (value: boolean) => (value ? 'ja' : 'nee');

function Result({ result, file }: { result: Verification; file: string }) {
  return (
    <section aria-labelledby="uitslag">
      <Heading level={2} id="uitslag">
        Uitslag voor {file}
      </Heading>
      <Notice type={result.valid ? 'ok' : 'error'}>
        <Paragraph>
          <strong>{result.valid ? 'Het rapport is echt en ongewijzigd.' : 'Het rapport is niet geldig.'}</strong>{' '}
          {result.valid && result.signer?.testCertificate ? 'Let op: het is ondertekend met een testcertificaat; dat bewijst dat het niet is gewijzigd, niet wie het ondertekende.' : ''}
        </Paragraph>
        {result.problems.length > 0 && (
          <UnorderedList>
            {result.problems.map((problem) => (
              <UnorderedListItem key={problem}>{problem}</UnorderedListItem>
            ))}
          </UnorderedList>
        )}
      </Notice>
      <Table>
        <TableCaption>Wat er is gecontroleerd</TableCaption>
        <TableBody>
          <TableRow><TableHeaderCell scope="row">Ondertekenaar</TableHeaderCell><TableCell>{result.signer ? `${result.signer.name}${result.signer.organisation ? `, ${result.signer.organisation}` : ''}` : '—'}</TableCell></TableRow>
          <TableRow><TableHeaderCell scope="row">Ondertekend door deze dienst</TableHeaderCell><TableCell>{yes(!!result.signer?.signedByThisService)}</TableCell></TableRow>
          <TableRow><TableHeaderCell scope="row">Certificaat vertrouwd</TableHeaderCell><TableCell>{yes(result.trusted)}</TableCell></TableRow>
          <TableRow><TableHeaderCell scope="row">Ondertekend op</TableHeaderCell><TableCell>{dateTimeNl(result.signedAt)}</TableCell></TableRow>
          <TableRow><TableHeaderCell scope="row">Tijdstempel</TableHeaderCell><TableCell>{result.timestamp ? `${dateTimeNl(result.timestamp.time)}, ${result.timestamp.authority}${result.timestamp.trusted ? '' : ' (dienst niet als vertrouwd opgegeven)'}` : 'geen'}</TableCell></TableRow>
          <TableRow><TableHeaderCell scope="row">Rapport</TableHeaderCell><TableCell>{result.reportId ? `${result.reportId}, versie ${result.version}` : '—'}</TableCell></TableRow>
          <TableRow><TableHeaderCell scope="row">Verificatiecode</TableHeaderCell><TableCell>{result.verificationCode ?? '—'}</TableCell></TableRow>
          <TableRow><TableHeaderCell scope="row">Gelijk aan het opgeslagen rapport</TableHeaderCell><TableCell>{yes(result.matchesStoredReport)}</TableCell></TableRow>
          <TableRow><TableHeaderCell scope="row">Auditketen bevat de kop uit het rapport</TableHeaderCell><TableCell>{result.auditHead ? `${yes(result.auditHeadMatches)} (nummer ${result.auditHead.sequence})` : 'geen kop in het rapport'}</TableCell></TableRow>
          <TableRow><TableHeaderCell scope="row">SHA-256 van het bestand</TableHeaderCell><TableCell><code className="basisscan-hash">{result.sha256}</code></TableCell></TableRow>
        </TableBody>
      </Table>
    </section>
  );
}

/** Verifying a report: a PDF dropped or chosen, or the code printed in it. */
export function VerifyPage() {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ verification: Verification; file: string }>();
  const [error, setError] = useState<ApiError>();
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<ApiError>();
  const [found, setFound] = useState<ReportSummary>();

  async function check(file: File) {
    setError(undefined);
    setResult(undefined);
    if (file.type && file.type !== 'application/pdf') {
      setError(new ApiError(400, 'PDF_REQUIRED', `${file.name} is geen PDF-bestand. Kies het PDF-bestand van het rapport.`));
      return;
    }
    setBusy(true);
    try {
      const verification = await api.upload<Verification>('/reports/verify', new Blob([file], { type: 'application/pdf' }));
      setResult({ verification, file: file.name });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Controleren is niet gelukt.'));
    } finally {
      setBusy(false);
    }
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void check(file);
  }

  async function lookUp(event: FormEvent) {
    event.preventDefault();
    setCodeError(undefined);
    setFound(undefined);
    try {
      setFound(await api.get<ReportSummary>(`/reports/verify/${encodeURIComponent(code.trim())}`));
    } catch (caught) {
      setCodeError(caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Opzoeken is niet gelukt.'));
    }
  }

  return (
    <>
      <PageTitle title="Rapport controleren">Rapport controleren</PageTitle>
      <Paragraph>
        Controleer of een risicorapport echt door deze dienst is gemaakt en sindsdien niet is gewijzigd. Het bestand wordt alleen gecontroleerd, niet opgeslagen.
      </Paragraph>
      <ErrorSummary error={error} />
      <div
        className="basisscan-dropzone"
        data-active={dragging}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <Paragraph>Sleep het PDF-bestand van het rapport hierheen, of</Paragraph>
        <input
          ref={input}
          id="rapportbestand"
          type="file"
          accept="application/pdf,.pdf"
          aria-label="PDF-bestand van het rapport"
          tabIndex={-1}
          className="basisscan-visually-hidden"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void check(file);
            event.target.value = '';
          }}
        />
        <Button appearance="primary-action-button" onClick={() => input.current?.click()} disabled={busy} aria-describedby="rapportbestand-uitleg">
          Kies een PDF-bestand
        </Button>
        <Paragraph small id="rapportbestand-uitleg">
          Alleen PDF-bestanden van hoogstens 5 MB.
        </Paragraph>
        <div role="status" aria-live="polite">{busy ? 'Bezig met controleren…' : ''}</div>
      </div>
      {result && <Result result={result.verification} file={result.file} />}

      <section aria-labelledby="code-zoeken">
        <Heading level={2} id="code-zoeken">
          Zoeken met de verificatiecode
        </Heading>
        <Paragraph>Heeft u een papieren rapport? Vul de verificatiecode uit bijlage B in.</Paragraph>
        <ErrorSummary error={codeError} labels={{ code: 'Verificatiecode' }} />
        <form onSubmit={lookUp} className="basisscan-form" noValidate>
          <TextField name="code" label="Verificatiecode" description="12 tekens, bijvoorbeeld K7QM-2XHD-91PA" value={code} onChange={setCode} required />
          <Button type="submit" appearance="secondary-action-button">
            Opzoeken
          </Button>
        </form>
        {found && (
          <Notice type="ok">
            <Paragraph>
              Gevonden: rapport versie {found.version} van dossier {found.caseId}, gemaakt op {dateTimeNl(found.generatedAt)}, ondertekend door {found.signer}
              {found.testCertificate ? ' (testcertificaat)' : ''}. SHA-256 van het bestand: <code className="basisscan-hash">{found.sha256}</code>.
              {found.destroyed ? ' De inhoud van het dossier is inmiddels vernietigd.' : ''}
            </Paragraph>
          </Notice>
        )}
      </section>

      <section aria-labelledby="offline">
        <Heading level={2} id="offline">
          Zonder deze dienst controleren
        </Heading>
        <Paragraph>
          Met het certificaat van deze dienst controleert u een rapport ook zonder verbinding: <code>npm run verify -- rapport.pdf --trust rapportondertekening.pem</code>, of met elke PDF-lezer die handtekeningen toont.
        </Paragraph>
        <Button appearance="secondary-action-button" onClick={async () => saveBlob(await api.blob('/reports/certificate'), 'rapportondertekening.pem')}>
          Certificaat downloaden
        </Button>
      </section>
    </>
  );
}
