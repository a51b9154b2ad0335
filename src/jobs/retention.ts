import { EntityManager } from 'typeorm';
import type { Retention } from '../config/app-config';

/** The organisation's retention periods, each falling back to the service's configured default. */
export async function retentionOf(manager: EntityManager, organisationId: string, defaults: Retention): Promise<Retention> {
  const [row]: { retention_not_appointed_days: number | null; retention_withdrawn_days: number | null; retention_appointed_months: number | null }[] = await manager.query(
    'SELECT retention_not_appointed_days, retention_withdrawn_days, retention_appointed_months FROM organisations WHERE id = $1',
    [organisationId],
  );
  return {
    notAppointedDays: row?.retention_not_appointed_days ?? defaults.notAppointedDays,
    withdrawnDays: row?.retention_withdrawn_days ?? defaults.withdrawnDays,
    appointedMonths: row?.retention_appointed_months ?? defaults.appointedMonths,
  };
}
