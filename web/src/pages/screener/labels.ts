/**
 * Dutch labels for the screener's file (the shared ones are in web/src/labels.ts), and a copy of the default risk matrix of
 * workflows/risk.ts (the web application cannot import server code; keep the two in step).
 */


export const LIKELIHOODS = ['klein', 'gemiddeld', 'groot'] as const;
export const IMPACTS = ['beperkt', 'aanzienlijk', 'ernstig'] as const;
export type Likelihood = (typeof LIKELIHOODS)[number];
export type Impact = (typeof IMPACTS)[number];
export type RiskLevel = 'laag' | 'midden' | 'hoog';

export const LIKELIHOOD_LABELS: Record<Likelihood, string> = { klein: 'Klein', gemiddeld: 'Gemiddeld', groot: 'Groot' };
export const IMPACT_LABELS: Record<Impact, string> = { beperkt: 'Beperkt', aanzienlijk: 'Aanzienlijk', ernstig: 'Ernstig' };
export const LEVEL_LABELS: Record<RiskLevel, string> = { laag: 'Laag', midden: 'Midden', hoog: 'Hoog' };

/** DEFAULT_RISK_MATRIX of workflows/risk.ts: kans × impact → niveau. */
export const RISK_MATRIX: Record<Likelihood, Record<Impact, RiskLevel>> = {
  klein: { beperkt: 'laag', aanzienlijk: 'laag', ernstig: 'midden' },
  gemiddeld: { beperkt: 'laag', aanzienlijk: 'midden', ernstig: 'hoog' },
  groot: { beperkt: 'midden', aanzienlijk: 'hoog', ernstig: 'hoog' },
};


export const LOCKED_MESSAGE =
  'Het onderzoeksdossier kan in deze fase niet worden gewijzigd (alleen van openbronnenonderzoek tot en met eindrapportage, niet tijdens hoor en wederhoor).';

export { SOURCE_KINDS, THEMES } from '../../labels';
