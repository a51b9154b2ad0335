import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import { allowedEventTypes, CaseActor, mayActorSend } from '../../workflows/actors';
import {
  appointmentRefusal,
  CaseContext,
  CaseEvent,
  CaseEventType,
  outcomeDateProblem,
  POSITIVE_CONCLUSIONS,
  vogShortfallOn,
} from '../../workflows/basisscan-2.machine';
import { dayOf, isIsoDate } from '../../workflows/dates';
import { basisscanVersion, CURRENT_MACHINE, findMachine } from '../../workflows';
import { regimeOn, REGIMES } from '../../workflows/regimes';
import { cite, VARIANTS } from '../../workflows/variants';
import { AccessService } from '../access/access.service';
import { AssessmentService } from '../assessment/assessment.service';
import { actorOf, AuditService } from '../audit/audit.service';
import { WederhoorService } from '../assessment/wederhoor.service';
import { Principal, UserPrincipal } from '../access/principal';
import { AppError, notFound } from '../common/app-error';
import { fill } from '../common/templates';
import { CURRENT_CONSENT_VERSION } from '../candidates/consent.service';
import { OutboxService } from '../candidates/outbox.service';
import { NotificationsService } from '../notifications/notifications.service';
import { withReminders } from '../notifications/reminders';
import { isReminder } from '../notifications/consequences';
import { QuestionnaireService } from '../candidates/questionnaire.service';
import { CURRENT_QUESTIONNAIRE_VERSION, ownQuestionMarking } from '../candidates/questionnaire';
import { Cipher, DataEncryptionService } from '../crypto/data-encryption.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { deadlinesWith, plan } from '../jobs/deadlines';
import { mayScreenFor, SCREENER_UNKNOWN_MESSAGE } from '../orgs/screening-bureaus';
import { retentionOf } from '../jobs/retention';
import { CaseSummaryView, CaseView, CreateCaseDto, TaskView } from './cases.dto';
import { parseEnvelope, parsePayload } from './event-payloads';
import { caseReference } from './case-reference';
import { buildGuide, eventDescription, guideTemplate, PendingDeadline, scanPhase } from './guide';
import { deadlineText, longDate } from '../common/dutch-date';

const CURRENT = CURRENT_MACHINE;

interface CaseRow {
  id: string;
  organisation_id: string;
  organisation_kind: string;
  /** The organisation's own deadlines (overrides of the defaults), read with the case: no extra round trip. */
  organisation_deadlines: unknown;
  office: string;
  planned_appointment_date: string;
  machine_id: string;
  machine_version: string;
  snapshot: { value: unknown; context: CaseContext; status: string };
  version: number;
  screener_id: string | null;
  questionnaire_version: string;
  created_at: Date;
}

/** Who sends an event: a user in one of the case's roles, or one of the service's jobs. */
export type EventSender = { kind: 'user'; principal: Principal } | { kind: 'system'; job: string };

const CASE_COLUMNS = `c.id, c.organisation_id, o.kind AS organisation_kind, o.deadlines AS organisation_deadlines, c.office, to_char(c.planned_appointment_date, 'YYYY-MM-DD') AS planned_appointment_date,
  c.machine_id, c.machine_version, c.snapshot, c.version, c.screener_id, c.questionnaire_version, c.created_at`;

/** Personal free text that comes with some events; stored encrypted beside the event, never in it. */
const NOTE_FIELDS: Partial<Record<CaseEventType, string>> = {
  GIVE_ADVICE: 'deviationReason',
  STOP_CASE: 'explanation',
  REQUEST_FURTHER_INVESTIGATION: 'scope',
  SUBMIT_FINAL: 'justification',
  // A reference number is free text: it could carry anything, so it is kept like a note.
  VOG_ISSUED: 'reference',
};

/**
 * The VOG track is the opdrachtgever's (and later the griffier's): a voornemen tot weigering
 * reveals that justitiële gegevens exist (AVG art. 10). The screener sees no trace of it.
 */
const isVogEvent = (type: string) => type.startsWith('VOG_') || type === 'RECORD_NOT_APPOINTABLE';

/** Tables holding a case's personal content; all go at destruction (and the case key with them). */
const PERSONAL_CONTENT_TABLES = ['case_document_deliveries', 'case_documents', 'case_subjects', 'case_nominations', 'benoembaarheid_checks', 'case_notes', 'questionnaire_answers', 'correction_requests', 'research_sources', 'interviews', 'measure_agreements', 'risks', 'assessments', 'wederhoor_responses', 'case_invitations', 'safety_intakes'];

@Injectable()
export class CasesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly crypto: DataEncryptionService,
    private readonly outbox: OutboxService,
    private readonly questionnaire: QuestionnaireService,
    private readonly assessment: AssessmentService,
    private readonly wederhoor: WederhoorService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(principal: UserPrincipal, dto: CreateCaseDto): Promise<CaseView> {
    if (!isIsoDate(dto.plannedAppointmentDate)) {
      throw new AppError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'De invoer is ongeldig: plannedAppointmentDate moet een datum zijn (JJJJ-MM-DD).', [
        { field: 'plannedAppointmentDate', problems: [{ constraint: 'isDateString', message: 'moet een datum zijn (JJJJ-MM-DD)' }] },
      ]);
    }
    const [organisation]: { kind: string }[] = await this.dataSource.query('SELECT kind FROM organisations WHERE id = $1', [principal.organisationId]);
    const variant = VARIANTS[organisation.kind as keyof typeof VARIANTS];
    if (!variant) throw new AppError(HttpStatus.UNPROCESSABLE_ENTITY, 'NOT_A_PUBLIC_BODY', 'Alleen een gemeente, provincie, waterschap of openbaar lichaam geeft een risicoanalyse in opdracht.');
    if (dto.office && dto.office !== variant.office) {
      throw new AppError(HttpStatus.UNPROCESSABLE_ENTITY, 'OFFICE_MISMATCH', `Bij een ${organisation.kind} gaat het om de functie ${variant.office}.`, { office: variant.office });
    }
    const at = new Date().toISOString();
    if (dto.plannedAppointmentDate < at.slice(0, 10)) {
      throw new AppError(HttpStatus.UNPROCESSABLE_ENTITY, 'DATE_IN_PAST', 'De beoogde benoemingsdatum ligt in het verleden.');
    }
    const id = await this.dataSource.transaction(async (tx) => (await this.commissionIn(tx, principal, variant, { candidate: dto.candidate, plannedAppointmentDate: dto.plannedAppointmentDate }, at)).id);
    const row = await this.load(this.dataSource.manager, id);
    return this.view(principal, row, restore(row));
  }

  /**
   * Commissions one case in the caller's transaction: the case, its key, the candidate's identity,
   * the COMMISSION event, its deadlines and the audit entry. The caller has checked the input; a
   * formation adds several at once, so that all or none are written.
   */
  async commissionIn(
    tx: EntityManager,
    principal: UserPrincipal,
    variant: (typeof VARIANTS)[keyof typeof VARIANTS],
    input: { candidate: { name: string; email: string }; plannedAppointmentDate: string; formationId?: string },
    at: string,
  ): Promise<{ id: string; cipher: Cipher }> {
    const [organisation]: { deadlines: unknown; vog_max_age_months: number | null }[] = await tx.query('SELECT deadlines, vog_max_age_months FROM organisations WHERE id = $1', [principal.organisationId]);
    // An organisation may hold the VOG to a stricter age than the law's; never to a looser one.
    const vogMaxAgeMonths = Math.min(organisation.vog_max_age_months ?? variant.vogMaxAgeMonths, variant.vogMaxAgeMonths);
    const [snapshot] = initialTransition(CURRENT.machine, { organisationKind: variant.organisationKind, plannedAppointmentDate: input.plannedAppointmentDate, vogMaxAgeMonths, at });
    const [row] = await tx.query(
      `INSERT INTO cases (organisation_id, office, planned_appointment_date, machine_id, machine_version, snapshot, state, created_by, formation_id, questionnaire_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [principal.organisationId, variant.office, input.plannedAppointmentDate, CURRENT.id, CURRENT.version, persist(snapshot), scanPhase(snapshot), principal.userId, input.formationId ?? null, CURRENT_QUESTIONNAIRE_VERSION],
    );
    // The organisation's own questions as they stand now: the case keeps them, whatever changes later.
    await tx.query(
      `UPDATE cases SET organisation_questions = (
         SELECT coalesce(jsonb_agg(jsonb_build_object('id', 'eigen.' || replace(q.id::text, '-', ''), 'themeId', q.theme_id, 'type', q.type, 'label', q.label, 'help', q.help,
           'required', q.required, 'explanationOnYes', q.explanation_on_yes, 'marking', $3::text) ORDER BY q.created_at, q.id), '[]'::jsonb)
         FROM organisation_questions q WHERE q.organisation_id = $2 AND q.questionnaire_version = $4)
       WHERE id = $1`,
      [row.id, principal.organisationId, ownQuestionMarking(variant.organisationKind), CURRENT_QUESTIONNAIRE_VERSION],
    );
    const cipher = await this.crypto.createCaseKey(tx, row.id);
    await tx.query('INSERT INTO case_subjects (case_id, name_encrypted, email_encrypted) VALUES ($1, $2, $3)', [
      row.id,
      cipher.encrypt(input.candidate.name, `case:${row.id}:name`),
      cipher.encrypt(input.candidate.email.toLowerCase(), `case:${row.id}:email`),
    ]);
    const payload = { organisationKind: variant.organisationKind, plannedAppointmentDate: input.plannedAppointmentDate, vogMaxAgeMonths };
    await this.recordEvent(tx, row.id, 1, 'COMMISSION', `user:${principal.userId}`, at, payload, scanPhase(snapshot), CURRENT.version);
    await this.applyPlan(tx, row.id, plan({ type: 'COMMISSION', at }, snapshot.context as CaseContext, null, CURRENT.version, deadlinesWith(organisation.deadlines)));
    await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'case.create', object: `case:${row.id}`, result: 'ok' });
    return { id: row.id as string, cipher };
  }

  /**
   * An event the opdrachtgever sends to many cases at once (a formation's installation date moves
   * every open case): in the caller's transaction, one event and one audit entry per case. Returns
   * false, writing nothing, when the case no longer takes it (closed) or the caller may not send it.
   */
  async applyOpdrachtgeverEventIn(tx: EntityManager, principal: UserPrincipal, caseId: string, event: CaseEvent): Promise<boolean> {
    const row = await this.load(tx, caseId, 'locked');
    if (row.organisation_id !== principal.organisationId) return false;
    const snapshot = restore(row);
    if (!this.actorsFor(principal, row).includes('opdrachtgever') || !mayActorSend(snapshot, 'opdrachtgever', event.type, event.at) || !snapshot.can(event)) return false;
    await this.commit(tx, row, snapshot, event, `opdrachtgever:${principal.userId}`);
    await this.audit.append(tx, { actor: actorOf(principal), organisationId: row.organisation_id, action: `case.event.${event.type}`, object: `case:${caseId}`, result: 'ok' });
    return true;
  }

  /**
   * The dashboard: per case what the guide says in brief. No candidate names: a list is no reason
   * to decrypt and log a read of every candidate's identity; the reference identifies the case.
   */
  async list(principal: Principal): Promise<CaseSummaryView[]> {
    if (principal.kind === 'candidate') return [];
    const rows: (Pick<CaseRow, 'machine_id' | 'machine_version' | 'snapshot' | 'organisation_id'> & { id: string; office: string; state: string; version: number; planned: string; created_at: Date; deadlines: PendingDeadline[] })[] =
      await this.dataSource.query(
        `SELECT c.id, c.organisation_id, c.office, c.state, c.version, to_char(c.planned_appointment_date, 'YYYY-MM-DD') AS planned, c.created_at, c.machine_id, c.machine_version, c.snapshot,
                (SELECT coalesce(json_agg(json_build_object('kind', j.kind, 'dueAt', to_char(j.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY j.due_at), '[]')
                   FROM scheduled_jobs j WHERE j.case_id = c.id AND j.status = 'pending') AS deadlines
           FROM cases c
          WHERE (c.organisation_id = $1 AND $2) OR c.screener_id = $3 ORDER BY c.created_at DESC LIMIT 500`,
        [principal.organisationId, principal.roles.some((r) => r === 'opdrachtgever' || r === 'auditor'), principal.userId],
      );
    return rows.map((r) => {
      const seesVog = seesVogTrack(principal, r.organisation_id);
      const guide = buildGuide(restore(r), r.machine_version, r.deadlines, this.config.workflow, { vogTrack: seesVog });
      return {
        id: r.id,
        reference: caseReference(r.id, r.created_at.toISOString()),
        office: r.office,
        phase: r.state,
        phaseTitle: guide.phase.title,
        waitingFor: guide.waitingFor?.description ?? null,
        nextDeadline: guide.nextDeadline ? { description: guide.nextDeadline.description, dueAt: guide.nextDeadline.dueAt, dueText: guide.nextDeadline.dueText } : null,
        vog: seesVog ? guide.vog!.description : null,
        version: r.version,
        plannedAppointmentDate: r.planned,
        createdAt: r.created_at.toISOString(),
      };
    });
  }

  async get(principal: Principal, id: string): Promise<CaseView> {
    await this.access.require(principal, 'case.read', id, 'Het dossier');
    const row = await this.load(this.dataSource.manager, id);
    const view = await this.view(principal, row, restore(row));
    await this.audit.read(principal, 'case', id);
    return view;
  }

  async applyUserEvent(principal: Principal, id: string, body: unknown): Promise<CaseView> {
    await this.access.require(principal, 'case.event', id, 'Het dossier');
    const envelope = parseEnvelope(body);
    const after = await this.dataSource.transaction(async (tx) => {
      // Locked for the whole transaction: content edits (answers, risks) lock it too, so the
      // content checks below and the transition see the same content.
      const row = await this.load(tx, id, 'locked');
      if (row.version !== envelope.expectedVersion) {
        throw new AppError(HttpStatus.CONFLICT, 'VERSION_CONFLICT', 'Het dossier is intussen gewijzigd; haal het opnieuw op en probeer het nog eens.', {
          currentVersion: row.version,
        });
      }
      const snapshot = restore(row);
      const at = new Date().toISOString();
      // Only the event's own type is tried here; the full list is for the refusal's message.
      const actor = this.actorsFor(principal, row).find((candidate) => mayActorSend(snapshot, candidate, envelope.type, at));
      const allowed = () => this.allowedFor(principal, row, snapshot, at);
      if (!actor) throw this.notAllowed(row, allowed());
      const payload = parsePayload(envelope.type, body as object);
      const event = { ...withoutNotes(envelope.type, payload), type: envelope.type, at } as CaseEvent;
      if (event.type === 'ASSIGN_SCREENER') await this.checkScreener(tx, principal, event.screenerId);
      if (event.type === 'GIVE_ADVICE') event.deviationReasonRecorded = typeof payload.deviationReason === 'string';
      // The law in force on the appointment date decides what the appointment needs.
      if (event.type === 'RECORD_OUTCOME' && basisscanVersion(row.machine_version).vogAtAppointment) event.regime = regimeOn(event.date, this.config.workflow.regimes);
      if (!snapshot.can(event)) throw this.refused(row, snapshot, event, allowed());
      await this.checkContent(tx, row, event, payload);
      const next = await this.commit(tx, row, snapshot, event, principal.kind === 'user' ? `${actor}:${principal.userId}` : `kandidaat:${principal.invitationId}`);
      const seq = next.version;
      const noteField = NOTE_FIELDS[event.type];
      if (event.type === 'RECORD_OPDRACHTGEVER_CONVERSATION') {
        await this.assessment.recordAgreements(tx, id, payload.allMeasuresAgreed === true ? 'all' : ((payload.agreedRiskIds as string[] | undefined) ?? []), event.date, seq);
      }
      if (noteField && typeof payload[noteField] === 'string') {
        await tx.query('INSERT INTO case_notes (case_id, event_seq, kind, text_encrypted) VALUES ($1, $2, $3, $4)', [
          id,
          seq,
          noteField,
          (await this.crypto.forCase(tx, id)).encrypt(payload[noteField] as string, `case:${id}:note:${seq}`),
        ]);
      }
      // The answer is read before the audit entry: that entry takes the chain's lock, held until commit.
      const view = await this.view(principal, next.row, next.snapshot, tx);
      await this.audit.append(tx, { actor: actorOf(principal), organisationId: row.organisation_id, action: `case.event.${event.type}`, object: `case:${id}`, result: 'ok' });
      return { view, mails: next.mails };
    });
    // After commit: the mail an event caused goes out now; the job poller retries what fails.
    if (after.mails > 0) this.notifications.deliverAfterCommit();
    return after.view;
  }

  /**
   * Applies an event of one of the service's own jobs inside the caller's transaction. Returns
   * false when the machine no longer accepts it (the case moved on), so the job can be skipped.
   */
  async applySystemEvent(tx: EntityManager, caseId: string, event: CaseEvent, job: string): Promise<boolean> {
    const row = await this.load(tx, caseId, 'locked');
    const snapshot = restore(row);
    if (!snapshot.can(event)) return false;
    await this.commit(tx, row, snapshot, event, `system:${job}`);
    await this.audit.append(tx, { actor: `system:${job}`, organisationId: row.organisation_id, action: `case.event.${event.type}`, object: `case:${caseId}`, result: 'ok' });
    if (event.type === 'RETENTION_EXPIRED') {
      // Destruction: the candidate's identity and every free text go; the event history stays.
      for (const table of PERSONAL_CONTENT_TABLES) await tx.query(`DELETE FROM ${table} WHERE case_id = $1`, [caseId]);
      // A report's PDF goes; its hash, code and audit head stay, so a printed copy can still be checked.
      await tx.query('UPDATE reports SET pdf_encrypted = NULL, destroyed_at = now() WHERE case_id = $1 AND destroyed_at IS NULL', [caseId]);
      await this.outbox.destroyForCase(tx, caseId);
      // Without its key nothing of the case can be read again, wherever a copy survives (backups).
      await tx.query('DELETE FROM case_keys WHERE case_id = $1', [caseId]);
    }
    return true;
  }

  /** How the case went: every accepted event, without personal content (ids, enums, dates). */
  async trail(principal: Principal, id: string) {
    await this.access.require(principal, 'case.read', id, 'Het dossier');
    const rows: { seq: number; type: string; actor: string; at: Date; payload: Record<string, unknown>; payload_digest: string; state_after: string; machine_version: string; organisation_id: string }[] =
      await this.dataSource.query(
        'SELECT e.seq, e.type, e.actor, e.at, e.payload, e.payload_digest, e.state_after, e.machine_version, c.organisation_id FROM case_events e JOIN cases c ON c.id = e.case_id WHERE e.case_id = $1 ORDER BY e.seq',
        [id],
      );
    const seesVog = rows.length > 0 && seesVogTrack(principal, rows[0].organisation_id);
    return rows.filter((r) => seesVog || !isVogEvent(r.type)).map((r) => ({ seq: r.seq, type: r.type, actor: r.actor, at: r.at.toISOString(), payload: r.payload, payloadDigest: r.payload_digest, stateAfter: r.state_after, machineVersion: r.machine_version }));
  }

  /** A legal hold stops destruction of the case until it is lifted. */
  async setLegalHold(principal: UserPrincipal, id: string, hold: boolean): Promise<{ legalHold: boolean }> {
    await this.access.require(principal, 'case.legal_hold', id, 'Het dossier');
    await this.dataSource.transaction(async (tx) => {
      await tx.query('UPDATE cases SET legal_hold = $2, updated_at = now() WHERE id = $1', [id, hold]);
      await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: hold ? 'case.legal_hold.set' : 'case.legal_hold.lift', object: `case:${id}`, result: 'ok' });
    });
    return { legalHold: hold };
  }

  async tasks(principal: UserPrincipal): Promise<TaskView[]> {
    const rows: CaseRow[] = await this.dataSource.query(
      `SELECT ${CASE_COLUMNS} FROM cases c JOIN organisations o ON o.id = c.organisation_id
        WHERE ((c.organisation_id = $1 AND $2) OR c.screener_id = $3) AND c.state NOT IN ('vernietigd')
        ORDER BY c.created_at`,
      [principal.organisationId, principal.roles.includes('opdrachtgever'), principal.userId],
    );
    const deadlines = await this.pendingDeadlines(rows.map((r) => r.id));
    const at = new Date().toISOString();
    const tasks: TaskView[] = [];
    for (const row of rows) {
      const snapshot = restore(row);
      const caseDeadlines = deadlines.get(row.id) ?? [];
      const next = caseDeadlines.filter((d) => d.kind !== 'bewaartermijn').sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
      for (const type of this.allowedFor(principal, row, snapshot, at)) {
        // Side tracks that are always possible (stopping, VOG bookkeeping, date changes) are not tasks.
        const phase = scanPhase(snapshot);
        if (['WITHDRAW_CANDIDACY', 'STOP_CASE', 'CHANGE_APPOINTMENT_DATE', 'REQUEST_FURTHER_INVESTIGATION', 'ASSIGN_SCREENER', 'RECORD_OPDRACHTGEVER_CONVERSATION'].includes(type) && phase !== 'opdrachtVerleend') continue;
        // The outcome is a task once the raad was informed; before that it is only possible.
        if ((type === 'RECORD_OUTCOME' || type === 'RECORD_NOT_APPOINTABLE') && phase !== 'raadGeinformeerd') continue;
        if (type === 'INVITE_CANDIDATE' && (snapshot.context as CaseContext).consent) continue;
        if (type.startsWith('VOG_') && !(type === 'VOG_REQUESTED' && !(snapshot.context as CaseContext).vog.requestedDate)) continue;
        tasks.push({
          caseId: row.id,
          reference: caseReference(row.id, row.created_at.toISOString()),
          phase: scanPhase(snapshot),
          action: type,
          description: eventDescription(row.machine_version, type),
          deadline: next?.dueAt ?? null,
          deadlineText: next ? deadlineText(next.dueAt) : null,
        });
      }
    }
    return tasks;
  }

  // --- internals -------------------------------------------------------------------------------

  /**
   * What the content of the case must hold before an event the machine would accept: the consent
   * text shown, a complete questionnaire, a logged source, the interview, a draft conclusion, the
   * candidate's response, and no hoog risk left without a measure unless the conclusion says so.
   */
  private async checkContent(tx: EntityManager, row: CaseRow, event: CaseEvent, payload: Record<string, unknown>): Promise<void> {
    const refuse = (code: string, message: string, details?: unknown) => new AppError(HttpStatus.UNPROCESSABLE_ENTITY, code, message, details);
    switch (event.type) {
      case 'GIVE_CONSENT':
        if (event.consentTextVersion !== CURRENT_CONSENT_VERSION) {
          throw refuse('CONSENT_VERSION_OUTDATED', 'De toestemmingstekst is gewijzigd; lees de actuele tekst en geef daarop toestemming.', { currentVersion: CURRENT_CONSENT_VERSION });
        }
        return;
      case 'SUBMIT_QUESTIONNAIRE': {
        const missing = await this.questionnaire.missing(tx, row.id);
        if (missing.length) {
          throw refuse('QUESTIONNAIRE_INCOMPLETE', `De vragenlijst is nog niet volledig: ${missing.length} ${missing.length === 1 ? 'antwoord ontbreekt' : 'antwoorden ontbreken'}.`, { missing });
        }
        return;
      }
      case 'COMPLETE_RESEARCH':
        if ((await this.assessment.progress(tx, row.id)).sources === 0) throw refuse('RESEARCH_EMPTY', 'Leg eerst vast welke bronnen zijn geraadpleegd.');
        return;
      case 'RECORD_INTERVIEW': {
        const { interviewHeldOn } = await this.assessment.progress(tx, row.id);
        if (interviewHeldOn !== event.date) {
          throw refuse('INTERVIEW_NOT_RECORDED', 'Leg eerst het verslag van het gesprek vast, met dezelfde datum.', { interviewHeldOn });
        }
        return;
      }
      case 'SUBMIT_DRAFT':
        if (!(await this.assessment.progress(tx, row.id)).draft) throw refuse('DRAFT_CONCLUSION_MISSING', 'Leg eerst de conceptconclusie vast.');
        return;
      case 'RESPOND_TO_FINDINGS':
        if (!(await this.wederhoor.hasResponse(tx, row.id))) throw refuse('RESPONSE_MISSING', 'Leg eerst uw reactie vast, of zie af van een reactie.');
        return;
      case 'SUBMIT_FINAL': {
        // Domain brief: a hoog risk without a measure makes the conclusion at least "ernstige risico's", unless the screener records why not.
        const { highRisksWithoutMeasure } = await this.assessment.progress(tx, row.id);
        if (highRisksWithoutMeasure > 0 && event.conclusion !== 'ernstige_risicos' && typeof payload.justification !== 'string') {
          throw refuse('HIGH_RISK_WITHOUT_MEASURE', `Er ${highRisksWithoutMeasure === 1 ? 'is een hoog risico' : `zijn ${highRisksWithoutMeasure} hoge risico's`} zonder beheersmaatregel: de conclusie is dan "ernstige risico's", tenzij u motiveert waarom niet (justification).`, { highRisksWithoutMeasure });
        }
        return;
      }
      default:
        return;
    }
  }

  /**
   * The view of a loaded case; one more query for the candidate's identity and the deadlines, in
   * the caller's transaction when it passes one.
   */
  private async view(principal: Principal, row: CaseRow, snapshot: AnyMachineSnapshot, manager?: EntityManager): Promise<CaseView> {
    const id = row.id;
    const at = new Date().toISOString();
    const seesCandidate = this.actorsFor(principal, row).some((a) => a === 'opdrachtgever' || a === 'screener');
    const [extra]: { name_encrypted: string | null; email_encrypted: string | null; key_encrypted: string | null; deadlines: PendingDeadline[] }[] = await (manager ?? this.dataSource.manager).query(
      `SELECT s.name_encrypted, s.email_encrypted, k.key_encrypted,
              (SELECT coalesce(json_agg(json_build_object('kind', j.kind, 'dueAt', to_char(j.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY j.due_at), '[]')
                 FROM scheduled_jobs j WHERE j.case_id = $1 AND j.status = 'pending') AS deadlines
         FROM (SELECT 1) one LEFT JOIN case_subjects s ON s.case_id = $1 AND $2 LEFT JOIN case_keys k ON k.case_id = $1 AND $2`,
      [id, seesCandidate],
    );
    let candidate: CaseView['candidate'];
    if (seesCandidate) {
      const cipher = extra.name_encrypted && extra.email_encrypted && extra.key_encrypted ? this.crypto.forStoredKey(id, extra.key_encrypted) : null;
      candidate = cipher
        ? { name: cipher.decrypt(extra.name_encrypted!, `case:${id}:name`), email: cipher.decrypt(extra.email_encrypted!, `case:${id}:email`) }
        : null;
    }
    const deadlines = extra.deadlines;
    const seesVog = seesVogTrack(principal, row.organisation_id);
    // The scope while the candidate decides on it and while the screener carries it out.
    const phase = scanPhase(snapshot);
    const scope = ['aanvullendOnderzoekToestemming', 'aanvullendOnderzoek'].includes(phase) ? await this.furtherInvestigationScope(manager ?? this.dataSource.manager, id) : undefined;
    const guide = buildGuide(snapshot, row.machine_version, deadlines, this.config.workflow, { vogTrack: seesVog });
    return {
      id: row.id,
      office: row.office,
      organisationId: row.organisation_id,
      plannedAppointmentDate: (snapshot.context as CaseContext).plannedAppointmentDate,
      machine: { id: row.machine_id, version: row.machine_version },
      state: seesVog ? snapshot.value : { scan: (snapshot.value as { scan: unknown }).scan },
      phase,
      version: row.version,
      screenerId: row.screener_id,
      ...(seesCandidate ? { candidate } : {}),
      allowedEvents: this.allowedFor(principal, row, snapshot, at).map((type) => ({ type, description: eventDescription(row.machine_version, type) })),
      guide,
      screenerFileOpen: basisscanVersion(row.machine_version).screenerFilePhases.includes(phase),
      // What the candidate is asked to consent to, and the opdrachtgever asked for.
      ...(scope !== undefined ? { furtherInvestigationScope: scope } : {}),
      reference: caseReference(row.id, row.created_at.toISOString()),
      createdAt: row.created_at.toISOString(),
    };
  }

  /** The scope of the aanvullend onderzoek asked for last (an encrypted note of its event). */
  private async furtherInvestigationScope(manager: EntityManager, id: string): Promise<string | null> {
    const [note]: { event_seq: number; text_encrypted: string; key_encrypted: string }[] = await manager.query(
      `SELECT n.event_seq, n.text_encrypted, k.key_encrypted FROM case_notes n JOIN case_keys k ON k.case_id = n.case_id
        WHERE n.case_id = $1 AND n.kind = 'scope' ORDER BY n.event_seq DESC LIMIT 1`,
      [id],
    );
    if (!note) return null;
    return this.crypto.forStoredKey(id, note.key_encrypted).decrypt(note.text_encrypted, `case:${id}:note:${note.event_seq}`);
  }

  private async load(manager: EntityManager, id: string, lock?: 'locked'): Promise<CaseRow> {
    const [row] = await manager.query(`SELECT ${CASE_COLUMNS} FROM cases c JOIN organisations o ON o.id = c.organisation_id WHERE c.id = $1${lock ? ' FOR UPDATE OF c' : ''}`, [id]);
    if (!row) throw notFound('Het dossier');
    return row;
  }

  /** The roles the caller has in this case. */
  private actorsFor(principal: Principal, row: CaseRow): CaseActor[] {
    if (principal.kind === 'candidate') return principal.caseId === row.id ? ['kandidaat'] : [];
    const actors: CaseActor[] = [];
    if (principal.roles.includes('opdrachtgever') && principal.organisationId === row.organisation_id) actors.push('opdrachtgever');
    if (principal.roles.includes('screener') && row.screener_id === principal.userId) actors.push('screener');
    return actors;
  }

  private allowedFor(principal: Principal, row: CaseRow, snapshot: AnyMachineSnapshot, at: string): CaseEventType[] {
    const types = new Set<CaseEventType>();
    for (const actor of this.actorsFor(principal, row)) for (const type of allowedEventTypes(snapshot, actor, at)) types.add(type);
    return [...types];
  }

  private notAllowed(row: CaseRow, allowed: CaseEventType[]): AppError {
    return new AppError(
      HttpStatus.CONFLICT,
      'EVENT_NOT_ALLOWED',
      allowed.length
        ? `Deze handeling is nu niet mogelijk voor u. U kunt nu: ${allowed.map((t) => eventDescription(row.machine_version, t)).join('; ')}.`
        : 'Deze handeling is nu niet mogelijk voor u; er is nu niets dat u in dit dossier kunt doen.',
      { allowedEvents: allowed.map((type) => ({ type, description: eventDescription(row.machine_version, type) })) },
    );
  }

  /** The type is possible now but this payload is not: say which rule stands in the way. */
  private refused(row: CaseRow, snapshot: AnyMachineSnapshot, event: CaseEvent, allowed: CaseEventType[]): AppError {
    const context = snapshot.context as CaseContext;
    const template = guideTemplate(row.machine_version);
    if (event.type === 'GIVE_ADVICE') {
      if (event.conclusion !== context.screenerConclusion && !event.deviationReasonRecorded) {
        return new AppError(HttpStatus.UNPROCESSABLE_ENTITY, 'DEVIATION_REASON_REQUIRED', 'Dit advies wijkt af van de conclusie van de screener; geef de reden op (deviationReason).', {
          screenerConclusion: context.screenerConclusion,
        });
      }
      if (POSITIVE_CONCLUSIONS.includes(event.conclusion)) {
        const blockers = basisscanVersion(row.machine_version).positiveAdviceBlockers(context).map((code) => ({ code, description: fill(template.blockers[code], { vogMaxAgeMonths: context.vogMaxAgeMonths }) }));
        return new AppError(HttpStatus.CONFLICT, 'ADVICE_BLOCKED', `Een positief advies is nu niet mogelijk: ${blockers.map((b) => b.description).join('; ')}.`, {
          blockers,
          allowedEvents: allowed.map((type) => ({ type, description: eventDescription(row.machine_version, type) })),
        });
      }
    }
    if (event.type === 'RECORD_OUTCOME' || event.type === 'RECORD_NOT_APPOINTABLE') {
      const dateProblem = outcomeDateProblem(context, event);
      if (dateProblem) {
        const message = dateProblem === 'in_de_toekomst'
          ? 'ligt in de toekomst; leg de uitkomst vast op of na de dag van de stemming'
          : dateProblem === 'voor_het_advies'
            ? `ligt vóór het advies (${longDate(context.advice!.at)})`
            : `ligt vóór de opdracht voor de risicoanalyse (${longDate(context.commissionedAt)})`;
        return invalidField('OUTCOME_DATE_INVALID', 'date', 'Datum van het besluit', message);
      }
      const variant = VARIANTS[context.organisationKind];
      if (event.type === 'RECORD_NOT_APPOINTABLE') {
        return vogShortfallOn(context, event.date) === null
          ? new AppError(HttpStatus.CONFLICT, 'VOG_VALID', `Op ${longDate(event.date)} is er een geldige VOG (${cite(variant.vogRequirement)}): de kandidaat is dan wel benoembaar. Leg de uitkomst van de stemming vast.`, {
              legalReference: cite(variant.vogRequirement),
            })
          : new AppError(
              HttpStatus.CONFLICT,
              'VOG_STILL_POSSIBLE',
              `De VOG is niet geweigerd en de beoogde benoemingsdatum (${longDate(context.plannedAppointmentDate)}) is nog niet gekomen: er kan nog een geldige VOG komen. Verschuif zo nodig de datum.`,
              { legalReference: cite(variant.vogRequirement) },
            );
      }
      const refusal = appointmentRefusal(context, event);
      if (refusal === 'risicoanalyse_niet_afgerond') {
        const regime = REGIMES[event.regime ?? 'wbifdb'];
        return new AppError(
          HttpStatus.CONFLICT,
          'RISK_ANALYSIS_REQUIRED',
          `De benoeming kan niet worden vastgelegd: op ${longDate(event.date)} geldt de ${regime.title} (${cite(regime.citation)}), en die eist een afgeronde risicoanalyse. Geef eerst het advies.`,
          { legalReference: cite(regime.citation), regime: regime.id },
        );
      }
      if (refusal) {
        const reasons: Record<string, string> = {
          vog_geweigerd: 'de VOG is geweigerd',
          vog_ontbreekt: 'er is geen VOG afgegeven',
          vog_na_datum: 'de VOG is pas na die datum afgegeven',
          vog_te_oud: `de VOG is op die datum ouder dan ${context.vogMaxAgeMonths} maanden`,
        };
        return new AppError(
          HttpStatus.CONFLICT,
          'VOG_NOT_VALID_FOR_APPOINTMENT',
          `De benoeming kan niet worden vastgelegd: bij de benoeming moet de kandidaat een VOG hebben die niet ouder is dan ${context.vogMaxAgeMonths} maanden (${cite(variant.vogRequirement)}), en ${reasons[refusal]}. Zonder geldige VOG kan de kandidaat niet worden benoemd.`,
          { reason: refusal, legalReference: cite(variant.vogRequirement), date: event.date, vogShortfall: vogShortfallOn(context, event.date) },
        );
      }
    }
    if (event.type === 'VOG_ISSUED') {
      return event.issueDate > dayOf(event.at)
        ? invalidField('DATE_IN_FUTURE', 'issueDate', 'Datum van afgifte', 'ligt in de toekomst')
        : invalidField('VOG_ISSUED_BEFORE_REQUEST', 'issueDate', 'Datum van afgifte', 'ligt vóór de datum van de aanvraag');
    }
    if ((event.type.startsWith('VOG_') || event.type === 'RECORD_COUNCIL_INFORMED' || event.type === 'RECORD_OPDRACHTGEVER_CONVERSATION') && 'date' in event) {
      if (event.date > dayOf(event.at)) return invalidField('DATE_IN_FUTURE', 'date', 'Datum', 'ligt in de toekomst');
      if (event.type === 'RECORD_OPDRACHTGEVER_CONVERSATION') return invalidField('CONVERSATION_DATE_INVALID', 'date', 'Datum van het gesprek', 'ligt vóór de eindrapportage');
    }
    return this.notAllowed(row, allowed);
  }

  private async checkScreener(tx: EntityManager, principal: Principal, screenerId: string): Promise<void> {
    const rows = await tx.query(
      `SELECT 1 FROM users u WHERE u.id = $1 AND u.active AND 'screener' = ANY(u.roles) AND ${mayScreenFor('$2')}`,
      [screenerId, principal.organisationId],
    );
    if (rows.length === 0) {
      throw new AppError(HttpStatus.UNPROCESSABLE_ENTITY, 'SCREENER_UNKNOWN', SCREENER_UNKNOWN_MESSAGE, [
        { field: 'screenerId', problems: [{ constraint: 'screener', message: 'is geen beschikbare screener' }] },
      ]);
    }
  }

  /** Snapshot, event and deadlines in the caller's transaction; a concurrent writer makes it a 409. */
  private async commit(tx: EntityManager, row: CaseRow, snapshot: AnyMachineSnapshot, event: CaseEvent, actor: string): Promise<{ row: CaseRow; snapshot: AnyMachineSnapshot; version: number; mails: number }> {
    const machine = findMachine(row.machine_id, row.machine_version)!.machine;
    const [next] = transition(machine, snapshot as never, event as never) as [AnyMachineSnapshot, unknown];
    const context = next.context as CaseContext;
    const { type, at, ...payload } = event;
    // Snapshot and event in one statement: one round trip while the case is locked.
    const updated: { version: number }[] = await tx.query(
      `WITH u AS (
         UPDATE cases SET snapshot = $1, state = $2, version = version + 1, screener_id = $3, planned_appointment_date = $4, updated_at = now()
          WHERE id = $5 AND version = $6 RETURNING version),
       e AS (
         INSERT INTO case_events (case_id, seq, type, actor, at, payload, payload_digest, state_after, machine_version)
         SELECT $5, u.version, $7, $8, $9, $10, $11, $2, $12 FROM u RETURNING seq)
       SELECT seq AS version FROM e`,
      [persist(next), scanPhase(next), context.screenerId ?? null, context.plannedAppointmentDate, row.id, row.version, type, actor, at, payload, digest({ type, at, ...payload }), row.machine_version],
    );
    if (updated.length === 0) {
      throw new AppError(HttpStatus.CONFLICT, 'VERSION_CONFLICT', 'Het dossier is intussen gewijzigd; haal het opnieuw op en probeer het nog eens.');
    }
    // Retention matters only when the case closes: no extra round trip for every other event.
    const retention = context.closedAt ? await retentionOf(tx, row.organisation_id, this.config.retention) : null;
    await this.applyPlan(tx, row.id, plan(event, context, retention, row.machine_version, deadlinesWith(row.organisation_deadlines)));
    const version = updated[0].version;
    // Who hears of it (mail, in-app): declared per event in notifications/consequences.ts, written in this transaction.
    const mails = await this.notifications.afterEvent(tx, row.id, version, { event, actor, before: snapshot, after: next, machineVersion: row.machine_version });
    return { row: { ...row, version, screener_id: context.screenerId ?? null, planned_appointment_date: context.plannedAppointmentDate }, snapshot: next, version, mails };
  }

  private async recordEvent(tx: EntityManager, caseId: string, seq: number, type: string, actor: string, at: string, payload: object, stateAfter: string, machineVersion: string) {
    await tx.query(
      `INSERT INTO case_events (case_id, seq, type, actor, at, payload, payload_digest, state_after, machine_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [caseId, seq, type, actor, at, payload, digest({ type, at, ...payload }), stateAfter, machineVersion],
    );
  }

  /** Cancels the deadlines the event ends or replaces and schedules the new ones, in one statement. */
  private async applyPlan(tx: EntityManager, caseId: string, deadlines: ReturnType<typeof plan>) {
    // Each deadline's reminder (notifications/consequences.ts, REMINDERS) comes and goes with it.
    const jobs = withReminders(deadlines, this.config.reminderWorkingDays, new Date());
    const kinds = [...jobs.cancel, ...jobs.schedule.map((j) => j.kind)];
    if (!kinds.length) return;
    // The scalar subquery makes the cancellation run before the inserts, which the unique index
    // of one pending job per kind needs.
    await tx.query(
      `WITH cancelled AS (
         UPDATE scheduled_jobs SET status = 'cancelled', finished_at = now() WHERE case_id = $1 AND status = 'pending' AND kind = ANY($2) RETURNING 1)
       INSERT INTO scheduled_jobs (case_id, kind, event, due_at)
       SELECT $1, j.kind, j.event, j.due_at FROM jsonb_to_recordset($3::jsonb) AS j(kind text, event jsonb, due_at timestamptz)
        WHERE (SELECT count(*) FROM cancelled) >= 0`,
      [caseId, kinds, JSON.stringify(jobs.schedule.map((j) => ({ kind: j.kind, event: j.event, due_at: j.dueAt })))],
    );
  }

  private async pendingDeadlines(caseIds: string[]): Promise<Map<string, PendingDeadline[]>> {
    const rows: { case_id: string; kind: string; due_at: Date }[] = caseIds.length
      ? await this.dataSource.query(`SELECT case_id, kind, due_at FROM scheduled_jobs WHERE case_id = ANY($1::uuid[]) AND status = 'pending' ORDER BY due_at`, [caseIds])
      : [];
    const byCase = new Map<string, PendingDeadline[]>();
    for (const r of rows.filter((row) => !isReminder(row.kind))) byCase.set(r.case_id, [...(byCase.get(r.case_id) ?? []), { kind: r.kind, dueAt: r.due_at.toISOString() }]);
    return byCase;
  }
}

function persist(snapshot: AnyMachineSnapshot) {
  return { value: snapshot.value, context: snapshot.context, status: snapshot.status };
}

/**
 * A stored snapshot is untrusted input: its machine and version must be known and its state must
 * resolve in that machine. Otherwise fail closed, never fall back to a default state.
 */
export function restore(row: Pick<CaseRow, 'machine_id' | 'machine_version' | 'snapshot'>): AnyMachineSnapshot {
  const registered = findMachine(row.machine_id, row.machine_version);
  const stored = row.snapshot;
  if (!registered || !stored || typeof stored !== 'object' || typeof stored.context !== 'object' || stored.value === undefined) {
    throw new AppError(HttpStatus.INTERNAL_SERVER_ERROR, 'WORKFLOW_VERSION_UNKNOWN', 'Dit dossier hoort bij een onbekende versie van het werkproces en kan niet worden geopend; neem contact op met de beheerder.');
  }
  try {
    return registered.machine.resolveState({ value: stored.value as never, context: stored.context });
  } catch {
    throw new AppError(HttpStatus.INTERNAL_SERVER_ERROR, 'WORKFLOW_STATE_INVALID', 'De opgeslagen toestand van dit dossier is ongeldig en kan niet worden geopend; neem contact op met de beheerder.');
  }
}

function withoutNotes(type: CaseEventType, payload: Record<string, unknown>): Record<string, unknown> {
  const field = NOTE_FIELDS[type];
  if (!field) return payload;
  const { [field]: _note, ...rest } = payload;
  return rest;
}

/** SHA-256 over a canonical serialisation (keys sorted), so equal payloads have equal digests. */
export function digest(value: unknown): string {
  const canonical = (v: unknown): string =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? `{${Object.keys(v as object).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`
      : Array.isArray(v)
        ? `[${v.map(canonical).join(',')}]`
        : JSON.stringify(v);
  return createHash('sha256').update(canonical(value)).digest('hex');
}

/** A 422 naming one field, with the Dutch label people see. */
function invalidField(code: string, field: string, label: string, message: string): AppError {
  return new AppError(HttpStatus.UNPROCESSABLE_ENTITY, code, `${label} ${message}.`, [{ field, label, problems: [{ constraint: code, message }] }]);
}

/** Who sees the VOG track of a case: the organisation's opdrachtgever and auditors, never a screener or the candidate. */
function seesVogTrack(principal: Principal, organisationId: string): boolean {
  return principal.kind === 'user' && principal.organisationId === organisationId && principal.roles.some((r) => r === 'opdrachtgever' || r === 'auditor');
}
