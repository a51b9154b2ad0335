import type { EntityManager } from 'typeorm';
import { OrganisationQuestionSnapshot, questionnaireTemplate, QuestionnaireTemplate, withOrganisationQuestions } from './questionnaire';

/**
 * The questionnaire a case reads: the template version recorded on it, with the organisation's own
 * questions it kept when it was commissioned. Every reader (candidate, screener, assessment, report)
 * goes through here, so they all see the same set.
 */
export async function caseQuestionnaire(manager: EntityManager, caseId: string, lock = false): Promise<{ template: QuestionnaireTemplate; state: string } | null> {
  const [row]: { questionnaire_version: string; organisation_questions: OrganisationQuestionSnapshot[]; state: string }[] = await manager.query(
    `SELECT questionnaire_version, organisation_questions, state FROM cases WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [caseId],
  );
  if (!row) return null;
  return { template: withOrganisationQuestions(questionnaireTemplate(row.questionnaire_version), row.organisation_questions ?? []), state: row.state };
}
