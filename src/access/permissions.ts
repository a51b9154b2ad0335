import { PrincipalRole } from './principal';

/** Every permission a route can require. Adding a route means choosing one of these, or @Public(). */
export const PERMISSIONS = [
  'me.read',
  'session.read',
  'organisation.read',
  'organisation.settings',
  'user.read',
  'user.create',
  'user.update',
  'case.create',
  'case.read',
  'case.event',
  'task.read',
  'workflow.read',
  'workflow.migrate',
  'questionnaire.read',
  'questionnaire.write',
  'assessment.read',
  'assessment.write',
  'wederhoor.read',
  'wederhoor.write',
  'audit.read',
  'processing_log.read',
  'case.export',
  'case.legal_hold',
  'report.create',
  'report.read',
  'report.verify',
  'report.copy',
  'document.manage',
  'notification.read',
  'formation.create',
  'formation.read',
  'formation.update',
  'formation.list',
  'benoembaarheid.read',
  'benoembaarheid.write',
  'privacy_settings.read',
  'privacy_settings.write',
  'safety_intake.read',
  'safety_intake.write',
  'webhook.manage',
  'plan.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The one place that says what each role may do. Anything not listed is denied. */
export const ROLE_PERMISSIONS: Record<PrincipalRole, readonly Permission[]> = {
  opdrachtgever: [
    'me.read', 'session.read', 'organisation.read', 'case.create', 'case.read', 'case.event', 'task.read', 'workflow.read', 'report.create', 'report.read', 'report.verify',
    'formation.create', 'formation.read', 'formation.update', 'formation.list', 'benoembaarheid.read', 'notification.read', 'document.manage', 'safety_intake.read', 'plan.read',
  ],
  screener: [
    'me.read', 'session.read', 'organisation.read', 'case.read', 'case.event', 'task.read', 'workflow.read', 'questionnaire.read', 'assessment.read', 'assessment.write', 'wederhoor.read',
    'report.create', 'report.read', 'report.verify', 'notification.read',
  ],
  // Auditors check reports and the trail; the report's content is not theirs to read.
  auditor: ['me.read', 'session.read', 'organisation.read', 'user.read', 'case.read', 'workflow.read', 'audit.read', 'processing_log.read', 'report.verify', 'notification.read', 'privacy_settings.read'],
  beheerder: ['me.read', 'session.read', 'organisation.read', 'organisation.settings', 'user.read', 'user.create', 'user.update', 'workflow.read', 'workflow.migrate', 'audit.read', 'case.legal_hold', 'notification.read', 'privacy_settings.read', 'privacy_settings.write', 'webhook.manage'],
  // The raad's check of the legal requirements (Gemeentewet art. 36a–41c): the checklist and the VOG status,
  // never the risk analysis, the questionnaire or the reports (only whether the analysis was done).
  griffier: ['me.read', 'session.read', 'organisation.read', 'formation.list', 'benoembaarheid.read', 'benoembaarheid.write', 'notification.read'],
  // Only ever for the one case of the invitation (AccessService).
  kandidaat: ['session.read', 'case.read', 'case.event', 'questionnaire.read', 'questionnaire.write', 'wederhoor.read', 'wederhoor.write', 'processing_log.read', 'case.export', 'report.copy', 'safety_intake.read', 'safety_intake.write'],
};

export function rolesGrant(roles: readonly PrincipalRole[], permission: Permission): boolean {
  return roles.some((role) => ROLE_PERMISSIONS[role]?.includes(permission));
}
