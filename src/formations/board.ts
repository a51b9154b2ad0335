import { AnyMachineSnapshot } from 'xstate';
import { CaseContext } from '../../workflows/basisscan-2.machine';
import { VARIANTS } from '../../workflows/variants';
import { Guide, guideTemplate } from '../cases/guide';
import { fill, readTemplate } from '../common/templates';

/** The Dutch texts of the board, from templates/formations/. */
export interface BoardTemplate {
  version: string;
  conclusions: Record<string, string>;
  outcomes: Record<string, string>;
  vogLight: { afgesloten: string };
  benoembaarheid: Record<BenoembaarheidStatus, string>;
  attention: Record<string, string>;
}

let template: BoardTemplate | undefined;
export const boardTemplate = (): BoardTemplate => (template ??= readTemplate<BoardTemplate>('formations/board.nl.json'));

export type VogLight = 'groen' | 'oranje' | 'rood' | 'grijs';
export type BenoembaarheidStatus = 'niet_gecontroleerd' | 'open' | 'voldaan' | 'niet_voldaan';

/**
 * How much a row asks for attention: 0 act now (a deadline passed, a warning, a red VOG, the plan
 * slips), 1 soon (a deadline within three days, or the opdrachtgever is the one to act), 2 running,
 * 3 closed.
 */
export type AttentionRank = 0 | 1 | 2 | 3;

/** What the board needs of the griffier's checklist (issue 18, part 4): counts per status. */
export interface ChecklistSummary {
  total: number;
  open: number;
  notMet: string[];
}

export interface BoardRowInput {
  caseId: string;
  reference: string;
  name: string | null;
  office: string;
  portfolio: string | null;
  fractie: string | null;
  partyScreeningDone: boolean | null;
  partyScreeningDate: string | null;
  snapshot: AnyMachineSnapshot;
  machineVersion: string;
  guide: Guide;
  /** The number of beheersmaatregelen in the screener's risks, shown once the advice is given. */
  measures: number;
  checklist: ChecklistSummary | null;
  /** Steps of the backward plan that no longer fit (part 3), in Dutch. */
  slipping: string[];
}

export interface BoardRow {
  caseId: string;
  reference: string;
  name: string | null;
  office: string;
  officeTitle: string;
  portfolio: string | null;
  fractie: string | null;
  partyScreening: { done: boolean | null; date: string | null };
  plannedAppointmentDate: string;
  phase: string;
  phaseTitle: string;
  phaseNumber: number;
  waitingFor: string | null;
  nextDeadline: { description: string; dueAt: string; overdue: boolean } | null;
  overdue: string[];
  vog: { light: VogLight; description: string };
  benoembaarheid: { status: BenoembaarheidStatus; description: string };
  advice: { given: boolean; conclusion: string | null; description: string };
  openMeasures: number | null;
  outcome: { code: string; description: string } | null;
  attention: { rank: AttentionRank; reasons: string[] };
}

const DAY = 86_400_000;
const SOON_DAYS = 3;

export function boardRow(input: BoardRowInput, now: Date): BoardRow {
  const texts = boardTemplate();
  const context = input.snapshot.context as CaseContext;
  const guide = input.guide;
  const closed = Boolean(context.closedAt);
  const deadlineTexts = guideTemplate(input.machineVersion).deadlines;
  const overdue = closed ? [] : context.overdue.map((kind) => deadlineTexts[kind] ?? kind);
  const next = guide.nextDeadline && guide.nextDeadline.kind !== 'bewaartermijn' ? guide.nextDeadline : null;
  const nextOverdue = next ? new Date(next.dueAt).getTime() < now.getTime() : false;

  const light: VogLight = closed || !guide.appointability ? 'grijs' : guide.appointability.status === 'ja' ? 'groen' : guide.appointability.status === 'nee' ? 'rood' : 'oranje';
  const vog = { light, description: light === 'grijs' ? (closed ? texts.vogLight.afgesloten : (guide.vog?.description ?? '')) : guide.appointability!.description };

  const checklist = input.checklist;
  const status: BenoembaarheidStatus = !checklist ? 'niet_gecontroleerd' : checklist.notMet.length ? 'niet_voldaan' : checklist.open ? 'open' : 'voldaan';
  const benoembaarheid = {
    status,
    description: fill(texts.benoembaarheid[status], { open: checklist?.open ?? 0, totaal: checklist?.total ?? 0, eisen: checklist?.notMet.join(', ') ?? '' }),
  };

  const conclusion = context.advice?.conclusion ?? null;
  const advice = { given: Boolean(context.advice), conclusion, description: conclusion ? `Advies gegeven: ${texts.conclusions[conclusion] ?? conclusion}` : 'Nog geen advies' };
  const outcome = context.outcome ? { code: context.outcome.outcome, description: texts.outcomes[context.outcome.outcome] ?? context.outcome.outcome } : null;

  const reasons: string[] = [];
  let rank: AttentionRank = closed ? 3 : 2;
  if (!closed) {
    for (const kind of overdue) reasons.push(fill(texts.attention.termijn_verstreken, { termijn: kind }));
    if (next && nextOverdue) reasons.push(fill(texts.attention.termijn_verstreken, { termijn: next.description }));
    for (const warning of guide.warnings) reasons.push(fill(texts.attention.waarschuwing, { waarschuwing: warning.description }));
    if (light === 'rood') reasons.push(texts.attention.vog_rood);
    for (const step of input.slipping) reasons.push(fill(texts.attention.planning_schuift, { stap: step }));
    if (reasons.length) rank = 0;
    const soon = next && !nextOverdue && new Date(next.dueAt).getTime() - now.getTime() < SOON_DAYS * DAY;
    if (soon) reasons.push(fill(texts.attention.termijn_binnenkort, { dagen: SOON_DAYS, termijn: next.description }));
    if (guide.waitingFor?.actor === 'opdrachtgever') reasons.push(texts.attention.u_bent_aan_zet);
    if (rank === 2 && reasons.length) rank = 1;
  }

  return {
    caseId: input.caseId,
    reference: input.reference,
    name: input.name,
    office: input.office,
    officeTitle: VARIANTS[context.organisationKind].officeTitle,
    portfolio: input.portfolio,
    fractie: input.fractie,
    partyScreening: { done: input.partyScreeningDone, date: input.partyScreeningDate },
    plannedAppointmentDate: context.plannedAppointmentDate,
    phase: guide.phase.state,
    phaseTitle: guide.phase.title,
    phaseNumber: guide.phase.number,
    waitingFor: closed ? null : (guide.waitingFor?.description ?? null),
    nextDeadline: next && !closed ? { description: next.description, dueAt: next.dueAt, overdue: nextOverdue } : null,
    overdue,
    vog,
    benoembaarheid,
    advice,
    // Measures are the opdrachtgever's to follow up once agreed in the advice; before that they are the screener's draft.
    openMeasures: context.advice ? input.measures : null,
    outcome,
    attention: { rank, reasons },
  };
}

/** What needs attention first; within a rank the earliest deadline, then the name. */
export function sortBoard(rows: BoardRow[]): BoardRow[] {
  const due = (r: BoardRow) => r.nextDeadline?.dueAt ?? '9999';
  return rows.slice().sort((a, b) => a.attention.rank - b.attention.rank || due(a).localeCompare(due(b)) || (a.name ?? a.reference).localeCompare(b.name ?? b.reference, 'nl'));
}
