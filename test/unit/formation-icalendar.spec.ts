import ICAL from 'ical.js';
import { escapeText, foldLine, icsCalendar } from '../../src/formations/icalendar';

describe('the iCalendar writer (RFC 5545)', () => {
  it('escapes TEXT values', () => {
    expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
  });

  it('folds at 75 octets without splitting a UTF-8 character, continuation lines starting with a space', () => {
    const line = `SUMMARY:${'ë'.repeat(100)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(2);
    for (const [i, part] of parts.entries()) {
      expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
      if (i > 0) expect(part.startsWith(' ')).toBe(true);
      // No broken character: every part is valid UTF-8 on its own.
      expect(Buffer.from(part, 'utf8').toString('utf8')).toBe(part);
    }
    expect(parts.map((p, i) => (i ? p.slice(1) : p)).join('')).toBe(line);
    expect(foldLine('KORT:kort')).toBe('KORT:kort');
  });

  it('writes a calendar a real parser reads back, with CRLF line ends only', () => {
    const description = 'Collegevorming 2026: uiterlijk; nog open voor BS-2026-ABCDEF, BS-2026-123456.\nTweede regel met ë en een lange tekst die zeker gevouwen moet worden omdat hij ruim langer is dan vijfenzeventig octetten.';
    const ics = icsCalendar('Collegevorming 2026', [
      { uid: 'f-1-vogAanvraag@basisscan', date: '2027-04-01', summary: 'Uiterlijk: VOG aanvragen', description },
      { uid: 'f-1-stemming@basisscan', date: '2027-04-29', summary: 'Collegevorming 2026: Stemming in de raad (installatie)' },
    ], new Date('2026-12-04T05:30:00Z'));
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const calendar = new ICAL.Component(ICAL.parse(ics));
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => [e.uid, e.summary, e.startDate.toString(), e.endDate.toString(), e.startDate.isDate])).toEqual([
      ['f-1-vogAanvraag@basisscan', 'Uiterlijk: VOG aanvragen', '2027-04-01', '2027-04-02', true],
      ['f-1-stemming@basisscan', 'Collegevorming 2026: Stemming in de raad (installatie)', '2027-04-29', '2027-04-30', true],
    ]);
    expect(events[0].description).toBe(description);
    expect(String(calendar.getAllSubcomponents('vevent')[0].getFirstPropertyValue('dtstamp'))).toBe('2026-12-04T05:30:00Z');
  });
});
