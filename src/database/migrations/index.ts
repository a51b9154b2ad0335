import { Foundation1764000000000 } from './1764000000000-foundation';
import { Cases1764100000000 } from './1764100000000-cases';
import { Invitations1764200000000 } from './1764200000000-invitations';
import { CaseContent1764300000000 } from './1764300000000-case-content';
import { Assessment1764400000000 } from './1764400000000-assessment';
import { Audit1764500000000 } from './1764500000000-audit';
import { ProcessingLog1764600000000 } from './1764600000000-processing-log';
import { Retention1764700000000 } from './1764700000000-retention';
import { Reports1764800000000 } from './1764800000000-reports';
import { WebSessions1764900000000 } from './1764900000000-web-sessions';
import { AuditAppend1765000000000 } from './1765000000000-audit-append';
import { Workflow21766000000000 } from './1766000000000-workflow-2';
import { Sessions1766100000000 } from './1766100000000-sessions';
import { Notifications1767000000000 } from './1767000000000-notifications';
import { CandidateNewLink1767010000000 } from './1767010000000-candidate-new-link';
import { NotificationPreferences1767020000000 } from './1767020000000-notification-preferences';
import { Webhooks1767030000000 } from './1767030000000-webhooks';
import { OutboxRetry1767040000000 } from './1767040000000-outbox-retry';
import { Formations1767100000000 } from './1767100000000-formations';
import { Griffier1767150000000 } from './1767150000000-griffier';
import { PrivacySettings1767200000000 } from './1767200000000-privacy-settings';
import { SafetyIntake1767200000001 } from './1767200000001-safety-intake';
import { CorrectionRequests1767200000002 } from './1767200000002-correction-requests';
import { OrganisationSettings1767300000000 } from './1767300000000-organisation-settings';
import { CaseDocuments1767310000000 } from './1767310000000-case-documents';
import { OrganisationQuestions1767400000000 } from './1767400000000-organisation-questions';

/** Every migration, in order. Listed explicitly so the same list runs from ts-jest and from dist/. */
export const MIGRATIONS = [Foundation1764000000000, Cases1764100000000, Invitations1764200000000, CaseContent1764300000000, Assessment1764400000000, Audit1764500000000, ProcessingLog1764600000000, Retention1764700000000, Reports1764800000000, WebSessions1764900000000, AuditAppend1765000000000, Workflow21766000000000, Sessions1766100000000, Notifications1767000000000, CandidateNewLink1767010000000, NotificationPreferences1767020000000, Webhooks1767030000000, OutboxRetry1767040000000, Formations1767100000000, Griffier1767150000000, PrivacySettings1767200000000, SafetyIntake1767200000001, CorrectionRequests1767200000002, OrganisationSettings1767300000000, CaseDocuments1767310000000, OrganisationQuestions1767400000000];
