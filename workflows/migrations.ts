import { BASISSCAN_MACHINE_VERSION } from './basisscan.machine';
import { BASISSCAN_2_VERSION, CaseContext } from './basisscan-2.machine';

/**
 * Moving a running case from one machine version to the next, state by state: an explicit map,
 * not a guess. The history stays as it is (events keep the version they were applied under); the
 * case gets a new snapshot in the same phase, and one event that says so.
 */
export interface MachineMigration {
  from: string;
  to: string;
  /** The scan region's path in `from` → its path in `to`, for every state `from` has. */
  scanStates: Record<string, string>;
  /** What else changes for a case on the new version, told in the dry run. */
  consequences: string[];
}

const SAME = (paths: string[]) => Object.fromEntries(paths.map((p) => [p, p]));

export const BASISSCAN_1_TO_2: MachineMigration = {
  from: BASISSCAN_MACHINE_VERSION,
  to: BASISSCAN_2_VERSION,
  scanStates: {
    ...SAME(['lopend.voorToestemming.opdrachtVerleend', 'lopend.voorToestemming.screenerToegewezen', 'lopend.voorToestemming.toestemmingGevraagd']),
    // Research runs alongside the questionnaire in 2.0.0: in 1.0.0 it had not started yet.
    'lopend.naToestemming.vragenlijst': 'lopend.naToestemming.onderzoek.vragenlijst.invullen+bronnen.lopend',
    'lopend.naToestemming.openbronnenonderzoek': 'lopend.naToestemming.onderzoek.vragenlijst.ingediend+bronnen.lopend',
    ...SAME(['lopend.naToestemming.gesprek', 'lopend.naToestemming.conceptrapportage', 'lopend.naToestemming.hoorEnWederhoor', 'lopend.naToestemming.eindrapportage', 'lopend.naToestemming.advies']),
    // After the advice the case stays open until the vote: these phases move inside the open part.
    raadInformeren: 'lopend.naToestemming.raadInformeren',
    raadGeinformeerd: 'lopend.naToestemming.raadGeinformeerd',
    ...SAME(['afgesloten', 'vernietigd']),
  },
  consequences: [
    'een positief advies vraagt geen VOG meer; de VOG wordt getoetst bij de benoeming',
    'terugtrekken, toestemming intrekken, stoppen en de datum wijzigen kunnen tot de stemming',
    'een benoeming kan alleen worden vastgelegd met een VOG die op de benoemingsdatum geldig is',
  ],
};

export const MIGRATIONS: readonly MachineMigration[] = [BASISSCAN_1_TO_2];

/** "a.b.c" for a nested state value; parallel regions as "x.y+z.w" (regions in order). */
export function pathOf(value: unknown): string {
  if (typeof value === 'string') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [key, child] = entries[0];
    return typeof child === 'string' ? `${key}.${child}` : `${key}.${pathOf(child)}`;
  }
  return entries.map(([key, child]) => (typeof child === 'string' ? `${key}.${child}` : `${key}.${pathOf(child)}`)).join('+');
}

/** The state value of a path made by `pathOf`. */
export function valueOf(path: string): unknown {
  const build = (segments: string[]): unknown => (segments.length === 1 ? segments[0] : { [segments[0]]: build(segments.slice(1)) });
  const [head, ...rest] = path.split('+');
  if (rest.length === 0) return build(head.split('.'));
  // A parallel node: the common prefix up to the node, then one child per region.
  const segments = head.split('.');
  const regions = [segments.slice(-2), ...rest.map((r) => r.split('.'))];
  const prefix = segments.slice(0, -2);
  const parallel = Object.fromEntries(regions.map((r) => [r[0], build(r.slice(1))]));
  return prefix.reduceRight<unknown>((inner, key) => ({ [key]: inner }), parallel);
}

export interface MigratedSnapshot {
  value: { scan: unknown; vog: unknown };
  context: CaseContext;
  fromState: string;
  toState: string;
}

/** The 2.0.0 snapshot of a stored 1.0.0 one; throws on a state the map does not know. */
export function migrateSnapshot(migration: MachineMigration, stored: { value: { scan: unknown; vog: unknown }; context: CaseContext }): MigratedSnapshot {
  const fromState = pathOf(stored.value.scan);
  const toState = migration.scanStates[fromState];
  if (!toState) throw new Error(`er is geen omzetting voor de toestand ${fromState}`);
  return { value: { scan: valueOf(toState), vog: stored.value.vog }, context: { ...stored.context }, fromState, toState };
}
