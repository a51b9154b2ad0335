import type { LegalReference } from './variants';

/**
 * The legal regimes that set what an appointment needs. Today's: the VOG at the benoeming (Wet
 * bevorderen integriteit en functioneren decentraal bestuur, Stb. 2022, 444, in force since
 * 1 January 2023, Stb. 2022, 504). The second tranche (Kamerstuk 36892, a bill when this was
 * written) adds a completed risk analysis. Which regime applies is decided by the appointment date;
 * the in-force date of the second tranche is configuration (unset: not in force), so the product
 * follows the law the day it changes without a new release.
 */
export type RegimeId = 'wbifdb' | 'wbifdb_tweede_tranche';

export interface LegalRegime {
  id: RegimeId;
  title: string;
  /** How the law is cited to users. */
  citation: LegalReference;
  /** Whether an appointment also needs the opdrachtgever's advice (a completed risk analysis). */
  requiresRiskAnalysis: boolean;
}

export const REGIMES: Record<RegimeId, LegalRegime> = {
  wbifdb: {
    id: 'wbifdb',
    title: 'Wet bevorderen integriteit en functioneren decentraal bestuur',
    citation: { citation: 'Stb. 2022, 444', confirmed: true },
    requiresRiskAnalysis: false,
  },
  wbifdb_tweede_tranche: {
    id: 'wbifdb_tweede_tranche',
    title: 'Wet bevorderen integriteit en functioneren decentraal bestuur tweede tranche',
    citation: { citation: 'Kamerstuk 36892', confirmed: false },
    requiresRiskAnalysis: true,
  },
};

/** When each regime took or takes effect (YYYY-MM-DD); null: not in force. */
export type RegimeCalendar = Record<RegimeId, string | null>;

export const DEFAULT_REGIME_CALENDAR: RegimeCalendar = { wbifdb: '2023-01-01', wbifdb_tweede_tranche: null };

/** The regime in force on `date`: the latest one whose in-force date is on or before it. */
export function regimeOn(date: string, calendar: RegimeCalendar = DEFAULT_REGIME_CALENDAR): RegimeId {
  let current: RegimeId = 'wbifdb';
  let since = '';
  for (const id of Object.keys(calendar) as RegimeId[]) {
    const from = calendar[id];
    if (from !== null && from <= date && from >= since) {
      current = id;
      since = from;
    }
  }
  return current;
}
