import { Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { api } from '../../api';
import { Loadable, useLoad } from '../../components/ui';
import { CONCLUSIONS, dateNl, dateTimeNl } from '../../format';
import { ACTORS, phaseLabel, STOP_REASONS } from './labels';
import { TrailEntry } from './types';

interface Workflow {
  events: { type: string; description: string }[];
}

const PAYLOAD_LABELS: Record<string, string> = {
  date: 'Datum',
  issueDate: 'Datum van afgifte',
  plannedAppointmentDate: 'Beoogde benoemingsdatum',
  conclusion: 'Conclusie',
  appointed: 'Benoemd',
  reason: 'Reden',
  screenerId: 'Screener (id)',
  consentTextVersion: 'Versie toestemmingstekst',
  organisationKind: 'Soort organisatie',
  deviationReasonRecorded: 'Reden van afwijken vastgelegd',
};

function payloadValue(key: string, value: unknown): string {
  if (typeof value === 'boolean') return value ? 'ja' : 'nee';
  if (typeof value !== 'string') return JSON.stringify(value);
  if (key === 'conclusion') return CONCLUSIONS[value] ?? value;
  if (key === 'reason') return STOP_REASONS[value] ?? value;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return dateNl(value);
  return value;
}

/** `opdrachtgever:<id>`, `kandidaat:<id>`, `system:<job>`; the commission is `user:<id>` (only an opdrachtgever commissions). */
function actorLabel(actor: string): string {
  const role = actor.split(':')[0];
  return role === 'user' ? ACTORS.opdrachtgever : ACTORS[role] ?? actor;
}

/** How the case went, event by event, without personal content: for the auditor. */
export function CaseTrail({ caseId, caseVersion, machineId }: { caseId: string; caseVersion: number; machineId: string }) {
  const loaded = useLoad(async () => {
    const [trail, workflow] = await Promise.all([api.get<TrailEntry[]>(`/cases/${caseId}/trail`), api.get<Workflow>(`/workflows/${machineId}`)]);
    return { trail, events: new Map(workflow.events.map((e) => [e.type, e.description])) };
  }, [caseId, caseVersion, machineId]);
  return (
    <Loadable loaded={loaded}>
      {({ trail, events }) =>
        trail.length === 0 ? (
          <Paragraph>Er zijn nog geen stappen vastgelegd.</Paragraph>
        ) : (
          <div className="basisscan-table-scroll">
            <Table>
              <TableCaption>Procesverloop: elke vastgelegde stap</TableCaption>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">Nr.</TableHeaderCell>
                  <TableHeaderCell scope="col">Tijdstip</TableHeaderCell>
                  <TableHeaderCell scope="col">Stap</TableHeaderCell>
                  <TableHeaderCell scope="col">Door</TableHeaderCell>
                  <TableHeaderCell scope="col">Fase daarna</TableHeaderCell>
                  <TableHeaderCell scope="col">Gegevens</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {trail.map((entry) => {
                  const details = Object.entries(entry.payload ?? {});
                  return (
                    <TableRow key={entry.seq}>
                      <TableCell>{entry.seq}</TableCell>
                      <TableCell>{dateTimeNl(entry.at)}</TableCell>
                      <TableHeaderCell scope="row">{entry.type === 'COMMISSION' ? 'Opdracht verleend' : events.get(entry.type) ?? entry.type}</TableHeaderCell>
                      <TableCell>{actorLabel(entry.actor)}</TableCell>
                      <TableCell>{phaseLabel(entry.stateAfter)}</TableCell>
                      <TableCell>
                        {details.length === 0 ? (
                          '—'
                        ) : (
                          <ul className="basisscan-payload">
                            {details.map(([key, value]) => (
                              <li key={key}>
                                {PAYLOAD_LABELS[key] ?? key}: {payloadValue(key, value)}
                              </li>
                            ))}
                          </ul>
                        )}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </div>
        )
      }
    </Loadable>
  );
}
