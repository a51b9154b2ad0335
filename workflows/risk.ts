/**
 * The risk matrix of the domain brief (questionnaire.md, "Risk register"): kans × impact gives a
 * level. No official scale is published; this default is ours and configurable per organisation.
 */
export const LIKELIHOODS = ['klein', 'gemiddeld', 'groot'] as const;
export const IMPACTS = ['beperkt', 'aanzienlijk', 'ernstig'] as const;
export const LEVELS = ['laag', 'midden', 'hoog'] as const;
export type Likelihood = (typeof LIKELIHOODS)[number];
export type Impact = (typeof IMPACTS)[number];
export type RiskLevel = (typeof LEVELS)[number];

export type RiskMatrix = Record<Likelihood, Record<Impact, RiskLevel>>;

export const DEFAULT_RISK_MATRIX: RiskMatrix = {
  klein: { beperkt: 'laag', aanzienlijk: 'laag', ernstig: 'midden' },
  gemiddeld: { beperkt: 'laag', aanzienlijk: 'midden', ernstig: 'hoog' },
  groot: { beperkt: 'midden', aanzienlijk: 'hoog', ernstig: 'hoog' },
};

export function riskLevel(likelihood: Likelihood, impact: Impact, matrix: RiskMatrix = DEFAULT_RISK_MATRIX): RiskLevel {
  return matrix[likelihood][impact];
}
