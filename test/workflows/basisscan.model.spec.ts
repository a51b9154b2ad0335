import { AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import { getShortestPaths, getStateNodes } from 'xstate/graph';
import { allowedEventTypes, EVENT_ACTORS } from '../../workflows/actors';
import {
  basisscanMachine,
  CaseContext,
  CaseEvent,
  CaseInput,
  CONCLUSIONS,
  POSITIVE_CONCLUSIONS,
  positiveAdviceBlockers,
  vogValidForAppointment,
} from '../../workflows/basisscan.machine';

const AT = '2026-05-01T10:00:00.000Z';
const INPUT: CaseInput = { organisationKind: 'gemeente', plannedAppointmentDate: '2026-06-01', at: '2026-04-01T09:00:00.000Z' };

/** Every event the model may try in any state, with payloads that pass and payloads that must fail. */
const CANDIDATE_EVENTS: CaseEvent[] = [
  { type: 'ASSIGN_SCREENER', screenerId: '11111111-1111-4111-8111-111111111111', at: AT },
  { type: 'INVITE_CANDIDATE', at: AT },
  { type: 'GIVE_CONSENT', consentTextVersion: 'v1', at: AT },
  { type: 'REFUSE_CONSENT', at: AT },
  { type: 'WITHDRAW_CONSENT', at: AT },
  { type: 'SUBMIT_QUESTIONNAIRE', at: AT },
  { type: 'COMPLETE_RESEARCH', at: AT },
  { type: 'RECORD_INTERVIEW', date: '2026-04-20', at: AT },
  { type: 'SUBMIT_DRAFT', at: AT },
  { type: 'RESPOND_TO_FINDINGS', at: AT },
  { type: 'DECLINE_RESPONSE', at: AT },
  { type: 'DEADLINE_PASSED', deadline: 'wederhoor', at: AT },
  ...CONCLUSIONS.map((conclusion) => ({ type: 'SUBMIT_FINAL' as const, conclusion, at: AT })),
  { type: 'REQUEST_FURTHER_INVESTIGATION', at: AT },
  ...CONCLUSIONS.flatMap((conclusion) => [
    { type: 'GIVE_ADVICE' as const, conclusion, at: AT },
    { type: 'GIVE_ADVICE' as const, conclusion, deviationReasonRecorded: true, at: AT },
  ]),
  { type: 'RECORD_COUNCIL_INFORMED', date: '2026-05-02', at: AT },
  { type: 'RECORD_OUTCOME', appointed: true, date: '2026-06-01', at: AT },
  { type: 'RECORD_OUTCOME', appointed: false, date: '2026-06-01', at: AT },
  { type: 'WITHDRAW_CANDIDACY', at: AT },
  { type: 'STOP_CASE', reason: 'formatie_gewijzigd', at: AT },
  { type: 'VOG_REQUESTED', date: '2026-04-02', at: AT },
  { type: 'VOG_INTENDED_REFUSAL', date: '2026-04-10', at: AT },
  { type: 'VOG_ZIENSWIJZE_SUBMITTED', date: '2026-04-12', at: AT },
  { type: 'VOG_ISSUED', issueDate: '2026-04-15', reference: 'VOG-1', at: AT }, // valid on 2026-06-01
  { type: 'VOG_ISSUED', issueDate: '2026-01-15', reference: 'VOG-2', at: AT }, // too old on 2026-06-01
  { type: 'VOG_ISSUED', issueDate: '2026-05-20', reference: 'VOG-3', at: AT }, // in the future: refused
  { type: 'VOG_REFUSED', date: '2026-04-20', at: AT },
  { type: 'RETENTION_EXPIRED', at: AT },
];

/** What distinguishes states for the law's invariants; dates are fixed, counters capped. */
function serialize(snapshot: AnyMachineSnapshot): string {
  const c = snapshot.context as CaseContext;
  return JSON.stringify([
    snapshot.value,
    !!c.screenerId,
    !!c.consent,
    !!c.questionnaireSubmittedAt,
    !!c.wederhoor,
    c.screenerConclusion,
    c.advice?.conclusion,
    c.outcome?.outcome,
    c.vog.issueDate,
    !!c.vog.refusedDate,
    Math.min(c.furtherInvestigations, 1),
  ]);
}

const PERSONAL_OR_PROCESS_KEYS: (keyof CaseContext)[] = [
  'screenerId',
  'invitedAt',
  'consent',
  'questionnaireSubmittedAt',
  'researchCompletedAt',
  'interviewDate',
  'draftSubmittedAt',
  'wederhoor',
  'finalSubmittedAt',
  'screenerConclusion',
  'advice',
  'councilInformedDate',
  'stopReason',
];

describe('basisscan machine, walked by its own model (xstate/graph)', () => {
  const paths = getShortestPaths(basisscanMachine, {
    input: INPUT,
    events: () => CANDIDATE_EVENTS,
    serializeState: serialize as never,
  });

  it('reaches every state of both tracks', () => {
    const visited = new Set<string>();
    for (const path of paths) for (const id of (path.state as AnyMachineSnapshot)._nodes.map((n) => n.id)) visited.add(id);
    const all = getStateNodes(basisscanMachine.root).map((n) => n.id);
    expect(all.filter((id) => !visited.has(id))).toEqual([]);
    expect(paths.length).toBeGreaterThan(100);
  });

  /** Replays a path from the initial state, yielding each snapshot before each of its events. */
  function* replay(events: CaseEvent[]): Generator<[AnyMachineSnapshot, CaseEvent, AnyMachineSnapshot]> {
    let [snapshot] = initialTransition(basisscanMachine, INPUT) as [AnyMachineSnapshot, unknown];
    for (const event of events) {
      const [next] = transition(basisscanMachine, snapshot as never, event as never) as [AnyMachineSnapshot, unknown];
      yield [snapshot, event, next];
      snapshot = next;
    }
  }

  it('never gives a positive advice without consent, questionnaire, final assessment, wederhoor and a VOG valid on the appointment date', () => {
    let positiveAdvices = 0;
    for (const path of paths) {
      for (const [before, event, after] of replay(path.steps.map((s) => s.event as CaseEvent))) {
        if (event.type !== 'GIVE_ADVICE' || !(after.context as CaseContext).advice || (before.context as CaseContext).advice) continue;
        if (!POSITIVE_CONCLUSIONS.includes(event.conclusion)) continue;
        positiveAdvices++;
        const c = before.context as CaseContext;
        expect(c.consent).toBeDefined();
        expect(c.questionnaireSubmittedAt).toBeDefined();
        expect(c.finalSubmittedAt).toBeDefined();
        expect(c.wederhoor).toBeDefined();
        expect(vogValidForAppointment(c)).toBe(true);
        expect(positiveAdviceBlockers(c)).toEqual([]);
      }
    }
    // The walk must actually contain positive advices, or the check above proves nothing.
    expect(positiveAdvices).toBeGreaterThan(0);
  });

  it('refuses a positive advice in every advies state where a precondition is missing', () => {
    let refusals = 0;
    for (const path of paths) {
      const snapshot = path.state as AnyMachineSnapshot;
      if (!snapshot.matches({ scan: { lopend: { naToestemming: 'advies' } } })) continue;
      const c = snapshot.context as CaseContext;
      if (positiveAdviceBlockers(c).length === 0) continue;
      for (const conclusion of POSITIVE_CONCLUSIONS) {
        expect(snapshot.can({ type: 'GIVE_ADVICE', conclusion, deviationReasonRecorded: true, at: AT })).toBe(false);
        refusals++;
      }
    }
    expect(refusals).toBeGreaterThan(0);
  });

  it('keeps nothing personal after destruction: only the tombstone', () => {
    const destroyed = paths.filter((p) => (p.state as AnyMachineSnapshot).matches({ scan: 'vernietigd' }));
    expect(destroyed.length).toBeGreaterThan(0);
    for (const path of destroyed) {
      const c = path.state.context as CaseContext;
      for (const key of PERSONAL_OR_PROCESS_KEYS) expect([key, c[key]]).toEqual([key, undefined]);
      expect(c.vog).toEqual({});
      expect(c.destroyedAt).toBe(AT);
      expect(c.outcome).toBeDefined();
      expect(path.state.status).toBe('active'); // the VOG region stays, empty
    }
  });

  it('closes with the outcome recorded on every exit before the advice', () => {
    const exits: [CaseEvent['type'], string][] = [
      ['WITHDRAW_CANDIDACY', 'kandidaat_teruggetrokken'],
      ['STOP_CASE', 'gestopt'],
      ['WITHDRAW_CONSENT', 'toestemming_ingetrokken'],
      ['REFUSE_CONSENT', 'toestemming_geweigerd'],
    ];
    const seen = new Set<string>();
    for (const path of paths) {
      const last = path.steps[path.steps.length - 1];
      if (!last) continue;
      const event = last.event as CaseEvent;
      const exit = exits.find(([type]) => type === event.type);
      if (!exit || !(path.state as AnyMachineSnapshot).matches({ scan: 'afgesloten' })) continue;
      expect((path.state.context as CaseContext).outcome?.outcome).toBe(exit[1]);
      seen.add(exit[0]);
    }
    expect([...seen].sort()).toEqual(exits.map(([t]) => t).sort());
  });

  it('allows no exit once the advice is given', () => {
    for (const path of paths) {
      const snapshot = path.state as AnyMachineSnapshot;
      if (!(snapshot.context as CaseContext).advice) continue;
      for (const type of ['WITHDRAW_CANDIDACY', 'STOP_CASE', 'WITHDRAW_CONSENT'] as const) {
        expect(snapshot.can({ type, reason: 'andere_reden', at: AT } as CaseEvent)).toBe(false);
      }
    }
  });

  it('offers each actor only its own events, and only those the machine accepts now', () => {
    for (const path of paths) {
      const snapshot = path.state as AnyMachineSnapshot;
      for (const actor of ['opdrachtgever', 'screener', 'kandidaat', 'system'] as const) {
        for (const type of allowedEventTypes(snapshot, actor, AT)) {
          expect(EVENT_ACTORS[type]).toContain(actor);
        }
      }
    }
    const [start] = initialTransition(basisscanMachine, INPUT);
    expect(allowedEventTypes(start, 'opdrachtgever', AT).sort()).toEqual(
      ['ASSIGN_SCREENER', 'CHANGE_APPOINTMENT_DATE', 'STOP_CASE', 'VOG_REQUESTED', 'WITHDRAW_CANDIDACY'].sort(),
    );
    expect(allowedEventTypes(start, 'kandidaat', AT)).toEqual(['WITHDRAW_CANDIDACY']);
    expect(allowedEventTypes(start, 'screener', AT)).toEqual([]);
  });
});
