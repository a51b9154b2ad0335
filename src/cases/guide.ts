import { AnyMachineSnapshot } from 'xstate';
import { CaseActor } from '../../workflows/actors';
import {
  appointmentRefusal,
  CaseContext,
  CaseEventType,
  vogValidOn,
} from '../../workflows/basisscan-2.machine';
import { addDays } from '../../workflows/dates';
import { findMachine } from '../../workflows';
import { DEFAULT_REGIME_CALENDAR, RegimeCalendar, regimeOn, REGIMES } from '../../workflows/regimes';
import { cite, VARIANTS } from '../../workflows/variants';
import { deadlineDay, deadlineText, longDate } from '../common/dutch-date';
import { fill, readTemplate } from '../common/templates';

interface GuideTemplate {
  machine: string;
  machineVersion: string;
  /** `optional` phases (the aanvullend onderzoek) are shown only once a case has been through them. */
  phases: { state: string; title: string; actor: CaseActor | null; now: string; legal: ('integrityDuty' | 'vogRequirement' | 'riskAnalysisDuty')[]; optional?: boolean }[];
  actors: Record<CaseActor, string>;
  events: Record<CaseEventType, string>;
  vog: Record<string, string>;
  blockers: Record<string, string>;
  deadlines: Record<string, string>;
  /** 2.0.0 on: the VOG's readiness light for the planned date, its reasons and the guide's warnings. */
  appointability?: { status: Record<Appointability['status'], string>; reasons: Record<string, string> };
  warnings?: Record<string, string>;
}

export interface PendingDeadline {
  kind: string;
  dueAt: string;
}

/** Whether the candidate can be appointed on the planned date as far as the law's requirements go. */
export interface Appointability {
  date: string;
  status: 'ja' | 'nog_niet' | 'nee';
  description: string;
  reasons: { code: string; description: string }[];
  legalReferences: string[];
}

export interface Guide {
  phase: { number: number; state: string; title: string };
  phases: { number: number; state: string; title: string; status: 'afgerond' | 'huidig' | 'volgend' | 'open' }[];
  now: string;
  waitingFor: { actor: CaseActor; description: string } | null;
  /** `dueText` is the one way a deadline is written ("uiterlijk 10 december 2026", common/dutch-date.ts); `dueOn` its day. */
  nextDeadline: { kind: string; description: string; dueAt: string; dueOn: string; dueText: string } | null;
  /** Null for whoever may not see the VOG track (the screener). */
  vog: { state: string; description: string; issueDate: string | null; validForAppointment: boolean; maxAgeMonths: number; legalReference: string } | null;
  /** 2.0.0 on; null for earlier versions and closed cases. */
  appointability: Appointability | null;
  warnings: { code: string; description: string }[];
  positiveAdviceBlockers: { code: string; description: string }[];
  legalReferences: string[];
}

/** What the guide needs from configuration: which law is in force when, and how long Justis takes. */
export interface GuideSettings {
  regimes: RegimeCalendar;
  vogDecisionWeeks: number;
  vogDecisionWeeksAfterIntendedRefusal: number;
}

export const DEFAULT_GUIDE_SETTINGS: GuideSettings = { regimes: DEFAULT_REGIME_CALENDAR, vogDecisionWeeks: 4, vogDecisionWeeksAfterIntendedRefusal: 8 };

const templates = new Map<string, GuideTemplate>();

/** The Dutch guide texts of a machine version, from templates/guide/; cached after first read. */
export function guideTemplate(machineVersion: string): GuideTemplate {
  let template = templates.get(machineVersion);
  if (!template) {
    template = readTemplate<GuideTemplate>(`guide/basisscan-${machineVersion}.nl.json`);
    templates.set(machineVersion, template);
  }
  return template;
}

export function eventDescription(machineVersion: string, type: CaseEventType): string {
  return guideTemplate(machineVersion).events[type] ?? type;
}

function registeredOf(snapshot: AnyMachineSnapshot) {
  const machine = snapshot.machine as { id: string; version?: string };
  const registered = findMachine(machine.id, machine.version ?? '');
  if (!registered) throw new Error(`unknown machine ${machine.id}@${machine.version}`);
  return registered;
}

/** The phase a person recognises, e.g. `advies`, as the case's own machine version defines it. */
export function scanPhase(snapshot: AnyMachineSnapshot): string {
  return registeredOf(snapshot).phaseOf(snapshot);
}

export function vogPhase(snapshot: AnyMachineSnapshot): string {
  return (snapshot.value as Record<string, string>).vog;
}

/** What the opdrachtgever is told: where the case is, what is done, what is next, by whom, by when. */
export function buildGuide(
  snapshot: AnyMachineSnapshot,
  machineVersion: string,
  allDeadlines: PendingDeadline[],
  settings: GuideSettings = DEFAULT_GUIDE_SETTINGS,
  audience: { vogTrack: boolean } = { vogTrack: true },
): Guide {
  // A voornemen tot weigering reveals that justitiële gegevens exist (AVG art. 10): whoever may
  // not see the VOG track gets no trace of it, not even a deadline.
  // Reminders are jobs, not deadlines of their own.
  const personal = allDeadlines.filter((d) => !d.kind.startsWith('herinnering:'));
  const deadlines = audience.vogTrack ? personal : personal.filter((d) => !d.kind.startsWith('vog'));
  const template = guideTemplate(machineVersion);
  const context = snapshot.context as CaseContext;
  const variant = VARIANTS[context.organisationKind];
  const values = {
    opdrachtgeverTitle: variant.opdrachtgeverTitle,
    officeTitle: variant.officeTitle,
    appointingBody: variant.appointingBody,
    vogMaxAgeMonths: context.vogMaxAgeMonths,
  };
  const current = scanPhase(snapshot);
  const phases = template.phases.filter((p) => !p.optional || context.furtherInvestigations > 0 || p.state === current);
  const index = phases.findIndex((p) => p.state === current);
  const phase = phases[index];
  const next = deadlines.slice().sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
  const vogState = vogPhase(snapshot);
  const open = !context.closedAt;
  const blockers = registeredOf(snapshot).positiveAdviceBlockers(context);
  return {
    phase: { number: index + 1, state: phase.state, title: phase.title },
    phases: phases.map((p, i) => ({
      number: i + 1,
      state: p.state,
      title: p.title,
      status: i < index ? 'afgerond' : i === index ? 'huidig' : i === index + 1 ? 'volgend' : 'open',
    })),
    now: fill(phase.now, values),
    waitingFor: phase.actor ? { actor: phase.actor, description: fill(template.actors[phase.actor], values) } : null,
    nextDeadline: next ? { kind: next.kind, description: template.deadlines[next.kind] ?? next.kind, dueAt: next.dueAt, dueOn: deadlineDay(next.dueAt), dueText: deadlineText(next.dueAt) } : null,
    vog: !audience.vogTrack ? null : {
      state: vogState,
      description: template.vog[vogState] ?? vogState,
      issueDate: context.vog.issueDate ?? null,
      validForAppointment: vogValidOn(context, context.plannedAppointmentDate),
      maxAgeMonths: context.vogMaxAgeMonths,
      legalReference: cite(variant.vogRequirement),
    },
    appointability: audience.vogTrack && template.appointability && open ? appointability(context, vogState, template, settings) : null,
    warnings: audience.vogTrack && template.warnings && open ? warnings(context, vogState, template, settings) : [],
    positiveAdviceBlockers: context.destroyedAt
      ? []
      : blockers.filter((code) => audience.vogTrack || !code.startsWith('vog')).map((code) => ({ code, description: fill(template.blockers[code], values) })),
    legalReferences: phase.legal.filter((key) => audience.vogTrack || key !== 'vogRequirement').map((key) => cite(variant[key])),
  };
}

/**
 * The readiness light for the planned date: "ja" when the law's requirements for the benoeming
 * hold on that date, "nee" when they cannot without a new VOG, "nog niet" while they may still.
 */
function appointability(context: CaseContext, vogState: string, template: GuideTemplate, settings: GuideSettings): Appointability {
  const texts = template.appointability!;
  const date = context.plannedAppointmentDate;
  const regime = REGIMES[regimeOn(date, settings.regimes)];
  const refusal = appointmentRefusal(context, { date, regime: regime.id });
  const pending = vogState === 'aangevraagd' || vogState === 'voornemenTotWeigering' || vogState === 'zienswijze';
  const code = refusal === 'vog_ontbreekt' && pending ? 'vog_in_behandeling' : refusal === 'vog_ontbreekt' && vogState === 'nietAangevraagd' ? 'vog_niet_aangevraagd' : refusal;
  const status: Appointability['status'] = code === null ? 'ja' : code === 'vog_geweigerd' || (code === 'vog_te_oud' && !pending) ? 'nee' : 'nog_niet';
  const values = { datum: longDate(date), maanden: context.vogMaxAgeMonths };
  const reasons = code ? [{ code, description: fill(texts.reasons[code], values) }] : [];
  const variant = VARIANTS[context.organisationKind];
  return {
    date,
    status,
    description: fill(texts.status[status], { ...values, reden: reasons.map((r) => r.description).join('; ') }),
    reasons,
    legalReferences: [cite(variant.vogRequirement), ...(regime.requiresRiskAnalysis ? [cite(regime.citation)] : [])],
  };
}

/** What the opdrachtgever should act on before the planned date (domain brief, "Deadlines"). */
function warnings(context: CaseContext, vogState: string, template: GuideTemplate, settings: GuideSettings): { code: string; description: string }[] {
  const texts = template.warnings!;
  const planned = context.plannedAppointmentDate;
  const values = { datum: longDate(planned), maanden: context.vogMaxAgeMonths };
  const found: string[] = [];
  const validOnPlanned = vogValidOn(context, planned);
  if (vogState === 'nietAangevraagd' && context.overdue.includes('vog_aanvraag')) found.push('vog_niet_aangevraagd');
  const decided = vogState === 'afgegeven' || vogState === 'geweigerd';
  if (context.vog.requestedDate && !decided) {
    const weeks = context.vog.intendedRefusalDate ? settings.vogDecisionWeeksAfterIntendedRefusal : settings.vogDecisionWeeks;
    if (addDays(context.vog.requestedDate, weeks * 7) > planned && !validOnPlanned) found.push(context.vog.intendedRefusalDate ? 'vog_beslissing_na_datum_na_voornemen' : 'vog_beslissing_na_datum');
  }
  if (context.vog.issueDate && !context.vog.refusedDate && !validOnPlanned) found.push('vog_te_oud_op_datum');
  if (context.overdue.includes('vog_waarschuwing') && !validOnPlanned) found.push('vog_drie_weken');
  if (context.advice && ['geen_risicos', 'beheersbaar'].includes(context.advice.conclusion) && !validOnPlanned) {
    found.push(context.vog.refusedDate ? 'positief_advies_vog_geweigerd' : 'positief_advies_zonder_geldige_vog');
  }
  return found.map((code) => ({ code, description: fill(texts[code], values) }));
}
