import { Button, Heading, Paragraph } from '@utrecht/component-library-react';
import { useEffect, useRef, useState } from 'react';
import { api, ApiError, saveBlob } from '../../api';
import { ErrorAlert, Loadable, Notice, PageTitle, useLoad } from '../../components/ui';
import { useSession } from '../../session';
import { ConsentStep } from './consent';
import './kandidaat.css';
import { ConfirmAction, SendEvent } from './parts';
import { QuestionnaireStep } from './questionnaire';
import { SafetyIntakeSection } from './safety-intake';
import { CaseView } from './types';
import { WederhoorStep } from './wederhoor';

const AFTER_EVENT: Record<string, string> = {
  GIVE_CONSENT: 'Dank u. U heeft toestemming gegeven. U kunt nu de vragenlijst invullen.',
  REFUSE_CONSENT: 'U heeft geen toestemming gegeven. Het onderzoek is gestopt.',
  SUBMIT_QUESTIONNAIRE: 'Dank u. Uw vragenlijst is ingediend. De screener gaat nu verder met het onderzoek.',
  RESPOND_TO_FINDINGS: 'Dank u. Uw reactie is ingediend en komt letterlijk in het rapport.',
  DECLINE_RESPONSE: 'U heeft afgezien van een reactie. De screener maakt het rapport af.',
  CONSENT_TO_FURTHER_INVESTIGATION: 'Dank u. U stemt in met het aanvullend onderzoek. De screener gaat nu verder.',
  WITHDRAW_CONSENT: 'U heeft uw toestemming ingetrokken. Het onderzoek is gestopt.',
  WITHDRAW_CANDIDACY: 'U heeft uw kandidatuur ingetrokken. Het onderzoek is gestopt.',
};

/** What the candidate is asked to do in each phase where it is their turn. */
const YOUR_TURN: Record<string, string> = {
  toestemmingGevraagd: 'U bent gevraagd om toestemming te geven voor de risicoanalyse integriteit. Lees hieronder wat dat inhoudt.',
  vragenlijst: 'U heeft toestemming gegeven. Vul nu de vragenlijst in. Uw antwoorden worden vanzelf opgeslagen; u kunt later verdergaan.',
  hoorEnWederhoor: 'De screener heeft de bevindingen met u gedeeld. Lees ze en reageer, of zie af van een reactie.',
  aanvullendOnderzoekToestemming: 'Er is een aanvullend onderzoek gevraagd. Lees hieronder wat er aanvullend wordt onderzocht en geef aan of u daarmee instemt.',
};

const CANDIDATE_DEADLINES = new Set(['toestemming', 'vragenlijst', 'wederhoor', 'aanvullend_onderzoek_toestemming']);
const WEDERHOOR_PHASES = new Set(['hoorEnWederhoor', 'eindrapportage', 'advies', 'raadInformeren', 'raadGeinformeerd']);

export function CandidatePage() {
  const { session } = useSession();
  const caseId = session?.kind === 'candidate' ? session.caseId : '';
  const loaded = useLoad(() => api.get<CaseView>(`/cases/${caseId}`), [caseId]);
  const [notice, setNotice] = useState<string>();
  const noticeRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  return (
    <>
      <PageTitle title="Uw risicoanalyse integriteit">Uw risicoanalyse integriteit</PageTitle>
      <div ref={noticeRef} tabIndex={-1} className="kandidaat-notice">
        {notice && (
          <Notice type="ok">
            <Paragraph>{notice}</Paragraph>
          </Notice>
        )}
      </div>
      <Loadable loaded={loaded}>
        {(view) => (
          <CaseContent
            view={view}
            send={async (type, payload = {}) => {
              setNotice(undefined);
              try {
                await api.post(`/cases/${view.id}/events`, { type, expectedVersion: view.version, ...payload });
              } catch (caught) {
                if (caught instanceof ApiError && caught.code === 'VERSION_CONFLICT') {
                  await loaded.reload();
                  throw new ApiError(409, caught.code, 'Uw dossier is intussen gewijzigd. Bekijk de actuele stand hieronder en probeer het zo nodig opnieuw.');
                }
                throw caught;
              }
              await loaded.reload();
              setNotice(AFTER_EVENT[type]);
            }}
          />
        )}
      </Loadable>
    </>
  );
}

function CaseContent({ view, send }: { view: CaseView; send: SendEvent }) {
  const allowed = new Set(view.allowedEvents.map((e) => e.type));
  const phase = view.phase;
  const guide = view.guide;
  const deadline = guide.nextDeadline && CANDIDATE_DEADLINES.has(guide.nextDeadline.kind) ? guide.nextDeadline.dueText : undefined;
  const yourTurn = YOUR_TURN[phase];

  return (
    <>
      <section aria-labelledby="stand-titel" className="kandidaat-section">
        <Heading level={2} id="stand-titel">
          Waar staat uw risicoanalyse?
        </Heading>
        <Paragraph>
          Fase {guide.phase.number} van {guide.phases.length}: <strong>{guide.phase.title}</strong>
        </Paragraph>
        {yourTurn ? (
          <Paragraph>{yourTurn}</Paragraph>
        ) : (
          <>
            {phase !== 'afgesloten' && phase !== 'vernietigd' && <Paragraph>U hoeft nu niets te doen.</Paragraph>}
            <Paragraph>{guide.now}</Paragraph>
          </>
        )}
        <details className="kandidaat-phases">
          <summary>Alle fasen van de risicoanalyse</summary>
          <ol className="basisscan-stepper">
            {guide.phases.map((p) => (
              <li key={p.state} data-status={p.status === 'afgerond' ? 'done' : p.status === 'huidig' ? 'current' : 'next'} aria-current={p.status === 'huidig' ? 'step' : undefined}>
                {p.title}
                {p.status === 'afgerond' && ' (afgerond)'}
                {p.status === 'huidig' && ' (nu)'}
              </li>
            ))}
          </ol>
        </details>
      </section>

      {(allowed.has('GIVE_CONSENT') || allowed.has('REFUSE_CONSENT')) && <ConsentStep caseId={view.id} deadline={deadline} send={send} />}
      {phase === 'vragenlijst' && <QuestionnaireStep caseId={view.id} deadline={deadline} send={send} />}
      {WEDERHOOR_PHASES.has(phase) && <WederhoorStep caseId={view.id} version={view.version} deadline={deadline} send={send} canAct={allowed.has('RESPOND_TO_FINDINGS') || allowed.has('DECLINE_RESPONSE')} />}

      {allowed.has('CONSENT_TO_FURTHER_INVESTIGATION') && <FurtherInvestigationStep scope={view.furtherInvestigationScope ?? ''} send={send} />}

      {!['toestemmingGevraagd', 'afgesloten', 'vernietigd'].includes(phase) && <SafetyIntakeSection caseId={view.id} />}
      {FINAL_REPORT_PHASES.has(phase) && <ReportCopy caseId={view.id} />}

      <YourData caseId={view.id} allowed={allowed} send={send} />
    </>
  );
}

/** An aanvullend onderzoek widens what is processed: the candidate sees its scope and decides first. */
function FurtherInvestigationStep({ scope, send }: { scope: string; send: SendEvent }) {
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  async function consent() {
    setError(undefined);
    setBusy(true);
    try {
      await send('CONSENT_TO_FURTHER_INVESTIGATION');
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Er ging iets mis.'));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="aanvullend-titel" className="kandidaat-section">
      <Heading level={2} id="aanvullend-titel">
        Aanvullend onderzoek
      </Heading>
      <Paragraph>Dit wordt aanvullend onderzocht:</Paragraph>
      <blockquote className="kandidaat-scope">{scope}</blockquote>
      <Paragraph>
        Stemt u in, dan gaat de screener verder met dit onderzoek en daarna volgen opnieuw een gesprek en hoor en wederhoor. Stemt u niet in, dan kunt u hieronder uw
        toestemming intrekken of uw kandidatuur intrekken.
      </Paragraph>
      {error && <ErrorAlert error={error} />}
      <Button appearance="primary-action-button" disabled={busy} aria-disabled={busy} onClick={() => void consent()}>
        Ik stem in met het aanvullend onderzoek
      </Button>
    </section>
  );
}

/** Phases after the final assessment, when the opdrachtgever may have made the final report. */
const FINAL_REPORT_PHASES = new Set(['advies', 'raadInformeren', 'raadGeinformeerd', 'afgesloten']);

/** The candidate's own copy of the final report (AVG art. 15). */
function ReportCopy({ caseId }: { caseId: string }) {
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [downloaded, setDownloaded] = useState(false);
  async function download() {
    setError(undefined);
    setDownloaded(false);
    setBusy(true);
    try {
      saveBlob(await api.get<Blob>(`/cases/${caseId}/report/copy`), 'risicoanalyse-rapport.pdf');
      setDownloaded(true);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Er ging iets mis.'));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="rapport-titel" className="kandidaat-section">
      <Heading level={2} id="rapport-titel">
        Uw exemplaar van het rapport
      </Heading>
      <Paragraph>U heeft recht op een exemplaar van het rapport van de risicoanalyse. Het rapport is vertrouwelijk: deel het alleen als u dat zelf wilt.</Paragraph>
      <Button appearance="secondary-action-button" disabled={busy} onClick={() => void download()}>
        Rapport downloaden (PDF)
      </Button>
      <p role="status" className="kandidaat-save-status">
        {busy && 'Het rapport wordt opgehaald…'}
        {downloaded && 'Het rapport is gedownload als risicoanalyse-rapport.pdf.'}
      </p>
      {error && <ErrorAlert error={error} />}
    </section>
  );
}

function YourData({ caseId, allowed, send }: { caseId: string; allowed: Set<string>; send: SendEvent }) {
  const [error, setError] = useState<ApiError>();
  const [downloaded, setDownloaded] = useState(false);
  const [busy, setBusy] = useState(false);

  async function download() {
    setError(undefined);
    setDownloaded(false);
    setBusy(true);
    try {
      const data = await api.get<unknown>(`/cases/${caseId}/export`);
      saveBlob(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }), 'mijn-gegevens.json');
      setDownloaded(true);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Er ging iets mis.'));
    } finally {
      setBusy(false);
    }
  }

  async function act(type: string) {
    setError(undefined);
    try {
      await send(type);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Er ging iets mis.'));
    }
  }

  return (
    <section aria-labelledby="gegevens-titel" className="kandidaat-section">
      <Heading level={2} id="gegevens-titel">
        Uw gegevens en uw rechten
      </Heading>
      <Heading level={3}>Inzien wat er over u is vastgelegd</Heading>
      <Paragraph>
        U kunt alle gegevens die in deze risicoanalyse over u zijn vastgelegd downloaden, zolang het dossier bestaat. U krijgt een bestand (JSON) met uw
        antwoorden, de bevindingen, uw reactie en wie uw gegevens heeft bekeken.
      </Paragraph>
      <Button appearance="secondary-action-button" disabled={busy} onClick={() => void download()}>
        Mijn gegevens downloaden
      </Button>
      <p role="status" className="kandidaat-save-status">
        {busy && 'Uw gegevens worden opgehaald…'}
        {downloaded && 'Uw gegevens zijn gedownload als mijn-gegevens.json.'}
      </p>
      {error && <ErrorAlert error={error} />}

      {(allowed.has('WITHDRAW_CONSENT') || allowed.has('WITHDRAW_CANDIDACY')) && (
        <>
          <Heading level={3}>Stoppen</Heading>
          <Paragraph>U kunt nu nog stoppen. Het onderzoek stopt dan, en uw gegevens worden na de bewaartermijn vernietigd.</Paragraph>
          <div className="kandidaat-stop">
            {allowed.has('WITHDRAW_CONSENT') && (
              <ConfirmAction
                label="Toestemming intrekken"
                question="Weet u zeker dat u uw toestemming wilt intrekken?"
                confirmLabel="Ja, ik trek mijn toestemming in"
                onConfirm={() => act('WITHDRAW_CONSENT')}
              >
                <Paragraph>Het onderzoek stopt direct. Zonder toestemming kan er geen positief advies over uw benoeming komen.</Paragraph>
              </ConfirmAction>
            )}
            {allowed.has('WITHDRAW_CANDIDACY') && (
              <ConfirmAction
                label="Kandidatuur intrekken"
                question="Weet u zeker dat u zich terugtrekt als kandidaat?"
                confirmLabel="Ja, ik trek mijn kandidatuur in"
                onConfirm={() => act('WITHDRAW_CANDIDACY')}
              >
                <Paragraph>Het onderzoek stopt direct en de organisatie hoort dat u zich hebt teruggetrokken.</Paragraph>
              </ConfirmAction>
            )}
          </div>
        </>
      )}
    </section>
  );
}
