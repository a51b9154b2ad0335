import { AnyMachineSnapshot } from 'xstate';
import { CaseActor } from '../../workflows/actors';
import { CaseEvent } from '../../workflows/basisscan-2.machine';
import { guideTemplate, scanPhase } from '../cases/guide';

/**
 * The consequences of an accepted case event, declared in one place (engineering.md, "Consequences
 * of an event in one place"). Nothing here sends anything: the notices an event causes are
 * derived here and written, in the event's own transaction, to the mail outbox and the in-app
 * notifications; the outbox delivers after commit.
 *
 * The main rule is derived from the machine, not kept by hand: when an event moves the case into
 * a phase whose actor (templates/guide, "actor" per phase) differs from the actor before, that
 * actor is told it is their turn. HANDOVERS says, per phase, which notice that is. The few
 * consequences that are not a change of actor (a screener assigned, a deadline passed) are in
 * EVENT_NOTICES.
 */

/** Who a notice goes to, in the case's terms. */
export type Recipient = 'opdrachtgever' | 'screener' | 'kandidaat';

/** Every notice the service can send; each has a text in templates/mail/meldingen-<version>.nl.json. */
export const NOTICE_KINDS = [
  // The candidate's invitation, with its own template (InvitationsService).
  'uitnodiging',
  'screener_toegewezen',
  'vragenlijst_ingediend',
  'wederhoor_open',
  'wederhoor_afgerond',
  'eindbeoordeling_binnen',
  'aanvullend_onderzoek_gevraagd',
  'aanvullend_onderzoek_open',
  'dossier_afgesloten',
  'dossier_afgesloten_opdrachtgever',
  'termijn_verstreken',
  'vog_niet_aangevraagd',
  'vog_waarschuwing',
  'termijn_verstreken_kandidaat',
  'herinnering_kandidaat',
  'maatregel_vervalt',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export interface Notice {
  kind: NoticeKind;
  to: Recipient;
  /** The pending deadline (scheduled job kind) the notice names, if any: "uiterlijk 10 december 2026". */
  deadline?: string;
  /** The destruction date of a closed case (the bewaartermijn job). */
  destruction?: true;
}

/**
 * Per phase: the notice for whoever must act when the case arrives there from a phase with another
 * actor. `null` says deliberately "no notice", with the reason. A unit test checks every phase of
 * every guide template is listed, so a new phase cannot silently go without one.
 */
export const HANDOVERS: Record<string, Notice | null | { reason: string }> = {
  opdrachtVerleend: { reason: 'the opdrachtgever commissions the case themself' },
  screenerToegewezen: { reason: 'the opdrachtgever assigned the screener themself; the screener is told by EVENT_NOTICES.ASSIGN_SCREENER' },
  // The invitation mail of INVITE_CANDIDATE (InvitationsService) is this handover's notice.
  toestemmingGevraagd: { reason: 'the invitation mail is the notice' },
  vragenlijst: { reason: 'the candidate moves on from consent themself' },
  openbronnenonderzoek: { kind: 'vragenlijst_ingediend', to: 'screener' },
  gesprek: { reason: 'the screener moves on themself' },
  conceptrapportage: { reason: 'the screener moves on themself' },
  hoorEnWederhoor: { kind: 'wederhoor_open', to: 'kandidaat', deadline: 'wederhoor' },
  eindrapportage: { kind: 'wederhoor_afgerond', to: 'screener' },
  advies: { kind: 'eindbeoordeling_binnen', to: 'opdrachtgever' },
  aanvullendOnderzoekToestemming: { kind: 'aanvullend_onderzoek_gevraagd', to: 'kandidaat', deadline: 'aanvullend_onderzoek_toestemming' },
  aanvullendOnderzoek: { kind: 'aanvullend_onderzoek_open', to: 'screener' },
  raadInformeren: { reason: 'the opdrachtgever gave the advice themself' },
  raadGeinformeerd: { reason: 'the opdrachtgever informed the raad themself' },
  afgesloten: { kind: 'dossier_afgesloten', to: 'kandidaat', destruction: true },
  vernietigd: { reason: 'after destruction there is nobody left to address' },
};

/** Consequences that are not a change of actor, per event type (and, for deadlines, per kind). */
export const EVENT_NOTICES: {
  [type: string]: (event: CaseEvent) => Notice[];
} = {
  ASSIGN_SCREENER: () => [{ kind: 'screener_toegewezen', to: 'screener' }],
  // Each invitation (the first and any re-invitation) brings a fresh single-use link.
  INVITE_CANDIDATE: () => [{ kind: 'uitnodiging', to: 'kandidaat' }],
  DEADLINE_PASSED: (event) => {
    const deadline = (event as { deadline: string }).deadline;
    if (deadline === 'vog_aanvraag') return [{ kind: 'vog_niet_aangevraagd', to: 'opdrachtgever' }];
    if (deadline === 'vog_waarschuwing') return [{ kind: 'vog_waarschuwing', to: 'opdrachtgever' }];
    // The candidate's deadlines: the opdrachtgever hears it passed; the candidate too while they
    // can still act (after the wederhoor deadline the case moves on without them).
    return [{ kind: 'termijn_verstreken', to: 'opdrachtgever' }, ...(deadline === 'wederhoor' ? [] : [{ kind: 'termijn_verstreken_kandidaat' as const, to: 'kandidaat' as const }])];
  },
};

/**
 * Reminders: per deadline (a scheduled job kind), who is reminded, REMINDER_WORKING_DAYS working
 * days before it falls due. Each becomes a job of its own (`herinnering:<kind>`), cancelled with its
 * deadline, run by the job poller (once, across instances, surviving restarts).
 */
export const REMINDERS: Record<string, Notice> = {
  toestemming: { kind: 'herinnering_kandidaat', to: 'kandidaat', deadline: 'toestemming' },
  vragenlijst: { kind: 'herinnering_kandidaat', to: 'kandidaat', deadline: 'vragenlijst' },
  wederhoor: { kind: 'herinnering_kandidaat', to: 'kandidaat', deadline: 'wederhoor' },
  aanvullend_onderzoek_toestemming: { kind: 'herinnering_kandidaat', to: 'kandidaat', deadline: 'aanvullend_onderzoek_toestemming' },
  // Not a deadline of the case: the due date of an agreed beheersmaatregel (jobs `herinnering:maatregel:<date>`,
  // planned from the screener's risks), also after the appointment; the opdrachtgever checks it was done.
  maatregel: { kind: 'maatregel_vervalt', to: 'opdrachtgever' },
};

export const REMINDER_PREFIX = 'herinnering:';
export const isReminder = (jobKind: string) => jobKind.startsWith(REMINDER_PREFIX);

/**
 * Webhooks: every accepted event goes to the organisation's endpoints that take its type (or *),
 * with ids, case reference, event type, phase and time only (WebhooksService.enqueue).
 */
export const WEBHOOKS = { everyEvent: true } as const;

/** Whether an event's sender closed a case on the candidate's side, so the opdrachtgever hears of it. */
const closedByOthers = (actor: string) => !actor.startsWith('opdrachtgever:');

export interface EventChange {
  event: CaseEvent;
  /** `opdrachtgever:<id>`, `screener:<id>`, `kandidaat:<invitation>` or `system:<job>`. */
  actor: string;
  before: AnyMachineSnapshot;
  after: AnyMachineSnapshot;
  machineVersion: string;
}

/** The actor the guide names for a phase of a machine version; null for the service's own phases. */
export function phaseActor(machineVersion: string, phase: string): CaseActor | 'system' | null {
  return guideTemplate(machineVersion).phases.find((p) => p.state === phase)?.actor ?? null;
}

/** The notices one accepted event causes: at most one per recipient. */
export function consequencesOf(change: EventChange): Notice[] {
  const notices: Notice[] = [];
  const from = scanPhase(change.before);
  const to = scanPhase(change.after);
  if (from !== to && phaseActor(change.machineVersion, from) !== phaseActor(change.machineVersion, to)) {
    const handover = HANDOVERS[to];
    if (handover && 'kind' in handover) notices.push(handover);
    if (to === 'afgesloten' && closedByOthers(change.actor)) notices.push({ kind: 'dossier_afgesloten_opdrachtgever', to: 'opdrachtgever', destruction: true });
  }
  for (const notice of EVENT_NOTICES[change.event.type]?.(change.event) ?? []) notices.push(notice);
  // One notice per recipient and event: the first (the handover) wins.
  return notices.filter((n, i) => notices.findIndex((m) => m.to === n.to) === i);
}
