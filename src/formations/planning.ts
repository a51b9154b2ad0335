import { FormationPlanningSettings } from './planning-settings';

/**
 * Backward planning of a collegevorming (domain brief, "The formation"): from the installation
 * date, the latest date of each step so that the vote can take place that day; and forward from
 * what has happened, the earliest each open step can now be done. A step whose earliest date lies
 * after its latest no longer fits: the plan slips there, and the board and the case say so.
 *
 * Pure: dates in, dates out (YYYY-MM-DD). Working days skip Saturday, Sunday and the configured holidays.
 */

export const PLAN_STEPS = [
  'vogAanvraag',
  'toestemming',
  'vragenlijst',
  'onderzoek',
  'gesprek',
  'concept',
  'wederhoor',
  'eindrapportage',
  'advies',
  'samenvatting',
  'commissie',
  'stemming',
] as const;
export type PlanStep = (typeof PLAN_STEPS)[number];

export const PLAN_STEP_TITLES: Record<PlanStep, string> = {
  vogAanvraag: 'VOG aanvragen',
  toestemming: 'Toestemming van de kandidaat',
  vragenlijst: 'Vragenlijst ingevuld',
  onderzoek: 'Openbronnenonderzoek afgerond',
  gesprek: 'Gesprek met de kandidaat',
  concept: 'Conceptrapportage',
  wederhoor: 'Hoor en wederhoor afgerond',
  eindrapportage: 'Eindrapportage',
  advies: 'Advies van de burgemeester',
  samenvatting: 'Samenvatting naar formateur en fractievoorzitter',
  commissie: 'Advies van de commissie (benoembaarheid)',
  stemming: 'Stemming in de raad (installatie)',
};

type Length = { days: number } | { workingDays: number };

/** The edges of the plan: `to` cannot be done sooner than `length` after `from`. */
export function planEdges(s: FormationPlanningSettings): { from: PlanStep; to: PlanStep; length: Length }[] {
  return [
    // The VOG must be in before the vote: Justis's decision time after the request.
    { from: 'vogAanvraag', to: 'stemming', length: { days: s.vogDecisionWeeks * 7 } },
    { from: 'toestemming', to: 'vragenlijst', length: { days: s.questionnaireDays } },
    // The research starts at consent, in parallel with the questionnaire.
    { from: 'toestemming', to: 'onderzoek', length: { workingDays: s.researchWorkingDays } },
    { from: 'vragenlijst', to: 'gesprek', length: { workingDays: s.interviewWorkingDays } },
    { from: 'onderzoek', to: 'gesprek', length: { workingDays: s.interviewWorkingDays } },
    { from: 'gesprek', to: 'concept', length: { workingDays: s.draftWorkingDays } },
    { from: 'concept', to: 'wederhoor', length: { workingDays: s.wederhoorWorkingDays } },
    { from: 'wederhoor', to: 'eindrapportage', length: { workingDays: s.finalWorkingDays } },
    { from: 'eindrapportage', to: 'advies', length: { workingDays: s.adviceWorkingDays } },
    { from: 'advies', to: 'samenvatting', length: { workingDays: s.summaryWorkingDays } },
    { from: 'samenvatting', to: 'commissie', length: { workingDays: s.commissieWorkingDays } },
    { from: 'commissie', to: 'stemming', length: { workingDays: s.voteWorkingDays } },
  ];
}

const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const toIso = (date: Date) => date.toISOString().slice(0, 10);

export function isWorkingDay(iso: string, holidays: readonly string[]): boolean {
  const day = toDate(iso).getUTCDay();
  return day !== 0 && day !== 6 && !holidays.includes(iso);
}

/** `iso` moved by `n` working days (negative: back). A non-working start day counts from the next (or previous) working day. */
export function shiftWorkingDays(iso: string, n: number, holidays: readonly string[]): string {
  const date = toDate(iso);
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() + step);
    if (isWorkingDay(toIso(date), holidays)) left--;
  }
  return toIso(date);
}

/** The last working day on or before `iso`. */
export function workingDayOnOrBefore(iso: string, holidays: readonly string[]): string {
  const date = toDate(iso);
  while (!isWorkingDay(toIso(date), holidays)) date.setUTCDate(date.getUTCDate() - 1);
  return toIso(date);
}

function shift(iso: string, length: Length, sign: 1 | -1, holidays: readonly string[]): string {
  if ('days' in length) {
    const date = toDate(iso);
    date.setUTCDate(date.getUTCDate() + sign * length.days);
    return toIso(date);
  }
  return shiftWorkingDays(iso, sign * length.workingDays, holidays);
}

/** The latest date of every step for a vote on `installationDate`; a latest date falls on a working day. */
export function backwardPlan(installationDate: string, settings: FormationPlanningSettings): Record<PlanStep, string> {
  const edges = planEdges(settings);
  const latest = { stemming: installationDate } as Record<PlanStep, string>;
  for (const step of [...PLAN_STEPS].reverse()) {
    if (step === 'stemming') continue;
    const candidates = edges.filter((e) => e.from === step).map((e) => shift(latest[e.to], e.length, -1, settings.holidays));
    latest[step] = workingDayOnOrBefore(candidates.sort()[0], settings.holidays);
  }
  return latest;
}

export type StepStatus = 'gedaan' | 'gedaan_te_laat' | 'op_schema' | 'schuift';

export interface PlannedStep {
  step: PlanStep;
  title: string;
  latest: string;
  /** When it happened; null while open. A step a later step needed counts as done with it (date unknown: null, done true). */
  done: boolean;
  doneOn: string | null;
  /** For an open step: the earliest it can still be done, from what has happened and today. */
  earliest: string | null;
  status: StepStatus;
}

export interface CasePlan {
  steps: PlannedStep[];
  /** The first step that no longer fits, or null when the plan holds. */
  slipping: { step: PlanStep; title: string; latest: string; earliest: string } | null;
}

/**
 * Plan next to reality for one case: `done` holds the date each step happened (the events of the
 * case). Forward from today and what is done, the earliest date of each open step; the first open
 * step whose earliest date is after its latest is where the plan slips.
 */
export function casePlan(installationDate: string, done: Partial<Record<PlanStep, string>>, today: string, settings: FormationPlanningSettings): CasePlan {
  const latest = backwardPlan(installationDate, settings);
  const edges = planEdges(settings);
  // A step is done when it happened, or when a step that needs it did (e.g. the vote without a recorded commissie).
  const isDone = {} as Record<PlanStep, boolean>;
  for (const step of [...PLAN_STEPS].reverse()) {
    isDone[step] = done[step] !== undefined || edges.some((e) => e.from === step && isDone[e.to]);
  }
  const earliest = {} as Record<PlanStep, string | null>;
  for (const step of PLAN_STEPS) {
    if (isDone[step]) {
      earliest[step] = null;
      continue;
    }
    let first = today;
    for (const edge of edges.filter((e) => e.to === step)) {
      const from = done[edge.from] ?? (isDone[edge.from] ? null : earliest[edge.from]);
      if (!from) continue;
      const after = shift(from, edge.length, 1, settings.holidays);
      if (after > first) first = after;
    }
    earliest[step] = first;
  }
  const steps: PlannedStep[] = PLAN_STEPS.map((step) => {
    const doneOn = done[step] ?? null;
    const status: StepStatus = isDone[step] ? (doneOn && doneOn > latest[step] ? 'gedaan_te_laat' : 'gedaan') : earliest[step]! > latest[step] ? 'schuift' : 'op_schema';
    return { step, title: PLAN_STEP_TITLES[step], latest: latest[step], done: isDone[step], doneOn, earliest: earliest[step], status };
  });
  const first = steps.find((s) => s.status === 'schuift');
  return { steps, slipping: first ? { step: first.step, title: first.title, latest: first.latest, earliest: first.earliest! } : null };
}
