import { AnyMachineSnapshot, AnyStateNode, initialTransition, transition } from 'xstate';
import { getStateNodes } from 'xstate/graph';
import { allowedEventTypes, EVENT_ACTORS, EVENT_TYPES } from '../../workflows/actors';
import { basisscan2Machine, CaseContext, CaseEvent, CaseInput, DEADLINES } from '../../workflows/basisscan-2.machine';
import { RegimeId } from '../../workflows/regimes';

/**
 * Basisscan 2.0.0 explored as a graph: from every reachable state (abstracted to what the guards
 * read) every candidate event is tried, so every transition of the machine is exercised. The law's
 * invariants are judged by an oracle that reads the event history, written from the domain brief
 * and independent of the machine's own guards and helpers.
 */

const COMMISSIONED = '2026-04-01T09:00:00.000Z';
const AT = '2026-05-01T10:00:00.000Z';
const TODAY = '2026-05-01';
const INPUT: CaseInput = { organisationKind: 'gemeente', plannedAppointmentDate: '2026-06-01', at: COMMISSIONED };

function candidateEvents(regime: RegimeId): CaseEvent[] {
  return [
    { type: 'ASSIGN_SCREENER', screenerId: '11111111-1111-4111-8111-111111111111', at: AT },
    { type: 'INVITE_CANDIDATE', at: AT },
    { type: 'GIVE_CONSENT', consentTextVersion: '2', at: AT },
    { type: 'REFUSE_CONSENT', at: AT },
    { type: 'WITHDRAW_CONSENT', at: AT },
    { type: 'SUBMIT_QUESTIONNAIRE', at: AT },
    { type: 'COMPLETE_RESEARCH', at: AT },
    { type: 'RECORD_INTERVIEW', date: '2026-04-20', at: AT },
    { type: 'SUBMIT_DRAFT', at: AT },
    { type: 'RESPOND_TO_FINDINGS', at: AT },
    { type: 'DECLINE_RESPONSE', at: AT },
    ...DEADLINES.map((deadline) => ({ type: 'DEADLINE_PASSED' as const, deadline, at: AT })),
    { type: 'SUBMIT_FINAL', conclusion: 'beheersbaar', at: AT },
    { type: 'SUBMIT_FINAL', conclusion: 'ernstige_risicos', at: AT },
    { type: 'RECORD_OPDRACHTGEVER_CONVERSATION', date: TODAY, at: AT },
    { type: 'RECORD_OPDRACHTGEVER_CONVERSATION', date: '2026-05-02', at: AT }, // in the future
    { type: 'REQUEST_FURTHER_INVESTIGATION', at: AT },
    { type: 'CONSENT_TO_FURTHER_INVESTIGATION', at: AT },
    { type: 'GIVE_ADVICE', conclusion: 'beheersbaar', at: AT },
    { type: 'GIVE_ADVICE', conclusion: 'geen_risicos', at: AT }, // deviates without a reason
    { type: 'GIVE_ADVICE', conclusion: 'geen_risicos', deviationReasonRecorded: true, at: AT },
    { type: 'GIVE_ADVICE', conclusion: 'ernstige_risicos', deviationReasonRecorded: true, at: AT },
    { type: 'RECORD_COUNCIL_INFORMED', date: TODAY, at: AT },
    { type: 'RECORD_COUNCIL_INFORMED', date: '2026-05-03', at: AT }, // in the future
    { type: 'RECORD_OUTCOME', appointed: true, date: TODAY, regime, at: AT },
    { type: 'RECORD_OUTCOME', appointed: true, date: '2026-05-02', regime, at: AT }, // in the future
    { type: 'RECORD_OUTCOME', appointed: true, date: '2026-03-01', regime, at: AT }, // before the commission
    { type: 'RECORD_OUTCOME', appointed: false, date: TODAY, regime, at: AT },
    { type: 'RECORD_NOT_APPOINTABLE', date: TODAY, at: AT },
    { type: 'WITHDRAW_CANDIDACY', at: AT },
    { type: 'STOP_CASE', reason: 'formatie_gewijzigd', at: AT },
    { type: 'CHANGE_APPOINTMENT_DATE', date: '2026-09-01', at: AT }, // an April VOG is too old then
    { type: 'CHANGE_APPOINTMENT_DATE', date: '2026-06-01', at: AT },
    { type: 'CHANGE_APPOINTMENT_DATE', date: TODAY, at: AT }, // the day has come
    { type: 'VOG_REQUESTED', date: '2026-01-10', at: AT },
    { type: 'VOG_REQUESTED', date: '2026-05-09', at: AT }, // in the future
    { type: 'VOG_INTENDED_REFUSAL', date: '2026-04-10', at: AT },
    { type: 'VOG_ZIENSWIJZE_SUBMITTED', date: '2026-04-12', at: AT },
    { type: 'VOG_ISSUED', issueDate: '2026-04-15', reference: 'VOG-1', at: AT }, // valid on 1 May and 1 June
    { type: 'VOG_ISSUED', issueDate: '2026-01-15', reference: 'VOG-2', at: AT }, // too old on 1 May
    { type: 'VOG_ISSUED', issueDate: '2026-05-20', reference: 'VOG-3', at: AT }, // in the future
    { type: 'VOG_ISSUED', issueDate: '2026-01-05', reference: 'VOG-4', at: AT }, // before the request
    { type: 'VOG_REFUSED', date: '2026-04-20', at: AT },
    { type: 'RETENTION_EXPIRED', at: AT },
  ] as CaseEvent[];
}

// ---- The oracle: the law's facts, read from the events that were accepted ----------------------

interface Facts {
  consent: boolean;
  questionnaire: boolean;
  /** Since the last further investigation: the screener's final, and wederhoor over. */
  final: boolean;
  wederhoor: boolean;
  /** The issue date of the VOG the candidate holds (issued and not since refused). */
  vogHeld: string | null;
  adviceDay: string | null;
  vogRefused: boolean;
  planned: string;
  closed: boolean;
  destroyed: boolean;
}

const NO_FACTS: Facts = { consent: false, questionnaire: false, final: false, wederhoor: false, vogHeld: null, adviceDay: null, vogRefused: false, planned: '2026-06-01', closed: false, destroyed: false };

/** "Niet ouder dan drie maanden": the day three calendar months after issue, or the month's last day. */
function lastValidDay(issue: string): string {
  const [y, m, d] = issue.split('-').map(Number);
  const last = new Date(Date.UTC(y, m + 2 + 1, 0)).getUTCDate(); // last day of the month three months on
  const day = Math.min(d, last);
  const target = new Date(Date.UTC(y, m - 1 + 3, day));
  return target.toISOString().slice(0, 10);
}

const vogValidByLaw = (facts: Facts, date: string) => facts.vogHeld !== null && facts.vogHeld <= date && date <= lastValidDay(facts.vogHeld);

function learn(facts: Facts, event: CaseEvent): Facts {
  switch (event.type) {
    case 'GIVE_CONSENT':
      return { ...facts, consent: true };
    case 'SUBMIT_QUESTIONNAIRE':
      return { ...facts, questionnaire: true };
    case 'SUBMIT_FINAL':
      return { ...facts, final: true };
    case 'RESPOND_TO_FINDINGS':
    case 'DECLINE_RESPONSE':
      return { ...facts, wederhoor: true };
    case 'DEADLINE_PASSED':
      return event.deadline === 'wederhoor' ? { ...facts, wederhoor: true } : facts;
    case 'REQUEST_FURTHER_INVESTIGATION':
      return { ...facts, final: false, wederhoor: false };
    case 'VOG_ISSUED':
      return { ...facts, vogHeld: event.issueDate, vogRefused: false };
    case 'VOG_REFUSED':
      return { ...facts, vogHeld: null, vogRefused: true };
    case 'VOG_REQUESTED':
      return { ...facts, vogRefused: false };
    case 'CHANGE_APPOINTMENT_DATE':
      return { ...facts, planned: event.date };
    case 'GIVE_ADVICE':
      return { ...facts, adviceDay: event.at.slice(0, 10) };
    case 'RECORD_OUTCOME':
    case 'RECORD_NOT_APPOINTABLE':
    case 'WITHDRAW_CANDIDACY':
    case 'WITHDRAW_CONSENT':
    case 'REFUSE_CONSENT':
    case 'STOP_CASE':
      return { ...facts, closed: true };
    case 'RETENTION_EXPIRED':
      return { ...facts, destroyed: true };
    default:
      return facts;
  }
}

/** What the law forbids an accepted event to be; a message per violation. */
function violations(facts: Facts, event: CaseEvent, regime: RegimeId): string[] {
  const found: string[] = [];
  if (facts.closed && event.type !== 'RETENTION_EXPIRED') found.push('an event after the outcome was recorded');
  if (event.type === 'RECORD_OUTCOME' || event.type === 'RECORD_NOT_APPOINTABLE') {
    if (event.date > event.at.slice(0, 10)) found.push('an outcome dated in the future');
    if (facts.adviceDay && event.date < facts.adviceDay) found.push('an outcome dated before the advice');
    if (event.date < COMMISSIONED.slice(0, 10)) found.push('an outcome dated before the commission');
  }
  if (event.type === 'RECORD_OUTCOME' && event.appointed) {
    if (!vogValidByLaw(facts, event.date)) found.push('benoemd without a VOG valid on the appointment date (Gemeentewet art. 36a lid 2)');
    if (regime === 'wbifdb_tweede_tranche' && !facts.adviceDay) found.push('benoemd without a completed risk analysis (Kamerstuk 36892)');
  }
  if (event.type === 'RECORD_NOT_APPOINTABLE' && vogValidByLaw(facts, event.date)) found.push('niet benoembaar (VOG) while a valid VOG was held');
  if (event.type === 'RECORD_NOT_APPOINTABLE' && !facts.vogRefused && event.date < facts.planned) found.push('niet benoembaar (VOG) before the planned date without a refusal');
  if (event.type === 'GIVE_ADVICE' && event.conclusion !== 'ernstige_risicos') {
    if (!facts.consent || !facts.questionnaire || !facts.final || !facts.wederhoor) found.push('a positive advice without consent, questionnaire, final assessment and wederhoor');
  }
  return found;
}

// ---- The exploration ------------------------------------------------------------------------------

const PERSONAL_OR_PROCESS_KEYS: (keyof CaseContext)[] = [
  'screenerId', 'invitedAt', 'consent', 'questionnaireSubmittedAt', 'researchCompletedAt', 'interviewDate', 'draftSubmittedAt', 'wederhoor',
  'finalSubmittedAt', 'screenerConclusion', 'advice', 'councilInformedDate', 'stopReason', 'opdrachtgeverConversationDate', 'furtherInvestigation',
];

/** What the guards read, plus the oracle's facts: two nodes with equal keys behave alike. */
function keyOf(snapshot: AnyMachineSnapshot, facts: Facts): string {
  const c = snapshot.context as CaseContext;
  return JSON.stringify([
    snapshot.value, !!c.screenerId, !!c.consent, !!c.questionnaireSubmittedAt, !!c.finalSubmittedAt, !!c.wederhoor, c.screenerConclusion,
    c.advice?.conclusion, c.outcome?.outcome, c.vog, c.plannedAppointmentDate, !!c.furtherInvestigation, facts,
  ]);
}

const transitionId = (t: { source: AnyStateNode; eventType: string }, index: number) => `${t.source.id} --${t.eventType}#${index}`;

/** Every transition the machine defines, external events and the parallel step's completion alike. */
function allTransitions(): Map<string, { source: string; eventType: string; targets: string[] }> {
  const all = new Map<string, { source: string; eventType: string; targets: string[] }>();
  for (const node of getStateNodes(basisscan2Machine.root)) {
    for (const [eventType, list] of node.transitions) {
      list.forEach((t, index) => all.set(transitionId({ source: node, eventType }, index), { source: node.id, eventType, targets: (t.target ?? []).map((n) => n.id) }));
    }
  }
  return all;
}

function explore(regime: RegimeId) {
  const events = candidateEvents(regime);
  const covered = new Set<string>();
  const problems: string[] = [];
  const nodes: { snapshot: AnyMachineSnapshot; facts: Facts }[] = [];
  let accepted = 0;
  const [start] = initialTransition(basisscan2Machine, INPUT) as [AnyMachineSnapshot, unknown];
  const seen = new Set<string>([keyOf(start, NO_FACTS)]);
  const queue = [{ snapshot: start, facts: NO_FACTS }];
  while (queue.length) {
    const node = queue.shift()!;
    nodes.push(node);
    for (const event of events) {
      const taken = basisscan2Machine.getTransitionData(node.snapshot as never, event as never);
      if (taken.length === 0) continue;
      accepted++;
      for (const t of taken) {
        const list = t.source.transitions.get(t.eventType) ?? [];
        covered.add(transitionId(t, list.indexOf(t)));
      }
      for (const v of violations(node.facts, event, regime)) problems.push(`${event.type} ${JSON.stringify(event)}: ${v}`);
      const [next] = transition(basisscan2Machine, node.snapshot as never, event as never) as [AnyMachineSnapshot, unknown];
      // The parallel step completes by itself when both regions are done (an internal event).
      const before = (node.snapshot as AnyMachineSnapshot)._nodes.map((n) => n.id);
      if (before.some((id) => id.endsWith('naToestemming.onderzoek')) && next.matches({ scan: { lopend: { naToestemming: 'gesprek' } } })) {
        const onderzoek = getStateNodes(basisscan2Machine.root).find((n) => n.id.endsWith('naToestemming.onderzoek'))!;
        for (const [eventType] of onderzoek.transitions) if (eventType.startsWith('xstate.done')) covered.add(transitionId({ source: onderzoek, eventType }, 0));
      }
      const facts = learn(node.facts, event);
      const key = keyOf(next, facts);
      if (!seen.has(key)) {
        seen.add(key);
        queue.push({ snapshot: next, facts });
      }
    }
  }
  return { covered, problems, nodes, accepted };
}

describe.each<RegimeId>(['wbifdb', 'wbifdb_tweede_tranche'])('basisscan 2.0.0 explored under regime %s', (regime) => {
  const result = explore(regime);
  const all = allTransitions();

  it('exercises every transition of the machine (transition coverage)', () => {
    const missing = [...all.keys()].filter((id) => !result.covered.has(id));
    // Reported so a reader sees the size of the walk, not only that it passed.
    process.stdout.write(`basisscan 2.0.0 (${regime}): ${result.nodes.length} states, ${result.accepted} accepted events, transition coverage ${all.size - missing.length}/${all.size}\n`);
    expect(missing).toEqual([]);
    expect(result.nodes.length).toBeGreaterThan(500);
  });

  it('tries every event type, every deadline and date changes', () => {
    const types = new Set(candidateEvents(regime).map((e) => e.type));
    expect(EVENT_TYPES.filter((t) => !types.has(t))).toEqual([]);
    const deadlines = new Set(candidateEvents(regime).flatMap((e) => (e.type === 'DEADLINE_PASSED' ? [e.deadline] : [])));
    expect([...deadlines].sort()).toEqual([...DEADLINES].sort());
  });

  it('never breaks the law: no benoemd without a valid VOG, no positive advice without the steps, no outcome dated wrongly', () => {
    expect(result.problems.slice(0, 10)).toEqual([]);
  });

  it('keeps withdrawal, consent withdrawal, stop and a date change possible in every open state until the outcome', () => {
    let open = 0;
    for (const { snapshot, facts } of result.nodes) {
      if (facts.closed) continue;
      open++;
      expect([snapshot.value, snapshot.can({ type: 'WITHDRAW_CANDIDACY', at: AT })]).toEqual([snapshot.value, true]);
      expect(snapshot.can({ type: 'STOP_CASE', reason: 'andere_reden', at: AT })).toBe(true);
      expect(snapshot.can({ type: 'CHANGE_APPOINTMENT_DATE', date: '2026-07-01', at: AT })).toBe(true);
      expect(snapshot.can({ type: 'WITHDRAW_CONSENT', at: AT })).toBe(facts.consent);
    }
    expect(open).toBeGreaterThan(100);
  });

  it('appoints whenever the law allows it: a valid VOG (and under the second tranche the advice)', () => {
    let checked = 0;
    for (const { snapshot, facts } of result.nodes) {
      if (facts.closed) continue;
      const allowedByLaw = vogValidByLaw(facts, TODAY) && (regime === 'wbifdb' || facts.adviceDay !== null);
      expect(snapshot.can({ type: 'RECORD_OUTCOME', appointed: true, date: TODAY, regime, at: AT })).toBe(allowedByLaw);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('keeps nothing personal after destruction: only the tombstone', () => {
    const destroyed = result.nodes.filter((n) => n.facts.destroyed);
    expect(destroyed.length).toBeGreaterThan(0);
    for (const { snapshot } of destroyed) {
      const c = snapshot.context as CaseContext;
      for (const key of PERSONAL_OR_PROCESS_KEYS) expect([key, c[key]]).toEqual([key, undefined]);
      expect(c.vog).toEqual({});
      expect(c.outcome).toBeDefined();
    }
  });

  it('offers each actor only its own events, and only those the machine accepts now', () => {
    for (const { snapshot } of result.nodes.slice(0, 2000)) {
      for (const actor of ['opdrachtgever', 'screener', 'kandidaat', 'system'] as const) {
        for (const type of allowedEventTypes(snapshot, actor, AT)) expect(EVENT_ACTORS[type]).toContain(actor);
      }
    }
  });
});

describe('basisscan 2.0.0 in particular', () => {
  const [start] = initialTransition(basisscan2Machine, INPUT) as [AnyMachineSnapshot, unknown];
  const run = (...events: CaseEvent[]) => events.reduce((s, e) => transition(basisscan2Machine, s as never, e as never)[0] as AnyMachineSnapshot, start);
  const consented = () =>
    run({ type: 'ASSIGN_SCREENER', screenerId: '11111111-1111-4111-8111-111111111111', at: AT }, { type: 'INVITE_CANDIDATE', at: AT }, { type: 'GIVE_CONSENT', consentTextVersion: '2', at: AT });

  it('lets research finish before the questionnaire, and waits for both before the interview', () => {
    const researched = transition(basisscan2Machine, consented() as never, { type: 'COMPLETE_RESEARCH', at: AT })[0] as AnyMachineSnapshot;
    expect(researched.can({ type: 'RECORD_INTERVIEW', date: TODAY, at: AT })).toBe(false);
    const both = transition(basisscan2Machine, researched as never, { type: 'SUBMIT_QUESTIONNAIRE', at: AT })[0] as AnyMachineSnapshot;
    expect(both.matches({ scan: { lopend: { naToestemming: 'gesprek' } } })).toBe(true);
  });

  it('keeps an issued VOG while a new request runs, and drops it at a refusal', () => {
    const issued = run({ type: 'VOG_REQUESTED', date: '2026-04-02', at: AT }, { type: 'VOG_ISSUED', issueDate: '2026-04-15', at: AT });
    const again = transition(basisscan2Machine, issued as never, { type: 'VOG_REQUESTED', date: '2026-04-30', at: AT })[0] as AnyMachineSnapshot;
    expect((again.context as CaseContext).vog).toMatchObject({ requestedDate: '2026-04-30', issueDate: '2026-04-15' });
    expect(again.can({ type: 'RECORD_OUTCOME', appointed: true, date: TODAY, at: AT })).toBe(true);
    const refused = run(
      { type: 'VOG_REQUESTED', date: '2026-04-02', at: AT },
      { type: 'VOG_ISSUED', issueDate: '2026-04-15', at: AT },
      { type: 'VOG_REQUESTED', date: '2026-04-30', at: AT },
      { type: 'VOG_INTENDED_REFUSAL', date: '2026-04-30', at: AT },
      { type: 'VOG_REFUSED', date: '2026-04-30', at: AT },
    );
    expect((refused.context as CaseContext).vog.issueDate).toBeUndefined();
    expect(refused.can({ type: 'RECORD_OUTCOME', appointed: true, date: TODAY, at: AT })).toBe(false);
  });
});
