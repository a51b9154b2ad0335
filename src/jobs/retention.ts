import { EntityManager } from 'typeorm';
import type { OrganisationKind } from '../../workflows/variants';
import { addDays, addMonths } from '../../workflows/dates';
import type { Retention } from '../config/app-config';

/**
 * What the retention jobs apply to one organisation's closed cases, and what the candidate's
 * information text promises: one value, read in one place (process.md, "Confidentiality and
 * retention", second edition).
 */
export interface EffectiveRetention {
  notAppointedDays: number;
  withdrawnDays: number;
  /** The end of the raad's term as the organisation configured it (its next regular election), or null. */
  termEndsOn: string | null;
  /** A shorter period after the appointment the organisation's FG set, or null: kept to the end of the term. */
  appointedMonths: number | null;
}

/** Outcomes where the candidate withdrew (themself or their consent), as opposed to not being appointed. */
export const WITHDRAWN_OUTCOMES = ['kandidaat_teruggetrokken', 'toestemming_ingetrokken'] as const;

/**
 * The end of the term when the organisation has configured none: the raad (or staten, algemeen
 * bestuur, eilandsraad) elected at the next regular election after the appointment takes office.
 * Gemeenteraden are elected in March of 2026, 2030, …; provinciale staten, waterschappen and
 * eilandsraden in March of 2027, 2031, …. The new term is taken to begin on 31 March: a
 * conservative day, "te bevestigen" per organisation by configuring the real date.
 */
export function defaultTermEnd(kind: OrganisationKind, appointmentDate: string): string {
  const cycleStart = kind === 'gemeente' ? 2026 : 2027;
  let year = Number(appointmentDate.slice(0, 4));
  while ((year - cycleStart) % 4 !== 0) year++;
  let end = `${year}-03-31`;
  if (end <= appointmentDate) end = `${year + 4}-03-31`;
  return end;
}

/** The day an appointed candidate's data is destroyed: the end of the term, or earlier if the FG set a shorter period. */
export function appointedRetentionEnd(kind: OrganisationKind, appointmentDate: string, retention: EffectiveRetention): string {
  const termEnd = retention.termEndsOn && retention.termEndsOn > appointmentDate ? retention.termEndsOn : defaultTermEnd(kind, appointmentDate);
  const shorter = retention.appointedMonths !== null ? addMonths(appointmentDate, retention.appointedMonths) : null;
  return shorter !== null && shorter < termEnd ? shorter : termEnd;
}

/** The day a closed case's data is destroyed, by outcome. Used by the jobs and, in words, by the candidate's information. */
export function destructionDay(outcome: string | undefined, outcomeDate: string, closedOn: string, kind: OrganisationKind, retention: EffectiveRetention): string {
  if (outcome === 'benoemd') return appointedRetentionEnd(kind, outcomeDate, retention);
  return addDays(closedOn, (WITHDRAWN_OUTCOMES as readonly string[]).includes(outcome ?? '') ? retention.withdrawnDays : retention.notAppointedDays);
}

/** The organisation's retention: its own periods, each falling back to the service's configured default; the term from its privacy settings. */
export async function retentionOf(manager: EntityManager, organisationId: string, defaults: Retention): Promise<EffectiveRetention> {
  const [row]: {
    retention_not_appointed_days: number | null;
    retention_withdrawn_days: number | null;
    raad_term_ends_on: string | null;
    appointed_retention_months: number | null;
  }[] = await manager.query(
    `SELECT o.retention_not_appointed_days, o.retention_withdrawn_days, to_char(p.raad_term_ends_on, 'YYYY-MM-DD') AS raad_term_ends_on, p.appointed_retention_months
       FROM organisations o LEFT JOIN privacy_settings p ON p.organisation_id = o.id WHERE o.id = $1`,
    [organisationId],
  );
  return {
    notAppointedDays: row?.retention_not_appointed_days ?? defaults.notAppointedDays,
    withdrawnDays: row?.retention_withdrawn_days ?? defaults.withdrawnDays,
    termEndsOn: row?.raad_term_ends_on ?? null,
    appointedMonths: row?.appointed_retention_months ?? null,
  };
}
