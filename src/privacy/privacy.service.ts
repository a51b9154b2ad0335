import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { isIsoDate } from '../../workflows/dates';
import type { OrganisationKind } from '../../workflows/variants';
import { UserPrincipal } from '../access/principal';
import { actorOf, AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import type { FieldProblem } from '../common/validation';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { defaultTermEnd, destructionDay, retentionOf } from '../jobs/retention';
import { ACTIVITY_IDS, LegalBasis, legalBasesOf } from './legal-bases';

export interface PrivacySettingsView {
  /** The end of the raad's term (the next regular election), as configured; null: the default below applies. */
  raadTermEndsOn: string | null;
  /** What applies when nothing is configured, for a case appointed today ("te bevestigen"). */
  defaultTermEndsOn: string | null;
  /** A shorter period after the appointment, set by the FG; null: kept to the end of the term. */
  appointedRetentionMonths: number | null;
  retention: { notAppointedDays: number; withdrawnDays: number };
  legalBases: LegalBasis[];
}

const KINDS_WITH_A_TERM: readonly string[] = ['gemeente', 'provincie', 'waterschap', 'openbaar_lichaam'];
const problem = (field: string, constraint: string, message: string): FieldProblem => ({ field, problems: [{ constraint, message }] });

/**
 * The organisation's privacy settings (issue 19), on its FG's word: until when appointed cases are
 * kept, and the legal basis of each processing activity. The candidate's information text and the
 * retention jobs read the same values.
 */
@Injectable()
export class PrivacyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(principal: UserPrincipal): Promise<PrivacySettingsView> {
    return this.view(this.dataSource.manager, principal.organisationId);
  }

  async update(principal: UserPrincipal, body: unknown): Promise<PrivacySettingsView> {
    const input = this.validate(body);
    return this.dataSource.transaction(async (tx) => {
      const [current] = await tx.query(
        `SELECT to_char(raad_term_ends_on, 'YYYY-MM-DD') AS raad_term_ends_on, appointed_retention_months FROM privacy_settings WHERE organisation_id = $1 FOR UPDATE`,
        [principal.organisationId],
      );
      const term = input.raadTermEndsOn !== undefined ? input.raadTermEndsOn : (current?.raad_term_ends_on ?? null);
      const months = input.appointedRetentionMonths !== undefined ? input.appointedRetentionMonths : (current?.appointed_retention_months ?? null);
      await tx.query(
        `INSERT INTO privacy_settings (organisation_id, raad_term_ends_on, appointed_retention_months, updated_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (organisation_id) DO UPDATE SET raad_term_ends_on = EXCLUDED.raad_term_ends_on, appointed_retention_months = EXCLUDED.appointed_retention_months,
           updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [principal.organisationId, term, months, principal.userId],
      );
      for (const [activity, basis] of Object.entries(input.legalBases ?? {})) {
        if (basis === null) await tx.query('DELETE FROM privacy_legal_bases WHERE organisation_id = $1 AND activity_id = $2', [principal.organisationId, activity]);
        else {
          await tx.query(
            `INSERT INTO privacy_legal_bases (organisation_id, activity_id, legal_basis) VALUES ($1, $2, $3)
             ON CONFLICT (organisation_id, activity_id) DO UPDATE SET legal_basis = EXCLUDED.legal_basis, updated_at = now()`,
            [principal.organisationId, activity, basis],
          );
        }
      }
      await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'privacy_settings.update', object: `organisation:${principal.organisationId}`, result: 'ok' });
      await this.recomputeDestruction(tx, principal);
      return this.view(tx, principal.organisationId);
    });
  }

  /**
   * Closed cases waiting for destruction get the date the settings now give them, each change
   * audited: so existing cases move from "appointment + 48 months" to the end of the term once,
   * and again whenever the term or the FG's period changes.
   */
  async recomputeDestruction(tx: EntityManager, principal: UserPrincipal): Promise<void> {
    const retention = await retentionOf(tx, principal.organisationId, this.config.retention);
    const rows: { job_id: string; case_id: string; due: string; snapshot: { context: { closedAt?: string; organisationKind: OrganisationKind; outcome?: { outcome: string; date: string } } } }[] =
      await tx.query(
        `SELECT j.id AS job_id, c.id AS case_id, to_char(j.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS due, c.snapshot
           FROM scheduled_jobs j JOIN cases c ON c.id = j.case_id
          WHERE c.organisation_id = $1 AND j.kind = 'bewaartermijn' AND j.status = 'pending' FOR UPDATE OF j`,
        [principal.organisationId],
      );
    for (const row of rows) {
      const context = row.snapshot.context;
      if (!context.closedAt) continue;
      const closedOn = context.closedAt.slice(0, 10);
      const day = destructionDay(context.outcome?.outcome, context.outcome?.date ?? closedOn, closedOn, context.organisationKind, retention);
      if (day === row.due) continue;
      await tx.query('UPDATE scheduled_jobs SET due_at = $2 WHERE id = $1', [row.job_id, `${day}T23:59:59.000Z`]);
      await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'case.retention_recomputed', object: `case:${row.case_id}`, result: 'ok' });
    }
  }

  private validate(body: unknown): { raadTermEndsOn?: string | null; appointedRetentionMonths?: number | null; legalBases?: Record<string, string | null> } {
    const problems: FieldProblem[] = [];
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalid([problem('body', 'isObject', 'moet een object zijn')]);
    const { raadTermEndsOn, appointedRetentionMonths, legalBases, ...rest } = body as Record<string, unknown>;
    for (const key of Object.keys(rest)) problems.push(problem(key, 'whitelistValidation', 'is geen toegestaan veld'));
    if (raadTermEndsOn !== undefined && raadTermEndsOn !== null) {
      if (!isIsoDate(raadTermEndsOn)) problems.push(problem('raadTermEndsOn', 'isDateString', 'moet een datum zijn (JJJJ-MM-DD)'));
      else if (raadTermEndsOn <= new Date().toISOString().slice(0, 10)) problems.push(problem('raadTermEndsOn', 'inTheFuture', 'moet in de toekomst liggen: het einde van de lopende zittingsperiode'));
    }
    if (appointedRetentionMonths !== undefined && appointedRetentionMonths !== null) {
      if (!Number.isInteger(appointedRetentionMonths) || (appointedRetentionMonths as number) < 1 || (appointedRetentionMonths as number) > 120) {
        problems.push(problem('appointedRetentionMonths', 'isInt', 'moet een geheel aantal maanden zijn, van 1 tot en met 120'));
      }
    }
    if (legalBases !== undefined) {
      if (!legalBases || typeof legalBases !== 'object' || Array.isArray(legalBases)) problems.push(problem('legalBases', 'isObject', 'moet een object zijn met per verwerking een grondslag'));
      else {
        for (const [activity, basis] of Object.entries(legalBases)) {
          const field = `legalBases.${activity}`;
          if (!(ACTIVITY_IDS as string[]).includes(activity)) problems.push(problem(field, 'unknownActivity', `is geen verwerking; kies uit ${ACTIVITY_IDS.join(', ')}`));
          else if (basis !== null && (typeof basis !== 'string' || !basis.trim() || basis.length > 1000)) problems.push(problem(field, 'isString', 'moet een tekst van 1 tot 1000 tekens zijn, of null voor de standaardgrondslag'));
        }
      }
    }
    if (problems.length) throw invalid(problems);
    return {
      raadTermEndsOn: raadTermEndsOn as string | null | undefined,
      appointedRetentionMonths: appointedRetentionMonths as number | null | undefined,
      legalBases: legalBases === undefined ? undefined : Object.fromEntries(Object.entries(legalBases as Record<string, string | null>).map(([k, v]) => [k, v === null ? null : v.trim()])),
    };
  }

  private async view(manager: EntityManager, organisationId: string): Promise<PrivacySettingsView> {
    const [org] = await manager.query('SELECT kind FROM organisations WHERE id = $1', [organisationId]);
    const retention = await retentionOf(manager, organisationId, this.config.retention);
    return {
      raadTermEndsOn: retention.termEndsOn,
      defaultTermEndsOn: KINDS_WITH_A_TERM.includes(org.kind) ? defaultTermEnd(org.kind, new Date().toISOString().slice(0, 10)) : null,
      appointedRetentionMonths: retention.appointedMonths,
      retention: { notAppointedDays: retention.notAppointedDays, withdrawnDays: retention.withdrawnDays },
      legalBases: await legalBasesOf(manager, organisationId),
    };
  }
}

function invalid(problems: FieldProblem[]): AppError {
  return new AppError(
    HttpStatus.UNPROCESSABLE_ENTITY,
    'INVALID_PRIVACY_SETTINGS',
    `De instellingen zijn niet opgeslagen: ${problems.map((p) => `${p.field} ${p.problems.map((x) => x.message).join(', ')}`).join('; ')}.`,
    problems,
  );
}
