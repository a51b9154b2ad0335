import { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { basisscanMachine, BASISSCAN_MACHINE_ID, BASISSCAN_MACHINE_VERSION, positiveAdviceBlockers as positiveAdviceBlockersV1 } from './basisscan.machine';
import { basisscan2Machine, BASISSCAN_2_VERSION, CaseContext, GUARD_SOURCES, positiveAdviceBlockers, scanPhaseOf } from './basisscan-2.machine';

export interface RegisteredMachine {
  id: string;
  version: string;
  title: string;
  machine: AnyStateMachine;
  /** The phase a person recognises (and the `state` column holds), from a snapshot of this version. */
  phaseOf(snapshot: Pick<AnyMachineSnapshot, 'value' | 'context'>): string;
  /** The phases in which the screener's file (sources, interview, risks, draft) may change. */
  screenerFilePhases: readonly string[];
  /** What stands between the case and a positive advice, as this version's rules have it. */
  positiveAdviceBlockers(context: CaseContext): string[];
  /**
   * 2.0.0 on: the VOG is checked at the benoeming (the regime in force on that date applies), and
   * the VOG track stays out of reports the screener can download. 1.0.0 checks it at the advice.
   */
  vogAtAppointment: boolean;
  /** The legal source of each guard that carries a rule of law. */
  guardSources?: typeof GUARD_SOURCES;
}

/** 1.0.0: the first leaf of the scan region. */
function firstLeaf(snapshot: Pick<AnyMachineSnapshot, 'value'>): string {
  let value: unknown = (snapshot.value as Record<string, unknown>).scan;
  while (value && typeof value === 'object') value = Object.values(value as Record<string, unknown>)[0];
  return value as string;
}

/**
 * Every machine version the service can run or restore. A running case keeps the version it
 * started with, so old versions stay listed here; a snapshot of a version not listed fails closed.
 * The last one is the version new cases start on.
 */
export const MACHINES: readonly RegisteredMachine[] = [
  {
    id: BASISSCAN_MACHINE_ID,
    version: BASISSCAN_MACHINE_VERSION,
    title: 'Basisscan integriteit en VOG',
    machine: basisscanMachine,
    phaseOf: firstLeaf,
    screenerFilePhases: ['openbronnenonderzoek', 'gesprek', 'conceptrapportage', 'eindrapportage'],
    positiveAdviceBlockers: (context) => positiveAdviceBlockersV1(context as never),
    vogAtAppointment: false,
  },
  {
    id: BASISSCAN_MACHINE_ID,
    version: BASISSCAN_2_VERSION,
    title: 'Basisscan integriteit en VOG bij de benoeming',
    machine: basisscan2Machine,
    phaseOf: (snapshot) => scanPhaseOf(snapshot.value, snapshot.context as { questionnaireSubmittedAt?: string }),
    // Research starts at consent, alongside the questionnaire; during hoor en wederhoor the file stands still.
    screenerFilePhases: ['vragenlijst', 'openbronnenonderzoek', 'aanvullendOnderzoek', 'gesprek', 'conceptrapportage', 'eindrapportage'],
    positiveAdviceBlockers,
    vogAtAppointment: true,
    guardSources: GUARD_SOURCES,
  },
];

export const CURRENT_MACHINE = MACHINES[MACHINES.length - 1];

export function findMachine(id: string, version: string): RegisteredMachine | undefined {
  return MACHINES.find((m) => m.id === id && m.version === version);
}

/** The registered version of a basisscan case; a version not listed fails closed. */
export function basisscanVersion(version: string): RegisteredMachine {
  const registered = findMachine(BASISSCAN_MACHINE_ID, version);
  if (!registered) throw new Error(`unknown machine version basisscan ${version}`);
  return registered;
}
