import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CaseContext } from '../../workflows/basisscan-2.machine';
import { cite, OrganisationKind, VARIANTS } from '../../workflows/variants';
import { AccessService } from '../access/access.service';
import { UserPrincipal } from '../access/principal';
import { actorOf, AuditService } from '../audit/audit.service';
import { caseReference } from '../cases/case-reference';
import { restore } from '../cases/cases.service';
import { guideTemplate, vogPhase } from '../cases/guide';
import { AppError } from '../common/app-error';
import { DataEncryptionService } from '../crypto/data-encryption.service';
import { ChecklistSummary } from './board';
import { CheckStatus, DeclarationSource, NO_MARKED_ANSWERS_YET, RequirementCode, requirementsFor, vogStatus } from './benoembaarheid';
import { BenoembaarheidView, FormationBenoembaarheidView, RecordCheckDto } from './benoembaarheid.dto';

interface CaseRow {
  id: string;
  organisation_kind: OrganisationKind;
  formation_id: string | null;
  created_at: Date;
  machine_id: string;
  machine_version: string;
  snapshot: never;
  name_encrypted: string | null;
  key_encrypted: string | null;
}

interface CheckRow {
  case_id: string;
  requirement: RequirementCode;
  status: CheckStatus;
  note_encrypted: string | null;
  checked_at: Date;
  checked_by_name: string;
}

const CASE_SELECT = `SELECT c.id, o.kind AS organisation_kind, c.formation_id, c.created_at, c.machine_id, c.machine_version, c.snapshot, s.name_encrypted, k.key_encrypted
  FROM cases c JOIN organisations o ON o.id = c.organisation_id LEFT JOIN case_subjects s ON s.case_id = c.id LEFT JOIN case_keys k ON k.case_id = c.id`;

/**
 * The griffier's benoembaarheid checklist. What it shows is deliberately narrow: the candidate's
 * name and office, the checklist, the VOG status, and whether the risk analysis was done (the
 * advice given) — nothing of the analysis's content, findings, measures or advice, and no
 * questionnaire answers other than those marked for the griffier (the DeclarationSource hook).
 */
@Injectable()
export class BenoembaarheidService {
  private readonly declarations: DeclarationSource = NO_MARKED_ANSWERS_YET;

  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly crypto: DataEncryptionService,
    private readonly audit: AuditService,
  ) {}

  async forCase(principal: UserPrincipal, caseId: string): Promise<BenoembaarheidView> {
    await this.access.require(principal, 'benoembaarheid.read', caseId, 'Het dossier');
    const [row]: CaseRow[] = await this.dataSource.query(`${CASE_SELECT} WHERE c.id = $1`, [caseId]);
    if (!row) throw new AppError(HttpStatus.NOT_FOUND, 'NOT_FOUND', 'Het dossier bestaat niet.');
    const [view] = await this.views([row]);
    await this.audit.append(null, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'read.benoembaarheid', object: `case:${caseId}`, result: 'ok' });
    return view;
  }

  async forFormation(principal: UserPrincipal, formationId: string): Promise<FormationBenoembaarheidView> {
    await this.access.require(principal, 'benoembaarheid.read', formationId, 'De formatie');
    const [formation]: { id: string; name: string; installation_date: string }[] = await this.dataSource.query(
      `SELECT id, name, to_char(installation_date, 'YYYY-MM-DD') AS installation_date FROM formations WHERE id = $1`,
      [formationId],
    );
    if (!formation) throw new AppError(HttpStatus.NOT_FOUND, 'NOT_FOUND', 'De formatie bestaat niet.');
    const rows: CaseRow[] = await this.dataSource.query(`${CASE_SELECT} WHERE c.formation_id = $1 ORDER BY c.created_at, c.id`, [formationId]);
    const candidates = await this.views(rows);
    await this.dataSource.transaction(async (tx) => {
      for (const r of rows) await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'read.benoembaarheid', object: `case:${r.id}`, result: 'ok' });
    });
    return { formation: { id: formation.id, name: formation.name, installationDate: formation.installation_date }, candidates };
  }

  /** The griffier records one requirement: status, a short note, who and when. Audited; closed cases are final. */
  async record(principal: UserPrincipal, caseId: string, code: string, dto: RecordCheckDto): Promise<BenoembaarheidView> {
    await this.access.require(principal, 'benoembaarheid.write', caseId, 'Het dossier');
    await this.dataSource.transaction(async (tx) => {
      const [row]: CaseRow[] = await tx.query(`${CASE_SELECT} WHERE c.id = $1 FOR UPDATE OF c`, [caseId]);
      if (!row) throw new AppError(HttpStatus.NOT_FOUND, 'NOT_FOUND', 'Het dossier bestaat niet.');
      const requirement = requirementsFor(row.organisation_kind).find((r) => r.code === code);
      if (!requirement) {
        throw new AppError(HttpStatus.UNPROCESSABLE_ENTITY, 'REQUIREMENT_UNKNOWN', `Deze eis bestaat niet. Bekende eisen: ${requirementsFor(row.organisation_kind).filter((r) => r.source === 'griffier').map((r) => r.code).join(', ')}.`);
      }
      if (requirement.source === 'vog') {
        throw new AppError(HttpStatus.UNPROCESSABLE_ENTITY, 'REQUIREMENT_FROM_VOG_TRACK', 'De VOG-eis volgt uit het VOG-spoor van het dossier en wordt niet met de hand vastgelegd.');
      }
      const context = restore(row).context as CaseContext;
      if (context.closedAt || !row.key_encrypted) {
        throw new AppError(HttpStatus.CONFLICT, 'CASE_CLOSED', 'Het dossier is afgesloten; de controle kan niet meer worden gewijzigd.');
      }
      const note = dto.note ? this.crypto.forStoredKey(caseId, row.key_encrypted).encrypt(dto.note, `case:${caseId}:benoembaarheid:${code}`) : null;
      await tx.query(
        `INSERT INTO benoembaarheid_checks (case_id, requirement, status, note_encrypted, checked_by, checked_at) VALUES ($1, $2, $3, $4, $5, now())
         ON CONFLICT (case_id, requirement) DO UPDATE SET status = EXCLUDED.status, note_encrypted = EXCLUDED.note_encrypted, checked_by = EXCLUDED.checked_by, checked_at = EXCLUDED.checked_at`,
        [caseId, code, dto.status, note, principal.userId],
      );
      await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: `benoembaarheid.${dto.status}`, object: `case:${caseId}`, result: 'ok' });
    });
    const [row]: CaseRow[] = await this.dataSource.query(`${CASE_SELECT} WHERE c.id = $1`, [caseId]);
    return (await this.views([row]))[0];
  }

  /** Per case the counts the board shows: how many requirements, how many open, which are not met. */
  async summaries(manager: EntityManager, cases: { id: string; snapshot: CaseContext; kind: OrganisationKind }[]): Promise<Map<string, ChecklistSummary | null>> {
    const checks = await this.checks(manager, cases.map((c) => c.id));
    const out = new Map<string, ChecklistSummary | null>();
    for (const c of cases) {
      const own = checks.filter((k) => k.case_id === c.id);
      if (own.length === 0) {
        out.set(c.id, null);
        continue;
      }
      const statuses = requirementsFor(c.kind).map((r) => ({ r, status: r.source === 'vog' ? vogStatus(c.snapshot) : (own.find((k) => k.requirement === r.code)?.status ?? 'open') }));
      out.set(c.id, { total: statuses.length, open: statuses.filter((s) => s.status === 'open').length, notMet: statuses.filter((s) => s.status === 'niet_voldaan').map((s) => s.r.title) });
    }
    return out;
  }

  private async checks(manager: EntityManager, caseIds: string[]): Promise<CheckRow[]> {
    if (!caseIds.length) return [];
    return manager.query(
      `SELECT b.case_id, b.requirement, b.status, b.note_encrypted, b.checked_at, u.name AS checked_by_name
         FROM benoembaarheid_checks b JOIN users u ON u.id = b.checked_by WHERE b.case_id = ANY($1::uuid[])`,
      [caseIds],
    );
  }

  private async views(rows: CaseRow[]): Promise<BenoembaarheidView[]> {
    const checks = await this.checks(this.dataSource.manager, rows.map((r) => r.id));
    const out: BenoembaarheidView[] = [];
    for (const row of rows) {
      const snapshot = restore(row);
      const context = snapshot.context as CaseContext;
      const cipher = row.key_encrypted ? this.crypto.forStoredKey(row.id, row.key_encrypted) : null;
      const declared = cipher ? await this.declarations.declared(this.dataSource.manager, row.id) : {};
      const variant = VARIANTS[row.organisation_kind];
      const vogState = vogPhase(snapshot);
      const requirements = requirementsFor(row.organisation_kind).map((r) => {
        const check = checks.find((k) => k.case_id === row.id && k.requirement === r.code);
        const status: CheckStatus = r.source === 'vog' ? vogStatus(context) : (check?.status ?? 'open');
        return {
          code: r.code,
          title: r.title,
          legalReference: cite(r.reference),
          source: r.source,
          status,
          note: check?.note_encrypted && cipher ? cipher.decrypt(check.note_encrypted, `case:${row.id}:benoembaarheid:${r.code}`) : null,
          checkedBy: check ? check.checked_by_name : null,
          checkedAt: check ? check.checked_at.toISOString() : null,
          declared: declared[r.code] ?? null,
        };
      });
      out.push({
        caseId: row.id,
        reference: caseReference(row.id, row.created_at.toISOString()),
        name: cipher && row.name_encrypted ? cipher.decrypt(row.name_encrypted, `case:${row.id}:name`) : null,
        officeTitle: variant.officeTitle,
        plannedAppointmentDate: context.plannedAppointmentDate,
        closed: Boolean(context.closedAt),
        vog: {
          state: vogState,
          description: guideTemplate(row.machine_version).vog[vogState] ?? vogState,
          issueDate: context.vog.issueDate ?? null,
          status: vogStatus(context),
          legalReference: cite(variant.vogRequirement),
        },
        // Only that it was done: the advice given. Nothing of its content.
        riskAnalysisDone: Boolean(context.advice),
        requirements,
        status: requirements.some((r) => r.status === 'niet_voldaan') ? 'niet_voldaan' : requirements.some((r) => r.status === 'open') ? 'open' : 'voldaan',
      });
    }
    return out;
  }
}
