const dateFormat = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' });
const dateTimeFormat = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam' });

/** "23 november 2026" from an ISO date or date-time. */
export function dateNl(iso: string | null | undefined): string {
  if (!iso) return '—';
  const value = iso.length === 10 ? new Date(`${iso}T12:00:00Z`) : new Date(iso);
  return Number.isNaN(value.getTime()) ? iso : dateFormat.format(value);
}

export function dateTimeNl(iso: string | null | undefined): string {
  if (!iso) return '—';
  const value = new Date(iso);
  return Number.isNaN(value.getTime()) ? iso : dateTimeFormat.format(value);
}

export const today = (): string => new Date().toISOString().slice(0, 10);

export const CONCLUSIONS: Record<string, string> = {
  geen_risicos: 'Geen risico’s',
  beheersbaar: 'Risico’s beheersbaar',
  ernstige_risicos: 'Ernstige risico’s',
};

export const ROLE_TITLES: Record<string, string> = {
  opdrachtgever: 'opdrachtgever',
  screener: 'screener',
  auditor: 'auditor',
  beheerder: 'beheerder',
  griffier: 'griffier',
  kandidaat: 'kandidaat',
};
