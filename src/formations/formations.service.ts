import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CaseContext, CaseEvent } from '../../workflows/basisscan-2.machine';
import { VARIANTS } from '../../workflows/variants';
import { AccessService } from '../access/access.service';
import { UserPrincipal } from '../access/principal';
import { actorOf, AuditService } from '../audit/audit.service';
import { caseReference } from '../cases/case-reference';
import { CasesService, restore } from '../cases/cases.service';
import { buildGuide, PendingDeadline } from '../cases/guide';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { BoardRow, boardRow, sortBoard } from './board';
import { BenoembaarheidService } from './benoembaarheid.service';
import { icsCalendar } from './icalendar';
import { backwardPlan, casePlan, CasePlan, PLAN_STEP_TITLES, PLAN_STEPS, PlanStep } from './planning';
import { DEFAULT_FORMATION_PLANNING, FormationPlanningSettings } from './planning-settings';
import { dayOf } from '../../workflows/dates';
import { AppError } from '../common/app-error';
import { longDate } from '../common/dutch-date';
import { Cipher, DataEncryptionService } from '../crypto/data-encryption.service';
import {
  AddCandidatesDto,
  BoardView,
  CasePlanResponse,
  CreateFormationDto,
  FormationSummaryView,
  FormationUpdateView,
  FormationView,
  NominationDto,
  NominationView,
  PersonDto,
  UpdateFormationDto,
} from './formations.dto';

interface FormationRow {
  id: string;
  organisation_id: string;
  name: string;
  election_date: string;
  installation_date: string;
  coalition_parties: string[];
  key_encrypted: string;
  formateur_name_encrypted: string | null;
  formateur_email_encrypted: string | null;
  version: number;
  created_at: Date;
  case_count: number;
  open_case_count: number;
}

/** Phases after which a case has its outcome: the installation date no longer concerns it. */
export const CLOSED_PHASES = ['afgesloten', 'vernietigd'];

const FORMATION_COLUMNS = `f.id, f.organisation_id, f.name, to_char(f.election_date, 'YYYY-MM-DD') AS election_date, to_char(f.installation_date, 'YYYY-MM-DD') AS installation_date,
  f.coalition_parties, f.key_encrypted, f.formateur_name_encrypted, f.formateur_email_encrypted, f.version, f.created_at,
  (SELECT count(*)::int FROM cases c WHERE c.formation_id = f.id) AS case_count,
  (SELECT count(*)::int FROM cases c WHERE c.formation_id = f.id AND c.state <> ALL($2::text[])) AS open_case_count`;

/** The details of a nomination that are kept encrypted with the case key. */
interface NominationDetails {
  portfolio: string | null;
  fractie: string;
  fractievoorzitter: { name: string; email: string } | null;
}

/** A 422 naming the fields that stand in the way, in the shape of every validation error. */
function unprocessable(code: string, message: string, fields: { field: string; message: string }[]): AppError {
  return new AppError(HttpStatus.UNPROCESSABLE_ENTITY, code, message, fields.map((f) => ({ field: f.field, problems: [{ constraint: code, message: f.message }] })));
}

const sameText = (a: string, b: string) => a.localeCompare(b, 'nl', { sensitivity: 'base' }) === 0;

@Injectable()
export class FormationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly crypto: DataEncryptionService,
    private readonly cases: CasesService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly benoembaarheid: BenoembaarheidService,
  ) {}

  async create(principal: UserPrincipal, dto: CreateFormationDto): Promise<FormationView> {
    await this.variantOf(principal);
    this.checkDates(dto.electionDate, dto.installationDate, true);
    this.checkParties(dto.coalitionParties);
    const id = randomUUID();
    const { keyEncrypted, cipher } = this.crypto.createOwnedKey(`formation:${id}`);
    const formateur = this.sealFormateur(cipher, id, dto.formateur ?? null);
    await this.dataSource.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO formations (id, organisation_id, name, election_date, installation_date, coalition_parties, key_encrypted, formateur_name_encrypted, formateur_email_encrypted, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [id, principal.organisationId, dto.name, dto.electionDate, dto.installationDate, dto.coalitionParties, keyEncrypted, formateur.name, formateur.email, principal.userId],
      );
      await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'formation.create', object: `formation:${id}`, result: 'ok' });
    });
    return this.view(await this.load(this.dataSource.manager, id));
  }

  async list(principal: UserPrincipal): Promise<FormationSummaryView[]> {
    const rows: FormationRow[] = await this.dataSource.query(
      `SELECT ${FORMATION_COLUMNS} FROM formations f WHERE f.organisation_id = $1 ORDER BY f.installation_date DESC, f.created_at DESC LIMIT 200`,
      [principal.organisationId, CLOSED_PHASES],
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      electionDate: r.election_date,
      installationDate: r.installation_date,
      caseCount: r.case_count,
      openCaseCount: r.open_case_count,
      version: r.version,
    }));
  }

  async get(principal: UserPrincipal, id: string): Promise<FormationView> {
    await this.access.require(principal, 'formation.read', id, 'De formatie');
    const view = this.view(await this.load(this.dataSource.manager, id));
    await this.audit.append(null, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'read.formation', object: `formation:${id}`, result: 'ok' });
    return view;
  }

  /**
   * Changes the formation. A new installation date moves the planned appointment date of every
   * open case of the formation (CHANGE_APPOINTMENT_DATE, one event and one audit entry per case),
   * all in one transaction with the formation's own change.
   */
  async update(principal: UserPrincipal, id: string, dto: UpdateFormationDto): Promise<FormationUpdateView> {
    await this.access.require(principal, 'formation.update', id, 'De formatie');
    if (dto.coalitionParties) this.checkParties(dto.coalitionParties);
    const move = await this.dataSource.transaction(async (tx) => {
      const row = await this.load(tx, id, 'locked');
      if (row.version !== dto.expectedVersion) {
        throw new AppError(HttpStatus.CONFLICT, 'VERSION_CONFLICT', 'De formatie is intussen gewijzigd; haal haar opnieuw op en probeer het nog eens.', { currentVersion: row.version });
      }
      const electionDate = dto.electionDate ?? row.election_date;
      const installationDate = dto.installationDate ?? row.installation_date;
      const dateMoves = installationDate !== row.installation_date;
      this.checkDates(electionDate, installationDate, dateMoves);
      const cipher = this.crypto.forOwnedKey(`formation:${id}`, row.key_encrypted);
      const formateur = dto.formateur === undefined ? { name: row.formateur_name_encrypted, email: row.formateur_email_encrypted } : this.sealFormateur(cipher, id, dto.formateur);
      await tx.query(
        `UPDATE formations SET name = $2, election_date = $3, installation_date = $4, coalition_parties = $5, formateur_name_encrypted = $6, formateur_email_encrypted = $7,
                version = version + 1, updated_at = now() WHERE id = $1`,
        [id, dto.name ?? row.name, electionDate, installationDate, dto.coalitionParties ?? row.coalition_parties, formateur.name, formateur.email],
      );
      await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'formation.update', object: `formation:${id}`, result: 'ok' });
      if (!dateMoves) return undefined;
      const cases: { id: string }[] = await tx.query('SELECT id FROM cases WHERE formation_id = $1 ORDER BY created_at, id', [id]);
      const at = new Date().toISOString();
      const moved: string[] = [];
      const unchanged: string[] = [];
      for (const c of cases) {
        const event = { type: 'CHANGE_APPOINTMENT_DATE', date: installationDate, at } as CaseEvent;
        (await this.cases.applyOpdrachtgeverEventIn(tx, principal, c.id, event) ? moved : unchanged).push(c.id);
      }
      return { moved, unchanged };
    });
    const view = this.view(await this.load(this.dataSource.manager, id));
    return move ? { ...view, installationDateMove: move } : view;
  }

  /**
   * Adds several candidates at once, each as a new case of the formation with the installation
   * date as its planned appointment date. All or none: any refusal writes nothing.
   */
  async addCandidates(principal: UserPrincipal, id: string, dto: AddCandidatesDto): Promise<NominationView[]> {
    await this.access.require(principal, 'formation.update', id, 'De formatie');
    const variant = await this.variantOf(principal);
    const today = new Date().toISOString().slice(0, 10);
    const problems: { field: string; message: string }[] = [];
    const seen = new Map<string, number>();
    dto.candidates.forEach((c, i) => {
      if (c.office && c.office !== variant.office) problems.push({ field: `candidates.${i}.office`, message: `moet ${variant.office} zijn` });
      const email = c.email.toLowerCase();
      if (seen.has(email)) problems.push({ field: `candidates.${i}.email`, message: `is hetzelfde als bij kandidaat ${seen.get(email)! + 1}` });
      else seen.set(email, i);
      if (c.partyScreening) {
        if (!c.partyScreening.done && c.partyScreening.date) problems.push({ field: `candidates.${i}.partyScreening.date`, message: 'hoort alleen bij een screening die is gedaan' });
        if (c.partyScreening.date && c.partyScreening.date > today) problems.push({ field: `candidates.${i}.partyScreening.date`, message: 'ligt in de toekomst' });
      }
    });
    if (problems.length) throw unprocessable('CANDIDATES_INVALID', `De kandidaten zijn niet toegevoegd: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}.`, problems);

    const created = await this.dataSource.transaction(async (tx) => {
      // Locked: two requests adding the same person at once cannot both pass the check below.
      const formation = await this.load(tx, id, 'locked');
      if (formation.installation_date < today) {
        throw unprocessable('INSTALLATION_DATE_PASSED', `De installatiedatum van deze formatie (${longDate(formation.installation_date)}) ligt in het verleden; verschuif eerst de datum.`, [
          { field: 'installationDate', message: 'ligt in het verleden' },
        ]);
      }
      const parties = formation.coalition_parties;
      const outsideCoalition = dto.candidates.map((c, i) => ({ c, i })).filter(({ c }) => parties.length > 0 && !parties.some((p) => sameText(p, c.fractie)));
      if (outsideCoalition.length) {
        throw unprocessable(
          'FRACTIE_NOT_IN_COALITION',
          `De voordragende fractie hoort niet bij de coalitiepartijen van deze formatie (${parties.join(', ')}). Voeg de partij eerst toe aan de formatie.`,
          outsideCoalition.map(({ i }) => ({ field: `candidates.${i}.fractie`, message: 'is geen coalitiepartij van deze formatie' })),
        );
      }
      const present = await this.openCandidateEmails(tx, id);
      const twice = dto.candidates.map((c, i) => ({ c, i })).filter(({ c }) => present.has(c.email.toLowerCase()));
      if (twice.length) {
        throw unprocessable(
          'CANDIDATE_ALREADY_IN_FORMATION',
          `${twice.length === 1 ? 'Deze kandidaat staat' : 'Deze kandidaten staan'} al in de formatie met een lopend dossier.`,
          twice.map(({ i }) => ({ field: `candidates.${i}.email`, message: 'staat al in de formatie' })),
        );
      }
      const at = new Date().toISOString();
      const out: NominationView[] = [];
      for (const c of dto.candidates) {
        const { id: caseId, cipher } = await this.cases.commissionIn(tx, principal, variant, { candidate: { name: c.name, email: c.email }, plannedAppointmentDate: formation.installation_date, formationId: id }, at);
        const details = detailsOf(c);
        await tx.query('INSERT INTO case_nominations (case_id, details_encrypted, party_screening_done, party_screening_date) VALUES ($1, $2, $3, $4)', [
          caseId,
          cipher.encrypt(JSON.stringify(details), `case:${caseId}:nomination`),
          c.partyScreening?.done ?? null,
          c.partyScreening?.done ? (c.partyScreening.date ?? null) : null,
        ]);
        out.push({
          caseId,
          reference: caseReference(caseId, at),
          name: c.name,
          office: variant.office,
          ...details,
          partyScreeningDone: c.partyScreening?.done ?? null,
          partyScreeningDate: c.partyScreening?.done ? (c.partyScreening.date ?? null) : null,
        });
      }
      await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'formation.candidates.add', object: `formation:${id}`, result: 'ok' });
      return out;
    });
    return created;
  }

  /**
   * The board: one row per candidate of the formation, sorted by what needs attention. Names and
   * parties are decrypted for the opdrachtgever; each case read is audited (Logboek Dataverwerkingen).
   */
  async board(principal: UserPrincipal, id: string): Promise<BoardView> {
    await this.access.require(principal, 'formation.read', id, 'De formatie');
    const formation = await this.load(this.dataSource.manager, id);
    const rows: {
      id: string; office: string; created_at: Date; machine_id: string; machine_version: string; snapshot: never;
      name_encrypted: string | null; key_encrypted: string | null; details_encrypted: string | null; party_screening_done: boolean | null; party_screening_date: string | null;
      measures: number; deadlines: PendingDeadline[];
    }[] = await this.dataSource.query(
      `SELECT c.id, c.office, c.created_at, c.machine_id, c.machine_version, c.snapshot, s.name_encrypted, k.key_encrypted, n.details_encrypted, n.party_screening_done,
              to_char(n.party_screening_date, 'YYYY-MM-DD') AS party_screening_date,
              (SELECT coalesce(sum(r.measure_count), 0)::int FROM risks r WHERE r.case_id = c.id) AS measures,
              (SELECT coalesce(json_agg(json_build_object('kind', j.kind, 'dueAt', to_char(j.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY j.due_at), '[]')
                 FROM scheduled_jobs j WHERE j.case_id = c.id AND j.status = 'pending') AS deadlines
         FROM cases c LEFT JOIN case_subjects s ON s.case_id = c.id LEFT JOIN case_keys k ON k.case_id = c.id LEFT JOIN case_nominations n ON n.case_id = c.id
        WHERE c.formation_id = $1 ORDER BY c.created_at, c.id`,
      [id],
    );
    const now = new Date();
    const done = await this.doneSteps(rows.map((r) => r.id));
    const settings = this.planningSettings();
    const kind = (await this.variantOf(principal)).organisationKind;
    const checklists = await this.benoembaarheid.summaries(
      this.dataSource.manager,
      rows.map((r) => ({ id: r.id, snapshot: restore(r).context as CaseContext, kind })),
    );
    const board: (BoardRow & { plan: CasePlan | null })[] = rows.map((r) => {
      const snapshot = restore(r);
      const context = snapshot.context as CaseContext;
      // Closed cases have nothing left to plan.
      const plan = context.closedAt ? null : casePlan(context.plannedAppointmentDate, done.get(r.id) ?? {}, dayOf(now.toISOString()), settings);
      const cipher = r.key_encrypted ? this.crypto.forStoredKey(r.id, r.key_encrypted) : null;
      const details: NominationDetails | null = cipher && r.details_encrypted ? JSON.parse(cipher.decrypt(r.details_encrypted, `case:${r.id}:nomination`)) : null;
      const guide = buildGuide(snapshot, r.machine_version, r.deadlines, this.config.workflow, { vogTrack: true });
      const row = boardRow(
        {
          caseId: r.id,
          reference: caseReference(r.id, r.created_at.toISOString()),
          name: cipher && r.name_encrypted ? cipher.decrypt(r.name_encrypted, `case:${r.id}:name`) : null,
          office: r.office,
          portfolio: details?.portfolio ?? null,
          fractie: details?.fractie ?? null,
          partyScreeningDone: r.party_screening_done,
          partyScreeningDate: r.party_screening_date,
          snapshot,
          machineVersion: r.machine_version,
          guide,
          measures: r.measures,
          checklist: checklists.get(r.id) ?? null,
          slipping: plan?.slipping ? [`${plan.slipping.title} (uiterlijk ${longDate(plan.slipping.latest)}, op zijn vroegst ${longDate(plan.slipping.earliest)})`] : [],
        },
        now,
      );
      return { ...row, plan };
    });
    await this.dataSource.transaction(async (tx) => {
      await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'read.formation.board', object: `formation:${id}`, result: 'ok' });
      for (const r of rows) await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'read.board', object: `case:${r.id}`, result: 'ok' });
    });
    return {
      formation: { id, name: formation.name, electionDate: formation.election_date, installationDate: formation.installation_date, version: formation.version },
      plan: this.formationPlan(formation.installation_date),
      rows: sortBoard(board) as (BoardRow & { plan: CasePlan | null })[],
    };
  }

  /** Plan next to reality for one case, back from its planned appointment date (in a formation: the installation date). */
  async casePlanOf(principal: UserPrincipal, caseId: string): Promise<CasePlanResponse> {
    await this.access.require(principal, 'plan.read', caseId, 'Het dossier');
    const [row]: { id: string; formation_id: string | null; machine_id: string; machine_version: string; snapshot: never }[] = await this.dataSource.query(
      'SELECT id, formation_id, machine_id, machine_version, snapshot FROM cases WHERE id = $1',
      [caseId],
    );
    if (!row) throw new AppError(HttpStatus.NOT_FOUND, 'NOT_FOUND', 'Het dossier bestaat niet.');
    const context = restore(row).context as CaseContext;
    const done = await this.doneSteps([caseId]);
    const plan = context.closedAt ? null : casePlan(context.plannedAppointmentDate, done.get(caseId) ?? {}, dayOf(new Date().toISOString()), this.planningSettings());
    return { caseId, formationId: row.formation_id, plannedAppointmentDate: context.plannedAppointmentDate, plan };
  }

  /**
   * The formation's milestones as an iCalendar feed (RFC 5545): the latest date of every step, and
   * the installation. No personal content: the description names only the references of the cases
   * for which the step is still open.
   */
  async calendar(principal: UserPrincipal, id: string): Promise<string> {
    await this.access.require(principal, 'formation.read', id, 'De formatie');
    const formation = await this.load(this.dataSource.manager, id);
    const cases: { id: string; created_at: Date; machine_id: string; machine_version: string; snapshot: never }[] = await this.dataSource.query(
      `SELECT id, created_at, machine_id, machine_version, snapshot FROM cases WHERE formation_id = $1 AND state <> ALL($2::text[]) ORDER BY created_at, id`,
      [id, CLOSED_PHASES],
    );
    const done = await this.doneSteps(cases.map((c) => c.id));
    const settings = this.planningSettings();
    const today = dayOf(new Date().toISOString());
    const plans = cases.map((c) => {
      const context = restore(c).context as CaseContext;
      return { reference: caseReference(c.id, c.created_at.toISOString()), plan: casePlan(context.plannedAppointmentDate, done.get(c.id) ?? {}, today, settings) };
    });
    const events = this.formationPlan(formation.installation_date).map(({ step, title, latest }) => {
      const open = plans.filter((p) => !p.plan.steps.find((s) => s.step === step)!.done).map((p) => p.reference);
      const slipping = plans.filter((p) => p.plan.slipping?.step === step).map((p) => p.reference);
      const description = [
        `${formation.name}: uiterlijke datum volgens de planning terug vanaf de installatie op ${longDate(formation.installation_date)}.`,
        open.length ? `Nog open voor: ${open.join(', ')}.` : 'Voor alle lopende dossiers gedaan.',
        ...(slipping.length ? [`Schuift voor: ${slipping.join(', ')}.`] : []),
      ].join('\n');
      return { uid: `${id}-${step}@basisscan`, date: latest, summary: step === 'stemming' ? `${formation.name}: ${title}` : `Uiterlijk: ${title}`, description };
    });
    await this.audit.append(null, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'read.formation.calendar', object: `formation:${id}`, result: 'ok' });
    return icsCalendar(formation.name, events, new Date());
  }

  /** The latest date of every step for the formation's installation date. */
  private formationPlan(installationDate: string): { step: PlanStep; title: string; latest: string }[] {
    const latest = backwardPlan(installationDate, this.planningSettings());
    return PLAN_STEPS.map((step) => ({ step, title: PLAN_STEP_TITLES[step], latest: latest[step] }));
  }

  private planningSettings(): FormationPlanningSettings {
    return { ...DEFAULT_FORMATION_PLANNING, vogDecisionWeeks: this.config.workflow.vogDecisionWeeks };
  }

  /** When each step of the plan happened per case, from the case's events (the event's own date where it carries one). */
  private async doneSteps(caseIds: string[]): Promise<Map<string, Partial<Record<PlanStep, string>>>> {
    const byType: Record<string, PlanStep> = {
      VOG_REQUESTED: 'vogAanvraag',
      GIVE_CONSENT: 'toestemming',
      SUBMIT_QUESTIONNAIRE: 'vragenlijst',
      COMPLETE_RESEARCH: 'onderzoek',
      RECORD_INTERVIEW: 'gesprek',
      SUBMIT_DRAFT: 'concept',
      RESPOND_TO_FINDINGS: 'wederhoor',
      DECLINE_RESPONSE: 'wederhoor',
      SUBMIT_FINAL: 'eindrapportage',
      GIVE_ADVICE: 'advies',
      RECORD_COUNCIL_INFORMED: 'samenvatting',
      RECORD_OUTCOME: 'stemming',
      RECORD_NOT_APPOINTABLE: 'stemming',
    };
    const rows: { case_id: string; type: string; at: Date; date: string | null }[] = caseIds.length
      ? await this.dataSource.query(
          `SELECT case_id, type, min(at) AS at, min(payload->>'date') AS date FROM case_events WHERE case_id = ANY($1::uuid[]) AND type = ANY($2::text[]) GROUP BY case_id, type`,
          [caseIds, Object.keys(byType)],
        )
      : [];
    // The summary's real record: the first time it was sent to the formateur or the fractievoorzitter (src/reports/documents).
    const sent: { case_id: string; at: Date }[] = caseIds.length
      ? await this.dataSource.query(
          `SELECT d.case_id, min(d.sent_at) AS at FROM case_document_deliveries d JOIN case_documents c ON c.id = d.document_id
            WHERE d.case_id = ANY($1::uuid[]) AND c.kind = 'samenvatting' AND d.recipient_role IN ('formateur', 'fractievoorzitter') GROUP BY d.case_id`,
          [caseIds],
        )
      : [];
    rows.push(...sent.map((r) => ({ case_id: r.case_id, type: 'SUMMARY_SENT', at: r.at, date: null })));
    byType.SUMMARY_SENT = 'samenvatting';
    const done = new Map<string, Partial<Record<PlanStep, string>>>();
    for (const r of rows) {
      const steps = done.get(r.case_id) ?? {};
      const step = byType[r.type];
      const day = r.date && /^\d{4}-\d{2}-\d{2}$/.test(r.date) ? r.date : dayOf(r.at.toISOString());
      if (!steps[step] || day < steps[step]!) steps[step] = day;
      done.set(r.case_id, steps);
    }
    return done;
  }

  /**
   * The demo: a formation "Collegevorming 2026" of Voorbeeldstad with three candidates, made once
   * (by its burgemeester, through the same path as the API), so a newcomer sees the board on first start.
   */
  async seedDemoFormation(): Promise<void> {
    const [burgemeester]: { id: string; organisation_id: string }[] = await this.dataSource.query(
      `SELECT u.id, u.organisation_id FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE o.code = 'voorbeeldstad' AND u.email = 'burgemeester@voorbeeldstad.nl'`,
    );
    if (!burgemeester) return;
    // Only on a first start: once the organisation has any formation, the demo leaves it alone.
    const [existing] = await this.dataSource.query(`SELECT 1 FROM formations WHERE organisation_id = $1 LIMIT 1`, [burgemeester.organisation_id]);
    if (existing) return;
    const principal: UserPrincipal = { kind: 'user', userId: burgemeester.id, organisationId: burgemeester.organisation_id, roles: ['opdrachtgever'], authMethod: 'local' };
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const formation = await this.create(principal, {
      name: 'Collegevorming 2026',
      electionDate: day(-14),
      installationDate: day(42),
      coalitionParties: ['Groen Voorbeeldstad', 'Sociaal Voorbeeldstad', 'Lokaal Belang'],
      formateur: { name: 'Fenna de Formateur', email: 'formateur@example.nl' },
    });
    await this.addCandidates(principal, formation.id, {
      candidates: [
        { name: 'Anna de Vries', email: 'anna.devries@example.nl', fractie: 'Groen Voorbeeldstad', portfolio: 'Klimaat en wonen', fractievoorzitter: { name: 'Vera Verhoeven', email: 'fractie.groen@example.nl' }, partyScreening: { done: true, date: day(-3) } },
        { name: 'Bram Bakker', email: 'bram.bakker@example.nl', fractie: 'Sociaal Voorbeeldstad', portfolio: 'Zorg en werk', fractievoorzitter: { name: 'Sanne Smit', email: 'fractie.sociaal@example.nl' } },
        { name: 'Cor Claassen', email: 'cor.claassen@example.nl', fractie: 'Lokaal Belang', portfolio: 'Financiën', partyScreening: { done: false } },
      ],
    });
  }

  // --- internals -------------------------------------------------------------------------------

  /** The e-mail addresses of the formation's candidates whose case is still open (decrypted, lower-cased). */
  private async openCandidateEmails(tx: EntityManager, formationId: string): Promise<Set<string>> {
    const rows: { id: string; email_encrypted: string; key_encrypted: string }[] = await tx.query(
      `SELECT c.id, s.email_encrypted, k.key_encrypted FROM cases c JOIN case_subjects s ON s.case_id = c.id JOIN case_keys k ON k.case_id = c.id
        WHERE c.formation_id = $1 AND c.state <> ALL($2::text[])`,
      [formationId, CLOSED_PHASES],
    );
    return new Set(rows.map((r) => this.crypto.forStoredKey(r.id, r.key_encrypted).decrypt(r.email_encrypted, `case:${r.id}:email`)));
  }

  private async variantOf(principal: UserPrincipal) {
    const [organisation]: { kind: string }[] = await this.dataSource.query('SELECT kind FROM organisations WHERE id = $1', [principal.organisationId]);
    const variant = VARIANTS[organisation.kind as keyof typeof VARIANTS];
    if (!variant) throw new AppError(HttpStatus.UNPROCESSABLE_ENTITY, 'NOT_A_PUBLIC_BODY', 'Alleen een gemeente, provincie, waterschap of openbaar lichaam vormt een college.');
    return variant;
  }

  /** The installation is on or after the election; a new installation date is not in the past. */
  private checkDates(electionDate: string, installationDate: string, installationIsNew: boolean): void {
    if (installationDate < electionDate) {
      throw unprocessable('INSTALLATION_BEFORE_ELECTION', `De installatiedatum (${longDate(installationDate)}) ligt vóór de verkiezingsdatum (${longDate(electionDate)}).`, [
        { field: 'installationDate', message: 'ligt vóór de verkiezingsdatum' },
      ]);
    }
    if (installationIsNew && installationDate < new Date().toISOString().slice(0, 10)) {
      throw unprocessable('DATE_IN_PAST', `De installatiedatum (${longDate(installationDate)}) ligt in het verleden.`, [{ field: 'installationDate', message: 'ligt in het verleden' }]);
    }
  }

  private checkParties(parties: string[]): void {
    const twice = parties.filter((p, i) => parties.findIndex((q) => sameText(p, q)) !== i);
    if (twice.length) {
      throw unprocessable('PARTY_TWICE', `Een coalitiepartij staat er twee keer in: ${[...new Set(twice)].join(', ')}.`, [{ field: 'coalitionParties', message: 'bevat een partij twee keer' }]);
    }
  }

  private sealFormateur(cipher: Cipher, id: string, formateur: PersonDto | null): { name: string | null; email: string | null } {
    if (!formateur) return { name: null, email: null };
    return { name: cipher.encrypt(formateur.name, `formation:${id}:formateur:name`), email: cipher.encrypt(formateur.email.toLowerCase(), `formation:${id}:formateur:email`) };
  }

  async load(manager: EntityManager, id: string, lock?: 'locked'): Promise<FormationRow> {
    const [row] = await manager.query(`SELECT ${FORMATION_COLUMNS} FROM formations f WHERE f.id = $1${lock ? ' FOR UPDATE OF f' : ''}`, [id, CLOSED_PHASES]);
    if (!row) throw new AppError(HttpStatus.NOT_FOUND, 'NOT_FOUND', 'De formatie bestaat niet.');
    return row;
  }

  private view(row: FormationRow): FormationView {
    const cipher = this.crypto.forOwnedKey(`formation:${row.id}`, row.key_encrypted);
    return {
      id: row.id,
      organisationId: row.organisation_id,
      name: row.name,
      electionDate: row.election_date,
      installationDate: row.installation_date,
      coalitionParties: row.coalition_parties,
      formateur:
        row.formateur_name_encrypted && row.formateur_email_encrypted
          ? { name: cipher.decrypt(row.formateur_name_encrypted, `formation:${row.id}:formateur:name`), email: cipher.decrypt(row.formateur_email_encrypted, `formation:${row.id}:formateur:email`) }
          : null,
      caseCount: row.case_count,
      openCaseCount: row.open_case_count,
      version: row.version,
      createdAt: row.created_at.toISOString(),
    };
  }
}

function detailsOf(c: NominationDto): NominationDetails {
  return { portfolio: c.portfolio || null, fractie: c.fractie, fractievoorzitter: c.fractievoorzitter ? { name: c.fractievoorzitter.name, email: c.fractievoorzitter.email.toLowerCase() } : null };
}
