import { Paragraph } from '@utrecht/component-library-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../../api';
import { ErrorAlert, Notice, PageTitle } from '../../components/ui';
import { dateNl } from '../../format';
import { ScreenerCorrections } from '../kandidaat/corrections';
import { ConclusionSection } from './conclusion';
import { InterviewSection } from './interview';
import { LOCKED_MESSAGE } from './labels';
import { QuestionnaireSection } from './questionnaire';
import { RisksSection } from './risks';
import { Assessment, asApiError, CaseView, FileContext, FileState, Questionnaire } from './shared';
import { SourcesSection } from './sources';
import './screener.css';

/**
 * The assigned screener's file (onderzoeksdossier): the candidate's questionnaire, the
 * bronnenlogboek, the interview, the risk register with its map, and the conclusion, with the
 * workflow step of each part offered where the work is done.
 */
export function ScreenerFilePage() {
  const { id = '' } = useParams();
  const [view, setView] = useState<CaseView>();
  const [file, setFile] = useState<Assessment>();
  const [loadError, setLoadError] = useState<ApiError>();
  const [questionnaire, setQuestionnaire] = useState<Questionnaire | null>(null);
  const [questionnaireError, setQuestionnaireError] = useState<ApiError>();
  const [lockedBy, setLockedBy] = useState<ApiError>();
  const [problem, setProblemState] = useState<{ form: string; error: ApiError }>();

  const refresh = useCallback(async () => {
    try {
      const [nextView, nextFile] = await Promise.all([api.get<CaseView>(`/cases/${id}`), api.get<Assessment>(`/cases/${id}/assessment`)]);
      setView(nextView);
      setFile(nextFile);
      setLoadError(undefined);
    } catch (caught) {
      setLoadError(asApiError(caught));
    }
  }, [id]);

  // Asked once the case is known, and again when its phase shows the questionnaire was submitted.
  const known = view !== undefined;
  const submitted = view ? !['opdrachtVerleend', 'screenerToegewezen', 'toestemmingGevraagd', 'vragenlijst'].includes(view.phase) : false;
  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEffect(() => {
    if (!known) return;
    api
      .get<Questionnaire>(`/cases/${id}/questionnaire`)
      .then((q) => {
        setQuestionnaire(q);
        setQuestionnaireError(undefined);
      })
      .catch((caught) => setQuestionnaireError(asApiError(caught)));
  }, [id, known, submitted]);

  const state = useMemo<FileState | undefined>(() => {
    if (!view || !file) return undefined;
    return {
      caseId: id,
      view,
      file,
      questionnaire,
      editable: view.screenerFileOpen && !lockedBy,
      refresh,
      async act(type, payload = {}) {
        try {
          const next = await api.post<CaseView>(`/cases/${id}/events`, { type, expectedVersion: view.version, ...payload });
          setView(next);
          setLockedBy(undefined);
          await refresh();
          return next;
        } catch (caught) {
          const error = asApiError(caught);
          if (error.code === 'VERSION_CONFLICT') {
            await refresh();
            throw new ApiError(error.status, error.code, 'Het dossier is intussen gewijzigd. De pagina toont nu de actuele stand; probeer het opnieuw als dat nog nodig is.');
          }
          throw error;
        }
      },
      locked(error) {
        setLockedBy(error);
        void refresh();
      },
      problemOf: (form) => (problem?.form === form ? problem.error : undefined),
      setProblem: (form, error) => setProblemState((current) => (error ? { form, error } : current?.form === form ? undefined : current)),
    };
  }, [id, view, file, questionnaire, lockedBy, problem, refresh]);

  if (loadError && !state) {
    return (
      <>
        <PageTitle title="Onderzoeksdossier">Onderzoeksdossier</PageTitle>
        <ErrorAlert error={loadError} />
      </>
    );
  }
  if (!state || !view) {
    return (
      <>
        <PageTitle title="Onderzoeksdossier">Onderzoeksdossier</PageTitle>
        <Paragraph aria-live="polite">Bezig met laden…</Paragraph>
      </>
    );
  }

  const editable = state.editable;
  return (
    <FileContext.Provider value={state}>
      <PageTitle title="Onderzoeksdossier">Onderzoeksdossier</PageTitle>
      <Paragraph>
        {view.candidate?.name ? <>Kandidaat: <strong>{view.candidate.name}</strong>. </> : null}
        Fase: <strong>{view.guide.phase.title}</strong>. Beoogde benoeming: {dateNl(view.plannedAppointmentDate)}.
      </Paragraph>
      <Paragraph>
        <Link to={`/zaken/${id}`} className="utrecht-link">
          Naar het overzicht van dit dossier (stappen, termijnen en acties)
        </Link>
      </Paragraph>
      {loadError && <ErrorAlert error={loadError} />}
      {!editable && (
        <Notice type="info">
          <Paragraph>{lockedBy?.message ?? LOCKED_MESSAGE}</Paragraph>
          {view.phase === 'hoorEnWederhoor' && <Paragraph>De kandidaat kan nu reageren op de bevindingen. U ziet het dossier alleen ter inzage.</Paragraph>}
        </Notice>
      )}
      <nav aria-label="Onderdelen van het dossier" className="screener-toc">
        <ul>
          <li><a className="utrecht-link" href="#vragenlijst-titel">Vragenlijst</a></li>
          <li><a className="utrecht-link" href="#bronnen-titel">Bronnenlogboek</a></li>
          <li><a className="utrecht-link" href="#gesprek-titel">Gesprek</a></li>
          <li><a className="utrecht-link" href="#risico-titel">Risicoregister</a></li>
          <li><a className="utrecht-link" href="#conclusie-titel">Conclusie</a></li>
        </ul>
      </nav>
      <QuestionnaireSection questionnaire={questionnaire} error={questionnaireError} />
      <SourcesSection />
      <InterviewSection />
      <RisksSection />
      <ConclusionSection />
      {['hoorEnWederhoor', 'eindrapportage', 'advies', 'raadInformeren', 'raadGeinformeerd'].includes(view.phase) && file && (
        <ScreenerCorrections caseId={view.id} findings={file.sources.filter((s) => s.isFinding).map((s) => ({ id: s.id, found: s.found }))} />
      )}
    </FileContext.Provider>
  );
}
