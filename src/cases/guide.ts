import { AnyMachineSnapshot } from 'xstate';
import { CaseActor } from '../../workflows/actors';
import { AdviceBlocker, CaseContext, CaseEventType, positiveAdviceBlockers, variantOf, vogValidForAppointment } from '../../workflows/basisscan.machine';
import { cite } from '../../workflows/variants';
import { fill, readTemplate } from '../common/templates';

interface GuideTemplate {
  machine: string;
  machineVersion: string;
  phases: { state: string; title: string; actor: CaseActor | null; now: string; legal: ('integrityDuty' | 'vogRequirement' | 'riskAnalysisDuty')[] }[];
  actors: Record<CaseActor, string>;
  events: Record<CaseEventType, string>;
  vog: Record<string, string>;
  blockers: Record<AdviceBlocker, string>;
  deadlines: Record<string, string>;
}

export interface PendingDeadline {
  kind: string;
  dueAt: string;
}

export interface Guide {
  phase: { number: number; state: string; title: string };
  phases: { number: number; state: string; title: string; status: 'afgerond' | 'huidig' | 'volgend' | 'open' }[];
  now: string;
  waitingFor: { actor: CaseActor; description: string } | null;
  nextDeadline: { kind: string; description: string; dueAt: string } | null;
  vog: { state: string; description: string; issueDate: string | null; validForAppointment: boolean; maxAgeMonths: number; legalReference: string };
  positiveAdviceBlockers: { code: AdviceBlocker; description: string }[];
  legalReferences: string[];
}

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

/** The scan region's current leaf state, e.g. `advies`. */
export function scanPhase(snapshot: AnyMachineSnapshot): string {
  let value: unknown = (snapshot.value as Record<string, unknown>).scan;
  while (value && typeof value === 'object') value = Object.values(value as Record<string, unknown>)[0];
  return value as string;
}

export function vogPhase(snapshot: AnyMachineSnapshot): string {
  return (snapshot.value as Record<string, string>).vog;
}

/** What the opdrachtgever is told: where the case is, what is done, what is next, by whom, by when. */
export function buildGuide(snapshot: AnyMachineSnapshot, machineVersion: string, deadlines: PendingDeadline[]): Guide {
  const template = guideTemplate(machineVersion);
  const context = snapshot.context as CaseContext;
  const variant = variantOf(context);
  const values = {
    opdrachtgeverTitle: variant.opdrachtgeverTitle,
    officeTitle: variant.officeTitle,
    appointingBody: variant.appointingBody,
    vogMaxAgeMonths: context.vogMaxAgeMonths,
  };
  const current = scanPhase(snapshot);
  const index = template.phases.findIndex((p) => p.state === current);
  const phase = template.phases[index];
  const next = deadlines.slice().sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
  const vogState = vogPhase(snapshot);
  return {
    phase: { number: index + 1, state: phase.state, title: phase.title },
    phases: template.phases.map((p, i) => ({
      number: i + 1,
      state: p.state,
      title: p.title,
      status: i < index ? 'afgerond' : i === index ? 'huidig' : i === index + 1 ? 'volgend' : 'open',
    })),
    now: fill(phase.now, values),
    waitingFor: phase.actor ? { actor: phase.actor, description: fill(template.actors[phase.actor], values) } : null,
    nextDeadline: next ? { kind: next.kind, description: template.deadlines[next.kind] ?? next.kind, dueAt: next.dueAt } : null,
    vog: {
      state: vogState,
      description: template.vog[vogState] ?? vogState,
      issueDate: context.vog.issueDate ?? null,
      validForAppointment: vogValidForAppointment(context),
      maxAgeMonths: context.vogMaxAgeMonths,
      legalReference: cite(variant.vogRequirement),
    },
    positiveAdviceBlockers: context.destroyedAt
      ? []
      : positiveAdviceBlockers(context).map((code) => ({ code, description: fill(template.blockers[code], values) })),
    legalReferences: phase.legal.map((key) => cite(variant[key])),
  };
}
