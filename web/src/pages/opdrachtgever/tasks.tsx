import { Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { Link } from 'react-router';
import { api } from '../../api';
import { Loadable, PageTitle, useLoad } from '../../components/ui';
import { phaseLabel } from './labels';
import { Task } from './types';
import './opdrachtgever.css';

/** What waits for the signed-in person, across their cases. */
export function TasksPage() {
  const loaded = useLoad(() => api.get<Task[]>('/tasks'), []);
  return (
    <>
      <PageTitle title="Wat ligt er bij mij">Wat ligt er bij mij</PageTitle>
      <Loadable loaded={loaded}>
        {(tasks) =>
          tasks.length === 0 ? (
            <Paragraph>Er ligt nu niets bij u.</Paragraph>
          ) : (
            <div className="basisscan-table-scroll">
              <Table>
                <TableCaption>Wat u nu kunt doen, per dossier</TableCaption>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell scope="col">Wat te doen</TableHeaderCell>
                    <TableHeaderCell scope="col">Dossier</TableHeaderCell>
                    <TableHeaderCell scope="col">Fase</TableHeaderCell>
                    <TableHeaderCell scope="col">Termijn</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {tasks.map((task) => {
                    const dossier = `Dossier ${task.reference}`;
                    return (
                      <TableRow key={`${task.caseId}-${task.action}`}>
                        <TableHeaderCell scope="row">
                          <Link to={`/zaken/${task.caseId}`} className="utrecht-link">
                            {task.description}
                            <span className="basisscan-visually-hidden"> ({dossier})</span>
                          </Link>
                        </TableHeaderCell>
                        <TableCell>{dossier}</TableCell>
                        <TableCell>{phaseLabel(task.phase)}</TableCell>
                        <TableCell>{task.deadlineText ?? 'Geen termijn'}</TableCell>
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
            </div>
          )
        }
      </Loadable>
    </>
  );
}
