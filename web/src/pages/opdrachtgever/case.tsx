import { Alert, Heading, Paragraph } from '@utrecht/component-library-react';
import { useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { api } from '../../api';
import { Loadable, Notice, PageTitle, useLoad } from '../../components/ui';
import { CasePlanSection } from '../formatie/case-plan';
import { dateNl, dateTimeNl } from '../../format';
import { hasRole, useSession } from '../../session';
import { AdviceBlockers, CaseActions } from './case-actions';
import { CaseDocuments } from './case-documents';
import { CaseReports } from './case-reports';
import { CaseSafetyIntake } from './case-safety-intake';
import { CaseTrail } from './case-trail';
import { officeLabel } from './labels';
import { CaseView, Guide } from './types';
import './opdrachtgever.css';

const STEP: Record<Guide['phases'][number]['status'], { data: string; text: string }> = {
  afgerond: { data: 'done', text: 'afgerond' },
  huidig: { data: 'current', text: 'huidige fase' },
  volgend: { data: 'next', text: 'volgende fase' },
  open: { data: 'next', text: 'nog niet aan de orde' },
};

/** One case: where it is, what is needed now and from whom, what the signed-in person can do. */
export function CasePage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const { session } = useSession();
  const loaded = useLoad(() => api.get<CaseView>(`/cases/${id}`), [id]);
  // Where the last message goes: at the top after arriving from the new-case form, else beside the actions.
  const [status, setStatus] = useState<{ text: string; at: 'top' | 'actions' } | undefined>(() => {
    const text = (location.state as { status?: string } | null)?.status;
    return text ? { text, at: 'top' } : undefined;
  });

  const actionStatus = useRef<HTMLDivElement>(null);
  const isOpdrachtgever = hasRole(session, 'opdrachtgever');
  const isScreener = hasRole(session, 'screener');
  const isAuditor = hasRole(session, 'auditor') && !isOpdrachtgever && !isScreener;

  return (
    <Loadable loaded={loaded}>
      {(view) => {
        const title = view.candidate ? `Risicoanalyse ${view.candidate.name}` : `Risicoanalyse ${officeLabel(view.office).toLowerCase()}`;
        const { guide } = view;
        const adviceAhead = guide.phases.some((p) => p.state === 'advies' && p.status !== 'afgerond');
        return (
          <>
            {/* The tab title ends up in browser history (and its sync): the reference, no candidate name. */}
            <PageTitle title={`Dossier ${view.reference}`}>{title}</PageTitle>
            {status?.at === 'top' && (
              <Notice type="ok">
                <Paragraph>{status.text}</Paragraph>
              </Notice>
            )}
            <dl className="basisscan-case-facts">
              {view.candidate && (
                <>
                  <dt>Kandidaat</dt>
                  <dd>
                    {view.candidate.name} ({view.candidate.email})
                  </dd>
                </>
              )}
              <dt>Functie</dt>
              <dd>{officeLabel(view.office)}</dd>
              <dt>Beoogde benoemingsdatum</dt>
              <dd>{dateNl(view.plannedAppointmentDate)}</dd>
              <dt>Huidige fase</dt>
              <dd>
                {guide.phase.number}. {guide.phase.title}
              </dd>
              {guide.vog && (
                <>
                  <dt>VOG</dt>
                  <dd>{guide.vog.description}</dd>
                </>
              )}
              <dt>Dossier aangemaakt op</dt>
              <dd>{dateTimeNl(view.createdAt)}</dd>
            </dl>
            {isScreener && (
              <Paragraph>
                <Link to={`/zaken/${view.id}/dossier`} className="utrecht-link">
                  Onderzoeksdossier
                </Link>
              </Paragraph>
            )}

            <Heading level={2}>Voortgang</Heading>
            <ol className="basisscan-stepper">
              {guide.phases.map((phase) => (
                <li key={phase.state} data-status={STEP[phase.status].data} aria-current={phase.status === 'huidig' ? 'step' : undefined}>
                  {phase.number}. {phase.title} <span className="basisscan-stepper__status">({STEP[phase.status].text})</span>
                </li>
              ))}
            </ol>

            <Heading level={2}>Wat is er nu nodig en van wie</Heading>
            <Paragraph>{guide.now}</Paragraph>
            <dl className="basisscan-case-facts">
              <dt>Aan zet</dt>
              <dd>{guide.waitingFor ? guide.waitingFor.description : 'Niemand: er hoeft niets meer te gebeuren.'}</dd>
              <dt>Volgende termijn</dt>
              <dd>{guide.nextDeadline ? `${guide.nextDeadline.description}: ${guide.nextDeadline.dueText}` : 'Er loopt nu geen termijn.'}</dd>
            </dl>
            {guide.warnings.length > 0 && (
              <Alert type="warning" role="note">
                <Paragraph>Let op:</Paragraph>
                <ul>
                  {guide.warnings.map((w) => (
                    <li key={w.code}>{w.description}</li>
                  ))}
                </ul>
              </Alert>
            )}
            {adviceAhead && <AdviceBlockers view={view} />}
            {guide.legalReferences.length > 0 && (
              <>
                <Heading level={3}>Wettelijke grondslag van deze fase</Heading>
                <ul>
                  {guide.legalReferences.map((reference) => (
                    <li key={reference}>{reference}</li>
                  ))}
                </ul>
              </>
            )}

            {guide.vog && (
              <>
                <Heading level={2}>Verklaring Omtrent het Gedrag (VOG)</Heading>
                {guide.appointability && (
                  <Paragraph className="basisscan-appointability" data-status={guide.appointability.status}>
                    <strong>{guide.appointability.description}</strong>
                  </Paragraph>
                )}
                <dl className="basisscan-case-facts">
                  <dt>Stand</dt>
                  <dd>{guide.vog.description}</dd>
                  <dt>Datum van afgifte</dt>
                  <dd>{guide.vog.issueDate ? dateNl(guide.vog.issueDate) : 'Nog niet afgegeven'}</dd>
                  <dt>Geldig op de beoogde benoemingsdatum</dt>
                  <dd>
                    {guide.vog.validForAppointment
                      ? 'Ja'
                      : `Nee, nog niet: de VOG moet zijn afgegeven en mag op de benoemingsdatum niet ouder zijn dan ${guide.vog.maxAgeMonths} maanden`}
                  </dd>
                  <dt>Wettelijke grondslag</dt>
                  <dd>{(guide.appointability?.legalReferences ?? [guide.vog.legalReference]).join('; ')}</dd>
                </dl>
              </>
            )}

            {isOpdrachtgever && view.organisationId === (session?.kind === 'user' ? session.organisation.id : '') && <CasePlanSection caseId={view.id} version={view.version} />}

            {isAuditor ? (
              <>
                <Heading level={2}>Procesverloop</Heading>
                <CaseTrail caseId={view.id} caseVersion={view.version} machineId={view.machine.id} />
              </>
            ) : (
              <>
                <Heading level={2}>Wat u nu kunt doen</Heading>
                {/* Always present, so screen readers announce the message when it appears; it takes the
                    focus after an action, whose button or form may be gone (WCAG 2.4.3). */}
                <div aria-live="polite" tabIndex={-1} ref={actionStatus} className="basisscan-focus-target">
                  {status?.at === 'actions' && (
                    <Notice type="ok">
                      <Paragraph>{status.text}</Paragraph>
                    </Notice>
                  )}
                </div>
                <CaseActions
                  view={view}
                  onDone={async (message) => {
                    setStatus({ text: message, at: 'actions' });
                    await loaded.reload();
                    actionStatus.current?.focus();
                  }}
                  onStale={async () => {
                    setStatus(undefined);
                    await loaded.reload();
                  }}
                />
              </>
            )}

            {isOpdrachtgever && view.phase !== 'vernietigd' && <CaseSafetyIntake caseId={view.id} />}

            <Heading level={2}>Rapport</Heading>
            <CaseReports caseId={view.id} caseVersion={view.version} canMake={isOpdrachtgever || isScreener} canDownload={isOpdrachtgever || isScreener} />

            {isOpdrachtgever && adviceGiven(view) && view.phase !== 'vernietigd' && (
              <>
                <Heading level={2}>Formateur, fractievoorzitter en raad</Heading>
                <CaseDocuments caseId={view.id} />
              </>
            )}
          </>
        );
      }}
    </Loadable>
  );
}

/** The advice is given once its phase is done: then the summary and the mededeling can be made. */
function adviceGiven(view: { guide: { phases: { state: string; status: string }[] } }): boolean {
  return view.guide.phases.some((p) => p.state === 'advies' && p.status === 'afgerond');
}
