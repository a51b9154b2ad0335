import { questionnaireTemplate, questionsOf } from '../../src/candidates/questionnaire';

/** A complete, truthful-looking set of answers: "nee" everywhere, and the declaration given. */
export function completeAnswers(version = '1'): Record<string, { value: unknown; explanation?: string }> {
  const answers: Record<string, { value: unknown }> = {};
  for (const question of questionsOf(questionnaireTemplate(version))) {
    if (question.type === 'yes_no') answers[question.id] = { value: false };
    if (question.type === 'declaration') answers[question.id] = { value: true };
  }
  return answers;
}
