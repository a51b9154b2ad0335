import { Heading, Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { api } from '../../api';
import { Loadable, useLoad } from '../../components/ui';
import { dateNl } from '../../format';
import { CasePlan } from './types';

const STATUS: Record<CasePlan['steps'][number]['status'], string> = { gedaan: 'Gedaan', gedaan_te_laat: 'Gedaan, te laat', op_schema: 'Op schema', schuift: 'Schuift' };

/** The case's plan back from its planned appointment date, next to what happened (opdrachtgever). */
export function CasePlanSection({ caseId, version }: { caseId: string; version: number }) {
  const loaded = useLoad(() => api.get<{ plannedAppointmentDate: string; plan: CasePlan | null }>(`/cases/${caseId}/plan`), [caseId, version]);
  return (
    <section aria-labelledby="planning-dossier">
      <Heading level={2} id="planning-dossier">
        Planning
      </Heading>
      <Loadable loaded={loaded}>
        {({ plannedAppointmentDate, plan }) =>
          !plan ? (
            <Paragraph>Het dossier is afgesloten; er is niets meer te plannen.</Paragraph>
          ) : (
            <>
              <Paragraph>
                {plan.slipping
                  ? `De planning past niet meer: ${plan.slipping.title} moest uiterlijk ${dateNl(plan.slipping.latest)} en kan op zijn vroegst ${dateNl(plan.slipping.earliest)}.`
                  : `Op schema voor een benoeming op ${dateNl(plannedAppointmentDate)}.`}
              </Paragraph>
              <div className="basisscan-table-scroll">
                <Table>
                  <TableCaption>Uiterlijke datum per stap, terug gerekend vanaf {dateNl(plannedAppointmentDate)}, naast wat er gebeurde</TableCaption>
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell scope="col">Stap</TableHeaderCell>
                      <TableHeaderCell scope="col">Uiterlijk</TableHeaderCell>
                      <TableHeaderCell scope="col">Werkelijk</TableHeaderCell>
                      <TableHeaderCell scope="col">Stand</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {plan.steps.map((step) => (
                      <TableRow key={step.step}>
                        <TableHeaderCell scope="row">{step.title}</TableHeaderCell>
                        <TableCell>{dateNl(step.latest)}</TableCell>
                        <TableCell>{step.doneOn ? dateNl(step.doneOn) : step.done ? 'gedaan' : `op zijn vroegst ${dateNl(step.earliest)}`}</TableCell>
                        <TableCell>{STATUS[step.status]}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </div>
            </>
          )
        }
      </Loadable>
    </section>
  );
}
