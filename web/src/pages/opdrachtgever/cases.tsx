import { Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { Link } from 'react-router';
import { api } from '../../api';
import { Loadable, PageTitle, useLoad } from '../../components/ui';
import { dateNl, dateTimeNl } from '../../format';
import { hasRole, useSession } from '../../session';
import { officeLabel } from './labels';
import { CaseSummary } from './types';
import './opdrachtgever.css';

/** The cases of the organisation (opdrachtgever, auditor) or the ones assigned (screener). */
export function CasesPage() {
  const { session } = useSession();
  const cases = useLoad(() => api.get<CaseSummary[]>('/cases'), []);
  return (
    <>
      <PageTitle title="Dossiers">Dossiers</PageTitle>
      {hasRole(session, 'opdrachtgever') && (
        <Paragraph>
          <Link to="/zaken/nieuw" className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action">
            Nieuwe risicoanalyse
          </Link>
        </Paragraph>
      )}
      <Loadable loaded={cases}>
        {(list) =>
          list.length === 0 ? (
            <Paragraph>Er zijn nog geen dossiers.</Paragraph>
          ) : (
            <div className="basisscan-table-scroll">
              <Table className="basisscan-cases-table">
                <TableCaption>Risicoanalyses integriteit, de nieuwste eerst</TableCaption>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell scope="col">Dossier</TableHeaderCell>
                    <TableHeaderCell scope="col">Functie</TableHeaderCell>
                    <TableHeaderCell scope="col">Fase</TableHeaderCell>
                    <TableHeaderCell scope="col">Wie moet handelen</TableHeaderCell>
                    <TableHeaderCell scope="col">Volgende termijn</TableHeaderCell>
                    <TableHeaderCell scope="col">VOG</TableHeaderCell>
                    <TableHeaderCell scope="col">Beoogde benoemingsdatum</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {list.map((item) => (
                    <TableRow key={item.id}>
                      <TableHeaderCell scope="row">
                        <Link to={`/zaken/${item.id}`} className="utrecht-link">
                          {item.reference}
                        </Link>
                        <br />
                        <span className="basisscan-muted">aangemaakt {dateTimeNl(item.createdAt)}</span>
                      </TableHeaderCell>
                      <TableCell data-label="Functie">{officeLabel(item.office)}</TableCell>
                      <TableCell data-label="Fase">{item.phaseTitle}</TableCell>
                      <TableCell data-label="Wie moet handelen">{item.waitingFor ?? '—'}</TableCell>
                      <TableCell data-label="Volgende termijn">{item.nextDeadline ? `${item.nextDeadline.description}: ${item.nextDeadline.dueText}` : '—'}</TableCell>
                      <TableCell data-label="VOG">{item.vog ?? '–'}</TableCell>
                      <TableCell data-label="Beoogde benoemingsdatum">{dateNl(item.plannedAppointmentDate)}</TableCell>
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
