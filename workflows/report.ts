import type { CaseContext } from './basisscan.machine';

/**
 * When a risk report can be made. The report carries the findings, the candidate's wederhoor and
 * the conclusion, so it exists once hoor en wederhoor is over (Handleiding basisscan: the
 * eindrapportage follows wederhoor). A further investigation resets wederhoor, and with it this
 * rule, until the screener's work is done again. Destroyed content cannot be reported on.
 */
export const REPORTABLE_PHASES = ['eindrapportage', 'advies', 'raadInformeren', 'raadGeinformeerd', 'afgesloten'] as const;

export type ReportRefusal = 'wederhoor_not_finished' | 'destroyed';

export function reportRefusal(context: Pick<CaseContext, 'wederhoor' | 'destroyedAt'>, phase: string): ReportRefusal | null {
  if (context.destroyedAt !== undefined || phase === 'vernietigd') return 'destroyed';
  if (!(REPORTABLE_PHASES as readonly string[]).includes(phase) || context.wederhoor === undefined) return 'wederhoor_not_finished';
  return null;
}
