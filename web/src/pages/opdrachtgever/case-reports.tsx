import { Button, Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { useState } from 'react';
import { api, ApiError, saveBlob } from '../../api';
import { ErrorAlert, Loadable, Notice, useLoad } from '../../components/ui';
import { dateTimeNl } from '../../format';
import { ReportSummary } from './types';

/**
 * The signed risk reports of a case: every version, whether it still matches the case, and its
 * verification code. Who may make and download them (opdrachtgever, screener) gets the buttons.
 */
export function CaseReports({ caseId, caseVersion, canMake, canDownload }: { caseId: string; caseVersion: number; canMake: boolean; canDownload: boolean }) {
  const reports = useLoad(() => api.get<ReportSummary[]>(`/cases/${caseId}/reports`), [caseId, caseVersion]);
  const [error, setError] = useState<ApiError>();
  const [status, setStatus] = useState<string>();
  const [busy, setBusy] = useState<string | null>(null);

  async function make() {
    setBusy('make');
    setError(undefined);
    setStatus(undefined);
    try {
      const made = await api.post<{ reportId: string; version: number }>(`/cases/${caseId}/report`);
      await reports.reload();
      setStatus(`Versie ${made.version} van het rapport is gemaakt en ondertekend.`);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Het rapport maken is niet gelukt.'));
    } finally {
      setBusy(null);
    }
  }

  async function download(report: ReportSummary) {
    setBusy(report.reportId);
    setError(undefined);
    setStatus(undefined);
    try {
      const blob = await api.blob(`/reports/${report.reportId}/pdf`);
      saveBlob(blob, `risicoanalyse-integriteit-versie-${report.version}.pdf`);
      setStatus(`Versie ${report.version} van het rapport is gedownload.`);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Downloaden is niet gelukt.'));
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <Paragraph>
        Het rapport is vertrouwelijk. Het kan worden gemaakt zodra hoor en wederhoor is afgerond. Elke keer maken levert een nieuwe, ondertekende versie op.
      </Paragraph>
      {/* Always present, so screen readers announce the message when it appears. */}
      <div aria-live="polite">
        {status && (
          <Notice type="ok">
            <Paragraph>{status}</Paragraph>
          </Notice>
        )}
      </div>
      {error && <ErrorAlert error={error} />}
      {canMake && (
        <Paragraph>
          <Button appearance="secondary-action-button" disabled={busy !== null} aria-disabled={busy !== null} onClick={() => void make()}>
            Rapport maken
          </Button>
        </Paragraph>
      )}
      <Loadable loaded={reports}>
        {(list) =>
          list.length === 0 ? (
            <Paragraph>Er is nog geen rapport gemaakt.</Paragraph>
          ) : (
            <div className="basisscan-table-scroll">
              <Table>
                <TableCaption>Versies van het rapport</TableCaption>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell scope="col">Versie</TableHeaderCell>
                    <TableHeaderCell scope="col">Gemaakt op</TableHeaderCell>
                    <TableHeaderCell scope="col">Actueel</TableHeaderCell>
                    <TableHeaderCell scope="col">Verificatiecode</TableHeaderCell>
                    <TableHeaderCell scope="col">Ondertekend met testcertificaat</TableHeaderCell>
                    {canDownload && <TableHeaderCell scope="col">Bestand</TableHeaderCell>}
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {list.map((report) => (
                    <TableRow key={report.reportId}>
                      <TableHeaderCell scope="row">Versie {report.version}</TableHeaderCell>
                      <TableCell>{dateTimeNl(report.generatedAt)}</TableCell>
                      <TableCell>{report.upToDate ? 'Ja' : 'Nee, het dossier is daarna gewijzigd'}</TableCell>
                      <TableCell>
                        <code>{report.verificationCode}</code>
                      </TableCell>
                      <TableCell>{report.testCertificate ? 'Ja' : 'Nee'}</TableCell>
                      {canDownload && (
                        <TableCell>
                          {report.destroyed ? (
                            'Vernietigd'
                          ) : (
                            <Button appearance="subtle-button" disabled={busy !== null} aria-disabled={busy !== null} onClick={() => void download(report)}>
                              Downloaden<span className="basisscan-visually-hidden"> (versie {report.version})</span>
                            </Button>
                          )}
                        </TableCell>
                      )}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          )
        }
      </Loadable>
    </>
  );
}
