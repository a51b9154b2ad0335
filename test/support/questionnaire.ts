import { CURRENT_QUESTIONNAIRE_VERSION, questionnaireTemplate, questionsOf } from '../../src/candidates/questionnaire';

/** A complete, truthful-looking set of answers: "nee" everywhere, required text filled, and the declaration given. */
export function completeAnswers(version = CURRENT_QUESTIONNAIRE_VERSION): Record<string, { value: unknown; explanation?: string }> {
  const answers: Record<string, { value: unknown }> = {};
  for (const question of questionsOf(questionnaireTemplate(version))) {
    if (question.type === 'yes_no') answers[question.id] = { value: false };
    if (question.type === 'declaration') answers[question.id] = { value: true };
    if (question.type === 'text' && question.required) answers[question.id] = { value: 'Beleidsadviseur bij een woningcorporatie' };
  }
  return answers;
}
