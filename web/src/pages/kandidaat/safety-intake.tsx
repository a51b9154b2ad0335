import { Button, Fieldset, FieldsetLegend, FormFieldDescription, FormLabel, Heading, Paragraph, RadioButton } from '@utrecht/component-library-react';
import { useState } from 'react';
import { api, ApiError } from '../../api';
import { ErrorAlert, ErrorSummary, fieldId, Loadable, Notice, problemFor, TextareaField, useLoad } from '../../components/ui';
import { ConfirmAction } from './parts';
import { Answer, SafetyIntakeView } from './types';

/**
 * The voluntary safety intake: apart from the questionnaire, only if the candidate wants it, read by
 * the opdrachtgever alone. The texts (who sees it, that it is voluntary) come from the service.
 */
export function SafetyIntakeSection({ caseId }: { caseId: string }) {
  const loaded = useLoad(() => api.get<SafetyIntakeView>(`/cases/${caseId}/safety-intake`), [caseId]);
  return (
    <section aria-labelledby="veiligheid-titel" className="kandidaat-section">
      <Loadable loaded={loaded}>{(view) => <SafetyIntakeForm caseId={caseId} view={view} reload={loaded.reload} />}</Loadable>
    </section>
  );
}

function SafetyIntakeForm({ caseId, view, reload }: { caseId: string; view: SafetyIntakeView; reload: () => Promise<void> }) {
  const [wants, setWants] = useState(view.optedIn);
  const [answers, setAnswers] = useState<Record<string, Answer>>(view.answers);
  const [error, setError] = useState<ApiError>();
  const [notice, setNotice] = useState<string>();
  const questions = view.themes.flatMap((t) => t.questions);

  async function save() {
    setError(undefined);
    setNotice(undefined);
    try {
      await api.put(`/cases/${caseId}/safety-intake`, { answers });
      setNotice('Uw antwoorden zijn opgeslagen. Alleen de opdrachtgever kan ze lezen.');
      await reload();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Er ging iets mis.'));
    }
  }
  async function remove() {
    setError(undefined);
    try {
      await api.delete(`/cases/${caseId}/safety-intake`);
      setAnswers({});
      setWants(false);
      setNotice('Uw antwoorden over uw veiligheid zijn verwijderd.');
      await reload();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'ERROR', 'Er ging iets mis.'));
    }
  }
  const set = (id: string, answer: Answer | undefined) =>
    setAnswers((all) => {
      const next = { ...all };
      if (answer === undefined) delete next[id];
      else next[id] = answer;
      return next;
    });

  return (
    <>
      <Heading level={2} id="veiligheid-titel">
        {view.title}
      </Heading>
      <Paragraph>{view.intro}</Paragraph>
      {notice && (
        <Notice type="ok">
          <Paragraph>{notice}</Paragraph>
        </Notice>
      )}
      {error && (error.details ? <ErrorSummary error={error} level={3} /> : <ErrorAlert error={error} />)}
      {!wants && view.open && (
        <Button appearance="secondary-action-button" onClick={() => setWants(true)}>
          Ik wil dit invullen
        </Button>
      )}
      {wants && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          {questions.map((q) =>
            q.type === 'yes_no' ? (
              <div key={q.id} className="kandidaat-question">
                <Fieldset aria-describedby={`${fieldId(`answers.${q.id}.value`)}-uitleg`}>
                  <FieldsetLegend>{q.label}</FieldsetLegend>
                  <FormFieldDescription id={`${fieldId(`answers.${q.id}.value`)}-uitleg`}>{q.help}</FormFieldDescription>
                  <div className="kandidaat-yes-no">
                    {[true, false].map((option) => {
                      const id = `${fieldId(`answers.${q.id}.value`)}${option ? '' : '-nee'}`;
                      return (
                        <div key={String(option)} className="kandidaat-check">
                          <RadioButton
                            id={id}
                            name={`veiligheid-${q.id}`}
                            checked={answers[q.id]?.value === option}
                            disabled={!view.open}
                            onChange={() => set(q.id, { ...answers[q.id], value: option })}
                          />
                          <FormLabel htmlFor={id} type="radio">
                            {option ? 'Ja' : 'Nee'}
                          </FormLabel>
                        </div>
                      );
                    })}
                  </div>
                </Fieldset>
                {answers[q.id]?.value === true && q.explanationOnYes && (
                  <TextareaField
                    name={`answers.${q.id}.explanation`}
                    label="Toelichting (niet verplicht)"
                    error={problemFor(error, `answers.${q.id}.explanation`)}
                    value={String(answers[q.id]?.explanation ?? '')}
                    onChange={(explanation) => set(q.id, { value: true, ...(explanation ? { explanation } : {}) })}
                  />
                )}
              </div>
            ) : (
              <TextareaField
                key={q.id}
                name={`answers.${q.id}.value`}
                label={`${q.label} (niet verplicht)`}
                description={q.help}
                error={problemFor(error, `answers.${q.id}.value`)}
                value={String(answers[q.id]?.value ?? '')}
                onChange={(value) => set(q.id, value ? { value } : undefined)}
              />
            ),
          )}
          {view.open && (
            <Button type="submit" appearance="primary-action-button">
              Opslaan
            </Button>
          )}
        </form>
      )}
      {view.optedIn && view.open && (
        <ConfirmAction
          label="Mijn antwoorden over mijn veiligheid verwijderen"
          question="Weet u zeker dat u uw antwoorden over uw veiligheid wilt verwijderen?"
          confirmLabel="Ja, verwijder mijn antwoorden"
          onConfirm={remove}
        >
          <Paragraph>Ze worden meteen verwijderd. Dit heeft geen invloed op de risicoanalyse.</Paragraph>
        </ConfirmAction>
      )}
    </>
  );
}
