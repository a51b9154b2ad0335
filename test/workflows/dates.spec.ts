import fc from 'fast-check';
import { addMonths, addWorkingDays, isIsoDate } from '../../workflows/dates';
import { vogValidForAppointment } from '../../workflows/basisscan.machine';

const isoDate = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

describe('calendar arithmetic for legal deadlines', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-03-31', 3, '2026-06-30'],
    ['2026-11-15', 3, '2027-02-15'],
    ['2026-05-01', -3, '2026-02-01'],
  ])('%s + %i months = %s', (from, months, expected) => {
    expect(addMonths(from, months)).toBe(expected);
  });

  it('adds working days over weekends', () => {
    expect(addWorkingDays('2026-11-20', 5)).toBe('2026-11-27'); // Friday + 5 = next Friday
    expect(addWorkingDays('2026-11-21', 1)).toBe('2026-11-23'); // Saturday + 1 = Monday
  });

  it('recognises real dates only', () => {
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('1-1-2026')).toBe(false);
  });

  it('always lands on a real date, never earlier, and at most in the target month', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 0, max: 36 }), (from, months) => {
        const to = addMonths(from, months);
        expect(isIsoDate(to)).toBe(true);
        expect(to >= from).toBe(true);
        const monthsApart = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));
        expect(monthsApart).toBe(months);
      }),
    );
  });

  it('accepts a VOG exactly when it is issued on or before the appointment and at most three months old then', () => {
    fc.assert(
      fc.property(isoDate, isoDate, (issueDate, plannedAppointmentDate) => {
        const valid = vogValidForAppointment({ vog: { issueDate }, plannedAppointmentDate, vogMaxAgeMonths: 3 });
        expect(valid).toBe(issueDate <= plannedAppointmentDate && plannedAppointmentDate <= addMonths(issueDate, 3));
      }),
    );
    expect(vogValidForAppointment({ vog: { issueDate: '2026-03-01' }, plannedAppointmentDate: '2026-06-01', vogMaxAgeMonths: 3 })).toBe(true);
    expect(vogValidForAppointment({ vog: { issueDate: '2026-03-01' }, plannedAppointmentDate: '2026-06-02', vogMaxAgeMonths: 3 })).toBe(false);
    expect(vogValidForAppointment({ vog: { issueDate: '2026-03-01', refusedDate: '2026-03-05' }, plannedAppointmentDate: '2026-04-01', vogMaxAgeMonths: 3 })).toBe(false);
    expect(vogValidForAppointment({ vog: {}, plannedAppointmentDate: '2026-04-01', vogMaxAgeMonths: 3 })).toBe(false);
  });
});
