import * as fs from 'node:fs';
import * as path from 'node:path';
import { initialTransition, transition } from 'xstate';
import { CURRENT_MACHINE } from '../../workflows';
import { templatesDir } from '../../src/common/templates';
import { deadlineText } from '../../src/common/dutch-date';
import { consequencesOf, HANDOVERS, NOTICE_KINDS, phaseActor } from '../../src/notifications/consequences';
import { withReminders, workingDaysBefore } from '../../src/notifications/reminders';

/** The consequences table is complete: every phase of every guide is declared, every notice has its text. */
describe('notification consequences', () => {
  const guides = fs.readdirSync(path.join(templatesDir(), 'guide')).map((f) => JSON.parse(fs.readFileSync(path.join(templatesDir(), 'guide', f), 'utf8')) as { machineVersion: string; phases: { state: string; actor: string | null }[] });

  it.each(guides.map((g) => [g.machineVersion, g]))('declares a notice (or says why not) for every phase of guide %s', (_v, guide) => {
    for (const phase of guide.phases) expect([phase.state, HANDOVERS[phase.state]]).toEqual([phase.state, expect.anything()]);
  });

  it('has a Dutch text for every notice, without placeholders for a name other than the recipient\'s', () => {
    const texts = JSON.parse(fs.readFileSync(path.join(templatesDir(), 'mail', 'meldingen-1.nl.json'), 'utf8'));
    for (const kind of NOTICE_KINDS.filter((k) => k !== 'uitnodiging')) {
      const text = texts.notices[kind];
      expect([kind, typeof text?.subject, typeof text?.text, typeof text?.title, typeof text?.body]).toEqual([kind, 'string', 'string', 'string', 'string']);
      const placeholders = [...JSON.stringify(text).matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(placeholders.filter((p) => /candidate|kandidaat|answer|finding/i.test(p))).toEqual([]);
    }
  });

  it('derives the handover from the change of actor, not from the event type', () => {
    const at = '2026-12-01T10:00:00.000Z';
    const [start] = initialTransition(CURRENT_MACHINE.machine, { organisationKind: 'gemeente', plannedAppointmentDate: '2027-01-15', at });
    const [assigned] = transition(CURRENT_MACHINE.machine, start, { type: 'ASSIGN_SCREENER', screenerId: '00000000-0000-4000-8000-000000000001', at } as never);
    expect(phaseActor(CURRENT_MACHINE.version, 'screenerToegewezen')).toBe('opdrachtgever');
    // Same actor before and after: only the event's own notice (the screener hears of the assignment).
    expect(consequencesOf({ event: { type: 'ASSIGN_SCREENER', at } as never, actor: 'opdrachtgever:x', before: start, after: assigned, machineVersion: CURRENT_MACHINE.version })).toEqual([{ kind: 'screener_toegewezen', to: 'screener' }]);
  });

  it('writes a deadline one way: the day it is due, never the next day in Amsterdam', () => {
    expect(deadlineText('2026-12-10T23:59:59.000Z')).toBe('uiterlijk 10 december 2026');
  });

  it('plans a reminder working days before a deadline, not in the past, and cancels it with its deadline', () => {
    expect(workingDaysBefore('2026-12-14', 2)).toBe('2026-12-10'); // Monday → Thursday
    const deadline = { kind: 'wederhoor', dueAt: '2026-12-14T23:59:59.000Z', event: { type: 'DEADLINE_PASSED', deadline: 'wederhoor' } };
    const planned = withReminders({ cancel: [], schedule: [deadline] }, 2, new Date('2026-12-07T12:00:00Z'));
    expect(planned.schedule).toEqual([deadline, { kind: 'herinnering:wederhoor', dueAt: '2026-12-10T07:00:00.000Z', event: { type: 'REMINDER', deadline: 'wederhoor' } }]);
    expect(planned.cancel).toEqual(['herinnering:wederhoor']);
    expect(withReminders({ cancel: [], schedule: [deadline] }, 2, new Date('2026-12-11T12:00:00Z')).schedule).toEqual([deadline]);
    expect(withReminders({ cancel: ['wederhoor'], schedule: [] }, 2, new Date()).cancel).toEqual(['wederhoor', 'herinnering:wederhoor']);
    expect(withReminders({ cancel: [], schedule: [deadline] }, 0, new Date('2026-12-07T12:00:00Z')).schedule).toEqual([deadline]);
  });
});
