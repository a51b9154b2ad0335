import { longDate } from '../../src/common/dutch-date';
import { addDays, addMonths } from '../../workflows/dates';
import { bearer, DEMO, startTestApp, TestApp } from '../support/test-app';
import { caseAtAdvies, caseFlow, demoRoles, inDays, today } from '../support/cases';

/**
 * Issue 19: retention to the raad's real term, and the candidate's information text promising
 * exactly what the retention jobs do, under settings that are not the defaults.
 */
describe('privacy settings: retention to the end of the term, legal bases per activity', () => {
  let t: TestApp;
  let roles: Awaited<ReturnType<typeof demoRoles>>;
  let beheerder: string;
  let organisationId: string;

  beforeAll(async () => {
    t = await startTestApp();
    roles = await demoRoles(t);
    beheerder = await t.login(DEMO.beheerder);
    organisationId = (await t.http().get('/me').set(bearer(beheerder)).expect(200)).body.organisation.id;
  });
  afterAll(() => t.destroy());

  const settings = (token: string) => t.http().get('/privacy-settings').set(bearer(token));
  const put = (body: unknown) => t.http().put('/privacy-settings').set(bearer(beheerder)).send(body as object);
  const dueOf = async (caseId: string) =>
    (await t.dataSource.query(`SELECT to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS due FROM scheduled_jobs WHERE case_id = $1 AND kind = 'bewaartermijn' AND status = 'pending'`, [caseId]))[0]?.due as string;
  const consentText = async (c: { id: string; candidate: string }) =>
    (await t.http().get(`/cases/${c.id}/consent`).set(bearer(c.candidate)).expect(200)).body.sections.map((s: { text: string }) => s.text).join('\n') as string;

  /** A case closed at the vote, today: appointed, or not. */
  async function appointed(email: string, isAppointed = true) {
    const { act } = caseFlow(t);
    const c = await caseAtAdvies(t, roles, { email, name: 'Bram Benoemd' });
    await act(roles.burgemeester, c.id, 'GIVE_ADVICE', { conclusion: 'beheersbaar' });
    await act(roles.burgemeester, c.id, 'RECORD_COUNCIL_INFORMED', { date: today() });
    await act(roles.burgemeester, c.id, 'RECORD_OUTCOME', { appointed: isAppointed, date: today() });
    return c;
  }

  it('starts from the defaults: the next regular election, no shorter period, the default legal bases', async () => {
    const { body } = await settings(beheerder).expect(200);
    expect(body).toMatchObject({ raadTermEndsOn: null, appointedRetentionMonths: null, retention: { notAppointedDays: 28, withdrawnDays: 28 } });
    // Gemeenteraden are elected in 2026, 2030, …: a case appointed today is kept to the end of March of the next one.
    expect(body.defaultTermEndsOn).toMatch(/^20(30|34)-03-31$/);
    expect(body.legalBases.map((b: { activity: string }) => b.activity)).toEqual(['screening', 'criminal_data', 'vog_check', 'reporting', 'voluntary', 'destruction']);
    expect(body.legalBases.find((b: { activity: string }) => b.activity === 'screening')).toMatchObject({ setBy: 'standaard', legalBasis: expect.stringContaining('Gemeentewet art. 170 lid 2') });
    expect(body.legalBases.find((b: { activity: string }) => b.activity === 'criminal_data').legalBasis).toContain('AVG art. 10');
    // The auditor reads them; nobody but the beheerder changes them.
    await settings(roles.auditor).expect(200);
    await settings(roles.burgemeester).expect(403);
    await t.http().put('/privacy-settings').set(bearer(roles.auditor)).send({ appointedRetentionMonths: 6 }).expect(403);
  });

  it.each([
    ['a malformed date', { raadTermEndsOn: '2030-02-30' }, 'raadTermEndsOn'],
    ['a date in the past', { raadTermEndsOn: '2020-03-31' }, 'raadTermEndsOn'],
    ['zero months', { appointedRetentionMonths: 0 }, 'appointedRetentionMonths'],
    ['a fraction of a month', { appointedRetentionMonths: 6.5 }, 'appointedRetentionMonths'],
    ['an unknown activity', { legalBases: { marketing: 'Toestemming' } }, 'legalBases.marketing'],
    ['an empty legal basis', { legalBases: { screening: '  ' } }, 'legalBases.screening'],
    ['an unknown field', { bewaartermijn: 48 }, 'bewaartermijn'],
  ])('refuses %s with a Dutch 422 naming the field, and writes nothing', async (_name, body, field) => {
    const res = await put({ appointedRetentionMonths: 12, ...body }).expect(422);
    expect(res.body).toMatchObject({ code: 'INVALID_PRIVACY_SETTINGS', detail: expect.stringMatching(/^De instellingen zijn niet opgeslagen/) });
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM privacy_settings'))[0].n).toBe(0);
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM privacy_legal_bases'))[0].n).toBe(0);
  });

  it('promises in the information text exactly what the jobs do, for every outcome, under non-default settings; recomputes waiting cases once, audited', async () => {
    const { act, invitedCase } = caseFlow(t);
    // An appointed case under the old rule, before any setting: kept to the default term end.
    const before = await appointed('voor-instelling@example.nl');
    const { body: defaults } = await settings(beheerder).expect(200);
    expect(await dueOf(before.id)).toBe(defaults.defaultTermEndsOn);

    // The organisation's own periods (its settings, another feature's columns) and the FG's term end.
    await t.dataSource.query('UPDATE organisations SET retention_not_appointed_days = 10, retention_withdrawn_days = 3 WHERE id = $1', [organisationId]);
    const termEnd = addDays(today(), 500);
    const saved = await put({ raadTermEndsOn: termEnd, legalBases: { screening: 'FG-GRONDSLAG: publieke taak, besluit FG 2026-12.' } }).expect(200);
    expect(saved.body).toMatchObject({ raadTermEndsOn: termEnd, appointedRetentionMonths: null, retention: { notAppointedDays: 10, withdrawnDays: 3 } });
    expect(saved.body.legalBases.find((b: { activity: string }) => b.activity === 'screening')).toEqual({
      activity: 'screening', name: 'Risicoanalyse integriteit (basisscan)', legalBasis: 'FG-GRONDSLAG: publieke taak, besluit FG 2026-12.', setBy: 'fg',
    });
    // The waiting appointed case moved to the configured term end, once, with an audit entry.
    expect(await dueOf(before.id)).toBe(termEnd);
    const recomputed = await t.dataSource.query(`SELECT actor FROM audit_log WHERE action = 'case.retention_recomputed' AND object = $1`, [`case:${before.id}`]);
    expect(recomputed).toHaveLength(1);
    await put({ raadTermEndsOn: termEnd }).expect(200);
    expect(await t.dataSource.query(`SELECT 1 FROM audit_log WHERE action = 'case.retention_recomputed' AND object = $1`, [`case:${before.id}`])).toHaveLength(1);

    // What the text promises, per outcome …
    const probe = await invitedCase({ opdrachtgever: roles.burgemeester, screenerId: roles.screenerId, email: 'tekst@example.nl', plannedAppointmentDate: inDays(30) });
    const text = await consentText(probe);
    expect(text).toContain('weigert u toestemming, of wordt het onderzoek gestopt: dan worden uw gegevens 10 dagen na afsluiting vernietigd');
    expect(text).toContain('Trekt u zich terug of trekt u uw toestemming in: dan worden ze 3 dagen na afsluiting vernietigd');
    expect(text).toContain(`vernietigd aan het einde van de zittingsperiode van de gemeenteraad (bij benoeming op de beoogde datum: ${longDate(termEnd)})`);
    expect(text).toContain('FG-GRONDSLAG: publieke taak, besluit FG 2026-12.');
    expect(text).not.toMatch(/\{\w+\}/);

    // … and what the jobs do, on real cases closed through the API.
    const refused = await invitedCase({ opdrachtgever: roles.burgemeester, screenerId: roles.screenerId, email: 'weigert@example.nl' });
    await act(refused.candidate, refused.id, 'REFUSE_CONSENT');
    expect(await dueOf(refused.id)).toBe(addDays(today(), 10));
    const stopped = await invitedCase({ opdrachtgever: roles.burgemeester, screenerId: roles.screenerId, email: 'gestopt@example.nl' });
    await act(roles.burgemeester, stopped.id, 'STOP_CASE', { reason: 'formatie_gewijzigd', explanation: 'De coalitie is anders samengesteld.' });
    expect(await dueOf(stopped.id)).toBe(addDays(today(), 10));
    const withdrawn = await invitedCase({ opdrachtgever: roles.burgemeester, screenerId: roles.screenerId, email: 'trekt-in@example.nl' });
    await act(withdrawn.candidate, withdrawn.id, 'GIVE_CONSENT', { consentTextVersion: '3' });
    await act(withdrawn.candidate, withdrawn.id, 'WITHDRAW_CONSENT');
    expect(await dueOf(withdrawn.id)).toBe(addDays(today(), 3));
    const quits = await invitedCase({ opdrachtgever: roles.burgemeester, screenerId: roles.screenerId, email: 'stopt@example.nl' });
    await act(quits.candidate, quits.id, 'WITHDRAW_CANDIDACY');
    expect(await dueOf(quits.id)).toBe(addDays(today(), 3));
    const notAppointed = await appointed('niet-benoemd@example.nl', false);
    expect(await dueOf(notAppointed.id)).toBe(addDays(today(), 10));
    const noVog = await invitedCase({ opdrachtgever: roles.burgemeester, screenerId: roles.screenerId, email: 'geen-vog@example.nl' });
    await act(roles.burgemeester, noVog.id, 'VOG_REQUESTED', { date: today() });
    await act(roles.burgemeester, noVog.id, 'VOG_INTENDED_REFUSAL', { date: today() });
    await act(roles.burgemeester, noVog.id, 'VOG_REFUSED', { date: today() });
    await act(roles.burgemeester, noVog.id, 'RECORD_NOT_APPOINTABLE', { date: today() });
    expect(await dueOf(noVog.id)).toBe(addDays(today(), 10));
    const now = await appointed('benoemd@example.nl');
    expect(await dueOf(now.id)).toBe(termEnd);

    // A shorter period set by the FG wins when it ends earlier; the text says so and both cases move.
    await put({ appointedRetentionMonths: 6 }).expect(200);
    expect(await dueOf(now.id)).toBe(addMonths(today(), 6));
    expect(await dueOf(before.id)).toBe(addMonths(today(), 6));
    expect(await consentText(probe)).toContain(`vernietigd 6 maanden na uw benoeming, maar niet later dan het einde van de zittingsperiode van de gemeenteraad (bij benoeming op de beoogde datum: ${longDate(addMonths(inDays(30), 6))})`);
    // Other outcomes are untouched by the term.
    expect(await dueOf(refused.id)).toBe(addDays(today(), 10));

    // The processing log's export names the FG's basis for the screening.
    const log = (await t.http().get(`/cases/${now.id}/processing-log`).set(bearer(roles.auditor)).expect(200)).body;
    expect(log.find((l: { activity: { id: string } }) => l.activity.id === 'screening').activity).toMatchObject({ legalBasis: 'FG-GRONDSLAG: publieke taak, besluit FG 2026-12.', legalBasisSetBy: 'fg' });
    expect(log.find((l: { activity: { id: string } }) => l.activity.id === 'vog_check').activity).toMatchObject({ legalBasisSetBy: 'standaard', legalBasis: expect.stringContaining('art. 36a lid 2') });
    // Back to the default for one activity with null.
    const reset = await put({ legalBases: { screening: null } }).expect(200);
    expect(reset.body.legalBases.find((b: { activity: string }) => b.activity === 'screening').setBy).toBe('standaard');
  });
});
