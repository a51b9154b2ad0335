import { Heading, Paragraph } from '@utrecht/component-library-react';
import { ApiError } from '../../api';
import { ErrorAlert } from '../../components/ui';
import { dateNl } from '../../format';
import { Question, Questionnaire } from './shared';

const amount = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 2 });

function scalar(type: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  if (type === 'yes_no') return value === true ? 'Ja' : value === false ? 'Nee' : String(value);
  if (type === 'declaration') return value === true ? 'Verklaring gegeven' : 'Verklaring niet gegeven';
  if (type === 'date') return dateNl(String(value));
  if (type === 'amount' && typeof value === 'number') return amount.format(value);
  return String(value);
}

function AnswerView({ question, answer }: { question: Question; answer: { value: unknown; explanation?: string } | undefined }) {
  if (!answer) return <>Niet beantwoord</>;
  if (question.type === 'list') {
    const entries = Array.isArray(answer.value) ? (answer.value as Record<string, unknown>[]) : [];
    if (entries.length === 0) return <>Geen</>;
    return (
      <ol className="screener-entries">
        {entries.map((entry, i) => (
          <li key={i}>
            {(question.fields ?? [])
              .filter((f) => entry[f.id] !== undefined && entry[f.id] !== '')
              .map((f) => `${f.label}: ${scalar(f.type, entry[f.id])}`)
              .join('; ')}
          </li>
        ))}
      </ol>
    );
  }
  return (
    <>
      {scalar(question.type, answer.value)}
      {answer.explanation && <span className="screener-pre"> — {answer.explanation}</span>}
    </>
  );
}

/** The candidate's submitted questionnaire, read-only; before submission the service answers 409. */
export function QuestionnaireSection({ questionnaire, error }: { questionnaire: Questionnaire | null; error: ApiError | undefined }) {
  return (
    <section aria-labelledby="vragenlijst-titel" className="screener-section">
      <Heading level={2} id="vragenlijst-titel">
        Vragenlijst van de kandidaat
      </Heading>
      {error?.status === 409 ? (
        <Paragraph>{error.message} U ziet de antwoorden zodra de kandidaat de vragenlijst heeft ingediend.</Paragraph>
      ) : error ? (
        <ErrorAlert error={error} />
      ) : !questionnaire ? (
        <Paragraph>Bezig met laden…</Paragraph>
      ) : (
        <details className="screener-details">
          <summary>Antwoorden van de kandidaat tonen ({questionnaire.themes.length} thema’s)</summary>
          {questionnaire.themes.map((theme) => (
            <div key={theme.id}>
              <Heading level={3}>{theme.title}</Heading>
              <dl className="screener-dl">
                {theme.questions.map((question) => (
                  <div key={question.id}>
                    <dt>{question.label}</dt>
                    <dd>
                      <AnswerView question={question} answer={questionnaire.answers[question.id]} />
                    </dd>
                  </div>
                ))}
              </dl>
            </div>
          ))}
        </details>
      )}
    </section>
  );
}
