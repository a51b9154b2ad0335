import { reportRefusal } from '../../workflows/report';
import { normaliseVerificationCode, verificationCode } from '../../src/reports/produce';

describe('when a report can be made', () => {
  const wederhoor = { how: 'gereageerd' as const, at: '2026-11-20T10:00:00Z' };

  it('is after hoor en wederhoor, in every later phase', () => {
    for (const phase of ['eindrapportage', 'advies', 'raadInformeren', 'raadGeinformeerd', 'afgesloten']) expect(reportRefusal({ wederhoor }, phase)).toBeNull();
  });

  it('is not before wederhoor, nor in a phase where wederhoor was reset by a further investigation', () => {
    for (const phase of ['opdrachtVerleend', 'vragenlijst', 'gesprek', 'conceptrapportage', 'hoorEnWederhoor']) expect(reportRefusal({}, phase)).toBe('wederhoor_not_finished');
    expect(reportRefusal({}, 'afgesloten')).toBe('wederhoor_not_finished');
    expect(reportRefusal({ wederhoor }, 'openbronnenonderzoek')).toBe('wederhoor_not_finished');
  });

  it('is never after destruction', () => {
    expect(reportRefusal({ wederhoor, destroyedAt: '2027-01-01T00:00:00Z' }, 'vernietigd')).toBe('destroyed');
    expect(reportRefusal({}, 'vernietigd')).toBe('destroyed');
  });
});

describe('the verification code', () => {
  const id = '6f1c2b1e-5d0a-4c3e-9a49-0d2f6f0d9b71';
  const content = 'a'.repeat(64);

  it('is 12 unambiguous characters derived from report id and content hash', () => {
    const code = verificationCode(id, content);
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(verificationCode(id, content)).toBe(code);
    expect(verificationCode(id, 'b'.repeat(64))).not.toBe(code);
  });

  it('is read back as people type it', () => {
    const code = verificationCode(id, content);
    expect(normaliseVerificationCode(code.toLowerCase().replace(/-/g, ' '))).toBe(code);
    expect(normaliseVerificationCode('0O1I-L000-0000')).toBe('0011-1000-0000');
    expect(normaliseVerificationCode('K7QM-2XHD-91P')).toBeNull();
    expect(normaliseVerificationCode('K7QM-2XHD-91PU')).toBeNull();
  });
});
