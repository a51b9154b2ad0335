import {
  Alert,
  Button,
  ButtonGroup,
  Checkbox,
  Fieldset,
  FieldsetLegend,
  FormField,
  FormFieldDescription,
  FormFieldErrorMessage,
  FormLabel,
  Heading,
  Paragraph,
  RadioButton,
  Textarea,
  Textbox,
} from '@utrecht/component-library-react';
import { MouseEvent, ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, ApiError } from '../../api';
import { ErrorAlert, fieldId, Loadable, useLoad } from '../../components/ui';
import { answerFromDraft, Draft, Entry, FieldValue, isAnswered, isShown, LocalProblem, newEntry, questionOfField, draftFromAnswer } from './answers';
import { SendEvent, timeNl } from './parts';
import { Answer, FieldDefinition, MissingAnswer, MissingReason, Question, QuestionnaireView } from './types';

const AUTOSAVE_DELAY_MS = 1200;

const MISSING_REASONS: Record<MissingReason, string> = {
  onbeantwoord: 'nog niet beantwoord',
  toelichting_ontbreekt: 'de toelichting ontbreekt',
  lijst_leeg: 'voeg minstens één regel toe',
  lijstregel_onvolledig: 'een regel is nog niet helemaal ingevuld',
  verklaring_niet_gegeven: 'de verklaring is nog niet gegeven',
};

/** The questionnaire, once loaded. */
export function QuestionnaireStep({ caseId, deadline, send }: { caseId: string; deadline?: string; send: SendEvent }) {
  const loaded = useLoad(() => api.get<QuestionnaireView>(`/cases/${caseId}/questionnaire`), [caseId]);
  return (
    <section aria-labelledby="vragenlijst-titel" className="kandidaat-section">
      <Loadable loaded={loaded}>{(view) => <QuestionnaireForm caseId={caseId} view={view} deadline={deadline} send={send} />}</Loadable>
    </section>
  );
}

type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: Date } | { kind: 'failed'; message: string };

interface SummaryItem {
  field: string;
  step: number;
  text: string;
}

function QuestionnaireForm({ caseId, view, deadline, send }: { caseId: string; view: QuestionnaireView; deadline?: string; send: SendEvent }) {
  const themes = view.themes;
  const questions = useMemo(() => themes.flatMap((t) => t.questions), [themes]);
  const stepOf = useMemo(() => new Map(themes.flatMap((t, i) => t.questions.map((q) => [q.id, i] as const))), [themes]);
  const [params, setParams] = useSearchParams();
  const requested = Number(params.get('stap'));
  const step = Number.isInteger(requested) && requested >= 1 && requested <= themes.length ? requested - 1 : 0;

  const [drafts, setDrafts] = useState<Record<string, Draft>>(() =>
    Object.fromEntries(questions.map((q) => [q.id, draftFromAnswer(q, view.answers[q.id])])),
  );
  const draftsRef = useRef(drafts);
  const dirty = useRef(new Set<string>());
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'idle' });
  const [serverProblems, setServerProblems] = useState<LocalProblem[]>([]);
  const [missing, setMissing] = useState<MissingAnswer[]>(view.missing);
  const [submitMissing, setSubmitMissing] = useState<MissingAnswer[] | null>(null);
  const [submitError, setSubmitError] = useState<ApiError>();
  const [showSummary, setShowSummary] = useState(false);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const missingRef = useRef<HTMLDivElement>(null);
  const pendingFocus = useRef<string | null>(null);

  // Problems the form finds itself (an amount that is no number), for every question.
  // Shown once a save was tried, so nobody sees an error halfway through typing "12,50".
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const localProblems = useMemo(
    () => questions.filter((q) => checked.has(q.id)).flatMap((q) => answerFromDraft(q, drafts[q.id]).problems),
    [questions, drafts, checked],
  );
  const problems = useMemo(() => {
    const own = new Set(localProblems.map((p) => p.field));
    return [...localProblems, ...serverProblems.filter((p) => !own.has(p.field))];
  }, [localProblems, serverProblems]);
  const problemAt = (field: string) => problems.find((p) => p.field === field)?.message;

  const save = useCallback(async (): Promise<void> => {
    const ids = [...dirty.current];
    if (ids.length === 0) return;
    const answers: Record<string, Answer | null> = {};
    for (const id of ids) {
      const question = questions.find((q) => q.id === id)!;
      const { answer, problems: found } = answerFromDraft(question, draftsRef.current[id]);
      if (found.length === 0) answers[id] = answer;
    }
    const invalid = ids.filter((id) => !(id in answers));
    if (invalid.length) setChecked((current) => new Set([...current, ...invalid]));
    const sending = Object.keys(answers);
    if (sending.length === 0) {
      setSaveState({ kind: 'failed', message: 'Niet opgeslagen: verbeter eerst de antwoorden die zijn gemarkeerd.' });
      return;
    }
    sending.forEach((id) => dirty.current.delete(id));
    setSaveState({ kind: 'saving' });
    try {
      let saved: QuestionnaireView;
      try {
        saved = await api.put<QuestionnaireView>(`/cases/${caseId}/questionnaire/answers`, { answers });
        setServerProblems((current) => current.filter((p) => !sending.includes(questionOfField(p.field, questions)?.id ?? '')));
      } catch (caught) {
        if (!(caught instanceof ApiError) || caught.status !== 422 || caught.fields.length === 0) throw caught;
        // Nothing was saved: keep what the service refused (shown at the field) and save the rest.
        const refused = new Set(caught.fields.map((f) => questionOfField(f.field, questions)?.id).filter((id): id is string => !!id));
        setServerProblems((current) => [
          ...current.filter((p) => !sending.includes(questionOfField(p.field, questions)?.id ?? '')),
          ...caught.fields.map((f) => ({ field: f.field, message: f.problems.map((p) => p.message).join(', ') })),
        ]);
        refused.forEach((id) => dirty.current.add(id));
        const rest = Object.fromEntries(Object.entries(answers).filter(([id]) => !refused.has(id)));
        if (Object.keys(rest).length === 0) {
          setSaveState({ kind: 'failed', message: 'Niet alles is opgeslagen: verbeter de antwoorden die hieronder zijn gemarkeerd.' });
          return;
        }
        saved = await api.put<QuestionnaireView>(`/cases/${caseId}/questionnaire/answers`, { answers: rest });
      }
      setMissing(saved.missing);
      setSaveState({ kind: 'saved', at: new Date() });
    } catch (caught) {
      sending.forEach((id) => dirty.current.add(id));
      const message = caught instanceof ApiError ? caught.message : 'Er ging iets mis.';
      setSaveState({ kind: 'failed', message: `Niet opgeslagen: ${message}` });
    }
  }, [caseId, questions]);

  /** Saves what changed now; saves run one after the other. */
  const flush = useCallback((): Promise<void> => {
    clearTimeout(timer.current);
    queue.current = queue.current.then(save, save);
    return queue.current;
  }, [save]);

  useEffect(() => () => clearTimeout(timer.current), []);
  useEffect(() => {
    // Leaving with changes not yet saved: save now, and let the browser ask before closing.
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (dirty.current.size === 0) return;
      void flush();
      event.preventDefault();
    };
    const hidden = () => {
      if (document.visibilityState === 'hidden') void flush();
    };
    window.addEventListener('beforeunload', beforeUnload);
    document.addEventListener('visibilitychange', hidden);
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      document.removeEventListener('visibilitychange', hidden);
    };
  }, [flush]);

  function change(id: string, update: (draft: Draft) => Draft) {
    const next = { ...draftsRef.current, [id]: update(draftsRef.current[id]) };
    draftsRef.current = next;
    setDrafts(next);
    dirty.current.add(id);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), AUTOSAVE_DELAY_MS);
  }

  function go(index: number, focus?: string) {
    void flush();
    pendingFocus.current = focus ?? null;
    setParams(index === 0 ? {} : { stap: String(index + 1) });
    if (index === step) focusPending();
  }

  function focusPending() {
    const target = pendingFocus.current;
    pendingFocus.current = null;
    if (target) document.getElementById(target)?.focus();
    else headingRef.current?.focus();
  }

  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    focusPending();
  }, [step]);

  const summaryItems: SummaryItem[] = problems.map((p) => {
    const question = questionOfField(p.field, questions);
    return { field: p.field, step: question ? stepOf.get(question.id)! : step, text: `${labelOfField(p.field, question)}: ${p.message}` };
  });

  async function submit() {
    // Busy from the first click: the save before submitting must not let a second click through.
    if (busy) return;
    setBusy(true);
    setSubmitError(undefined);
    setSubmitMissing(null);
    await flush();
    if (dirty.current.size > 0) {
      setBusy(false);
      setShowSummary(true);
      setTimeout(() => summaryRef.current?.focus());
      return;
    }
    try {
      await send('SUBMIT_QUESTIONNAIRE');
    } catch (caught) {
      const error = caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Er ging iets mis.');
      const list = (error.details as { missing?: MissingAnswer[] } | undefined)?.missing;
      if (error.code === 'QUESTIONNAIRE_INCOMPLETE' && Array.isArray(list)) {
        setMissing(list);
        setSubmitMissing(list);
        setTimeout(() => missingRef.current?.focus());
      } else setSubmitError(error);
    } finally {
      setBusy(false);
    }
  }

  const link = (index: number, focus: string | undefined, children: ReactNode) => (
    <a
      href={`?stap=${index + 1}${focus ? `#${focus}` : ''}`}
      className="utrecht-link"
      onClick={(event: MouseEvent) => {
        event.preventDefault();
        go(index, focus);
      }}
    >
      {children}
    </a>
  );

  const theme = themes[step];
  const shownIn = (index: number) => themes[index].questions.filter((q) => isShown(q, drafts));
  const answeredIn = (index: number) => shownIn(index).filter((q) => isAnswered(q, drafts[q.id])).length;
  const missingIn = (index: number) => missing.filter((m) => stepOf.get(m.questionId) === index).length;
  const answeredTotal = themes.reduce((sum, _, i) => sum + answeredIn(i), 0);
  const shownTotal = themes.reduce((sum, _, i) => sum + shownIn(i).length, 0);
  const last = step === themes.length - 1;
  const stepProblems = summaryItems.filter((item) => item.step === step);
  const visibleSummary = showSummary ? summaryItems : stepProblems;

  return (
    <>
      <Heading level={2} id="vragenlijst-titel">
        De vragenlijst invullen
      </Heading>
      <Paragraph>{view.intro}</Paragraph>
      {deadline && <Paragraph>Vul de vragenlijst in, {deadline}.</Paragraph>}

      <div className="kandidaat-questionnaire">
        <nav aria-label="Onderdelen van de vragenlijst" className="kandidaat-questionnaire__steps">
          <Paragraph>
            {answeredTotal} van {shownTotal} vragen beantwoord
          </Paragraph>
          <ol className="basisscan-stepper">
            {themes.map((t, index) => {
              const status = index === step ? 'current' : missingIn(index) === 0 && answeredIn(index) > 0 ? 'done' : 'next';
              return (
                <li key={t.id} data-status={status}>
                  <a
                    href={`?stap=${index + 1}`}
                    className="utrecht-link"
                    aria-current={index === step ? 'step' : undefined}
                    onClick={(event) => {
                      event.preventDefault();
                      go(index);
                    }}
                  >
                    {index + 1}. {t.title}
                  </a>
                  <span className="kandidaat-questionnaire__count">
                    {' '}
                    ({answeredIn(index)} van {shownIn(index).length} beantwoord)
                  </span>
                </li>
              );
            })}
          </ol>
        </nav>

        <div className="kandidaat-questionnaire__step">
          <Paragraph className="kandidaat-questionnaire__progress">
            Stap {step + 1} van {themes.length}
          </Paragraph>
          <Heading level={3} ref={headingRef} tabIndex={-1} className="kandidaat-questionnaire__title">
            {theme.title}
          </Heading>
          <Paragraph>
            {answeredIn(step)} van {shownIn(step).length} vragen in deze stap beantwoord.
          </Paragraph>

          {visibleSummary.length > 0 && (
            <div ref={summaryRef} tabIndex={-1} className="basisscan-error-summary" aria-labelledby="vragenlijst-problemen">
              <Alert type="error">
                <Heading level={4} id="vragenlijst-problemen">
                  Er is een probleem
                </Heading>
                <Paragraph>Deze antwoorden zijn nog niet opgeslagen. Verbeter ze:</Paragraph>
                <ul>
                  {visibleSummary.map((item) => (
                    <li key={item.field}>{link(item.step, fieldId(item.field), item.text)}</li>
                  ))}
                </ul>
              </Alert>
            </div>
          )}

          <form
            className="basisscan-form kandidaat-questionnaire__form"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              if (!last) go(step + 1);
            }}
          >
            {theme.questions
              .filter((q) => isShown(q, drafts))
              .map((question) => (
                <QuestionField key={question.id} question={question} draft={drafts[question.id]} onChange={(update) => change(question.id, update)} problemAt={problemAt} />
              ))}

            <ButtonGroup className="kandidaat-questionnaire__nav">
              {step > 0 && (
                <Button appearance="secondary-action-button" onClick={() => go(step - 1)}>
                  Vorige stap
                </Button>
              )}
              {!last && (
                <Button type="submit" appearance="primary-action-button">
                  Volgende stap
                </Button>
              )}
            </ButtonGroup>
          </form>

          <p role="status" className="kandidaat-save-status">
            {saveState.kind === 'saving' && 'Bezig met opslaan…'}
            {saveState.kind === 'saved' && `Opgeslagen om ${timeNl(saveState.at)}`}
            {saveState.kind === 'failed' && saveState.message}
          </p>

          {last && (
            <div className="kandidaat-submit">
              <Heading level={3}>Vragenlijst indienen</Heading>
              <Paragraph>
                {missing.length === 0
                  ? 'Alle verplichte vragen zijn beantwoord. Na het indienen kunt u de antwoorden niet meer wijzigen; de screener leest ze daarna.'
                  : `Er ${missing.length === 1 ? 'ontbreekt nog 1 antwoord' : `ontbreken nog ${missing.length} antwoorden`}. Na het indienen kunt u de antwoorden niet meer wijzigen.`}
              </Paragraph>
              {submitMissing && (
                <div ref={missingRef} tabIndex={-1} className="basisscan-error-summary" aria-labelledby="vragenlijst-ontbreekt">
                  <Alert type="error">
                    <Heading level={4} id="vragenlijst-ontbreekt">
                      De vragenlijst is nog niet compleet
                    </Heading>
                    <Paragraph>Vul eerst deze antwoorden aan:</Paragraph>
                    <ul>
                      {submitMissing.map((m) => {
                        const question = questions.find((q) => q.id === m.questionId);
                        const index = stepOf.get(m.questionId) ?? 0;
                        return (
                          <li key={`${m.questionId}-${m.reason}`}>
                            {link(index, question ? firstInputOf(question, m.reason) : undefined, `Stap ${index + 1}, ${themes[index].title}: ${question?.label ?? m.questionId} — ${MISSING_REASONS[m.reason] ?? m.reason}`)}
                          </li>
                        );
                      })}
                    </ul>
                  </Alert>
                </div>
              )}
              {submitError && <ErrorAlert error={submitError} />}
              <Button appearance="primary-action-button" disabled={busy} onClick={() => void submit()}>
                Vragenlijst indienen
              </Button>
            </div>
          )}
        </div>
      </div>
    </>
  );
}

function labelOfField(field: string, question: Question | undefined): string {
  if (!question) return field;
  if (field.endsWith('.explanation')) return `${question.label} (toelichting)`;
  const entry = /\.value\.(\d+)\.([^.]+)$/.exec(field);
  if (entry && question.type === 'list') {
    const definition = question.fields?.find((f) => f.id === entry[2]);
    return `${question.label}, regel ${Number(entry[1]) + 1}: ${definition?.label ?? entry[2]}`;
  }
  return question.label;
}

function firstInputOf(question: Question, reason: MissingReason): string {
  if (reason === 'toelichting_ontbreekt') return fieldId(`answers.${question.id}.explanation`);
  if (question.type === 'list') return fieldId(`answers.${question.id}.toevoegen`);
  return fieldId(`answers.${question.id}.value`);
}

/** Whose question it is (the organisation's own ones say so), the question's help, then who sees the answer (v2 templates say so per question). */
const helpOf = (question: Question) => [question.ownQuestion && `${question.ownQuestion}.`, question.help, question.seenBy].filter(Boolean).join(' ');

const optional = (question: Question) => (!question.required && !question.requiredIf ? ' (niet verplicht)' : '');

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  return ids.filter(Boolean).join(' ') || undefined;
}

function QuestionField({
  question,
  draft,
  onChange,
  problemAt,
}: {
  question: Question;
  draft: Draft;
  onChange: (update: (draft: Draft) => Draft) => void;
  problemAt: (field: string) => string | undefined;
}) {
  const valueField = `answers.${question.id}.value`;
  const id = fieldId(valueField);
  const helpId = `${id}-uitleg`;
  const error = problemAt(valueField);
  const errorId = `${id}-fout`;

  switch (question.type) {
    case 'yes_no': {
      const explanationField = `answers.${question.id}.explanation`;
      const explanationId = fieldId(explanationField);
      const explanationError = problemAt(explanationField);
      return (
        <div className="kandidaat-question">
          <Fieldset invalid={!!error} aria-describedby={describedBy(helpOf(question) && helpId, error && errorId)}>
            <FieldsetLegend>{question.label}</FieldsetLegend>
            {helpOf(question) && <FormFieldDescription id={helpId}>{helpOf(question)}</FormFieldDescription>}
            {error && <FormFieldErrorMessage id={errorId}>{error}</FormFieldErrorMessage>}
            <YesNo name={valueField} id={id} value={draft.value} invalid={!!error} onChange={(value) => onChange((d) => ({ ...d, value }))} />
          </Fieldset>
          {draft.value === true && question.explanationOnYes && (
            <FormField invalid={!!explanationError} type="text" className="kandidaat-explanation">
              <div className="utrecht-form-field__label">
                <FormLabel htmlFor={explanationId}>Toelichting</FormLabel>
              </div>
              <FormFieldDescription id={`${explanationId}-uitleg`}>Licht uw ja toe. {question.help}</FormFieldDescription>
              {explanationError && <FormFieldErrorMessage id={`${explanationId}-fout`}>{explanationError}</FormFieldErrorMessage>}
              <div className="utrecht-form-field__input">
                <Textarea
                  id={explanationId}
                  name={explanationField}
                  rows={4}
                  required
                  invalid={!!explanationError}
                  aria-describedby={describedBy(`${explanationId}-uitleg`, explanationError && `${explanationId}-fout`)}
                  value={draft.explanation}
                  onChange={(event) => {
                    const explanation = event.target.value;
                    onChange((d) => ({ ...d, explanation }));
                  }}
                />
              </div>
            </FormField>
          )}
        </div>
      );
    }
    case 'declaration':
      return (
        <FormField invalid={!!error} type="checkbox" className="kandidaat-question">
          {helpOf(question) && <FormFieldDescription id={helpId}>{helpOf(question)}</FormFieldDescription>}
          {error && <FormFieldErrorMessage id={errorId}>{error}</FormFieldErrorMessage>}
          <div className="kandidaat-check">
            <Checkbox
              id={id}
              name={valueField}
              checked={draft.value === true}
              invalid={!!error}
              aria-describedby={describedBy(helpOf(question) && helpId, error && errorId)}
              onChange={(event) => {
                const value = event.target.checked;
                onChange((d) => ({ ...d, value }));
              }}
            />
            <FormLabel htmlFor={id} type="checkbox">
              {question.label}
            </FormLabel>
          </div>
        </FormField>
      );
    case 'list':
      return <ListField question={question} draft={draft} onChange={onChange} problemAt={problemAt} />;
    default:
      return (
        <FormField invalid={!!error} type="text" className="kandidaat-question">
          <div className="utrecht-form-field__label">
            <FormLabel htmlFor={id}>
              {question.label}
              {optional(question)}
            </FormLabel>
          </div>
          {helpOf(question) && <FormFieldDescription id={helpId}>{helpOf(question)}</FormFieldDescription>}
          {error && <FormFieldErrorMessage id={errorId}>{error}</FormFieldErrorMessage>}
          <div className="utrecht-form-field__input">
            {question.type === 'text' ? (
              <Textarea
                id={id}
                name={valueField}
                rows={3}
                invalid={!!error}
                aria-describedby={describedBy(helpOf(question) && helpId, error && errorId)}
                value={String(draft.value ?? '')}
                onChange={(event) => {
                  const value = event.target.value;
                  onChange((d) => ({ ...d, value }));
                }}
              />
            ) : (
              <Textbox
                id={id}
                name={valueField}
                type={question.type === 'date' ? 'date' : 'text'}
                inputMode={question.type === 'amount' ? 'decimal' : undefined}
                invalid={!!error}
                aria-describedby={describedBy(helpOf(question) && helpId, error && errorId)}
                value={String(draft.value ?? '')}
                onChange={(event) => {
                  const value = event.target.value;
                  onChange((d) => ({ ...d, value }));
                }}
              />
            )}
          </div>
        </FormField>
      );
  }
}

function YesNo({ name, id, value, invalid, onChange }: { name: string; id: string; value: FieldValue; invalid: boolean; onChange: (value: boolean) => void }) {
  return (
    <div className="kandidaat-yes-no">
      {[true, false].map((option) => {
        const optionId = option ? id : `${id}-nee`;
        return (
          <div key={String(option)} className="kandidaat-check">
            <RadioButton id={optionId} name={name} value={option ? 'ja' : 'nee'} checked={value === option} invalid={invalid} onChange={() => onChange(option)} />
            <FormLabel htmlFor={optionId} type="radio">
              {option ? 'Ja' : 'Nee'}
            </FormLabel>
          </div>
        );
      })}
    </div>
  );
}

function ListField({
  question,
  draft,
  onChange,
  problemAt,
}: {
  question: Question;
  draft: Draft;
  onChange: (update: (draft: Draft) => Draft) => void;
  problemAt: (field: string) => string | undefined;
}) {
  const base = `answers.${question.id}.value`;
  const id = fieldId(base);
  const error = problemAt(base);
  const focusAfter = useRef<string | null>(null);
  const entries = draft.entries;

  useEffect(() => {
    if (focusAfter.current) {
      document.getElementById(focusAfter.current)?.focus();
      focusAfter.current = null;
    }
  }, [entries.length]);

  const setField = (key: number, fieldIdOf: string, value: FieldValue) =>
    onChange((d) => ({ ...d, entries: d.entries.map((e) => (e.key === key ? { ...e, values: { ...e.values, [fieldIdOf]: value } } : e)) }));

  return (
    <div className="kandidaat-question">
      <Fieldset invalid={!!error} aria-describedby={describedBy(helpOf(question) && `${id}-uitleg`, error && `${id}-fout`)}>
        <FieldsetLegend id={`${id}-titel`}>{question.label}</FieldsetLegend>
        {helpOf(question) && <FormFieldDescription id={`${id}-uitleg`}>{helpOf(question)}</FormFieldDescription>}
        {error && <FormFieldErrorMessage id={`${id}-fout`}>{error}</FormFieldErrorMessage>}
        {entries.length === 0 && <Paragraph>Nog geen regels. Voeg een regel toe.</Paragraph>}
        {entries.map((entry: Entry, index) => {
          const entryBase = `${base}.${index}`;
          return (
            <div key={entry.key} className="basisscan-card kandidaat-entry">
              <Fieldset>
                <FieldsetLegend>Regel {index + 1}</FieldsetLegend>
                {(question.fields ?? []).map((definition) => (
                  <EntryField
                    key={definition.id}
                    name={`${entryBase}.${definition.id}`}
                    definition={definition}
                    value={entry.values[definition.id]}
                    error={problemAt(`${entryBase}.${definition.id}`)}
                    onChange={(value) => setField(entry.key, definition.id, value)}
                  />
                ))}
                <Button
                  appearance="subtle-button"
                  aria-label={`Regel ${index + 1} verwijderen uit ${question.label.toLowerCase()}`}
                  onClick={() => {
                    focusAfter.current = fieldId(`answers.${question.id}.toevoegen`);
                    onChange((d) => ({ ...d, entries: d.entries.filter((e) => e.key !== entry.key) }));
                  }}
                >
                  Regel {index + 1} verwijderen
                </Button>
              </Fieldset>
            </div>
          );
        })}
        <Button
          id={fieldId(`answers.${question.id}.toevoegen`)}
          appearance="secondary-action-button"
          aria-label={`Regel toevoegen aan ${question.label.toLowerCase()}`}
          onClick={() => {
            const first = question.fields?.[0];
            if (first) focusAfter.current = fieldId(`${base}.${entries.length}.${first.id}`);
            onChange((d) => ({ ...d, entries: [...d.entries, newEntry()] }));
          }}
        >
          Regel toevoegen
        </Button>
      </Fieldset>
    </div>
  );
}

function EntryField({ name, definition, value, error, onChange }: { name: string; definition: FieldDefinition; value: FieldValue; error?: string; onChange: (value: FieldValue) => void }) {
  const id = fieldId(name);
  const errorId = `${id}-fout`;
  const label = `${definition.label}${definition.required ? '' : ' (niet verplicht)'}`;
  if (definition.type === 'yes_no') {
    return (
      <Fieldset invalid={!!error} aria-describedby={error ? errorId : undefined}>
        <FieldsetLegend>{label}</FieldsetLegend>
        {error && <FormFieldErrorMessage id={errorId}>{error}</FormFieldErrorMessage>}
        <YesNo name={name} id={id} value={value} invalid={!!error} onChange={onChange} />
      </Fieldset>
    );
  }
  return (
    <FormField invalid={!!error} type="text">
      <div className="utrecht-form-field__label">
        <FormLabel htmlFor={id}>{label}</FormLabel>
      </div>
      {error && <FormFieldErrorMessage id={errorId}>{error}</FormFieldErrorMessage>}
      <div className="utrecht-form-field__input">
        <Textbox
          id={id}
          name={name}
          type={definition.type === 'date' ? 'date' : 'text'}
          inputMode={definition.type === 'amount' ? 'decimal' : undefined}
          invalid={!!error}
          aria-describedby={error ? errorId : undefined}
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.target.value)}
        />
      </div>
    </FormField>
  );
}
