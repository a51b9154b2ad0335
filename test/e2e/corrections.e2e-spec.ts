import { questionnaireTemplate } from '../../src/candidates/questionnaire';
import { restore } from '../../src/cases/cases.service';
import { ReportContentBuilder } from '../../src/reports/report-content';
import { bearer, startTestApp, TestApp } from '../support/test-app';
import { caseAtAdvies, caseFlow, demoRoles } from '../support/cases';

/** Issue 19: a factual error in a finding is corrected, not just commented on (AVG art. 16). */
describe('correction requests', () => {
  let t: TestApp;
  let roles: Awaited<ReturnType<typeof demoRoles>>;

  beforeAll(async () => {
    t = await startTestApp();
    roles = await demoRoles(t);
    questionnaireTemplate('2');
  });
  afterAll(() => t.destroy());

  const list = (token: string, id: string) => t.http().get(`/cases/${id}/corrections`).set(bearer(token));
  const ask = (token: string, id: string, body: unknown) => t.http().post(`/cases/${id}/corrections`).set(bearer(token)).send(body as object);
  const decide = (token: string, id: string, correction: string, body: unknown) => t.http().post(`/cases/${id}/corrections/${correction}/decision`).set(bearer(token)).send(body as object);
  async function reportContent(caseId: string) {
    const [row] = await t.dataSource.query(
      `SELECT c.id, c.organisation_id, o.name AS organisation_name, c.machine_id, c.machine_version, c.questionnaire_version, c.created_by, c.screener_id, c.created_at, c.snapshot, c.version
         FROM cases c JOIN organisations o ON o.id = c.organisation_id WHERE c.id = $1`,
      [caseId],
    );
    return JSON.stringify(await t.app.get(ReportContentBuilder).build(t.dataSource.manager, row, restore(row)));
  }

  it('round trip: the candidate asks, the screener accepts (the finding changes, the old wording stays in the history only) and refuses with a reason; both audited', async () => {
    const c = await caseAtAdvies(t, roles, { email: 'correctie@example.nl', name: 'Cor Rectie', until: 'eindrapportage' });
    const [finding] = (await t.http().get(`/cases/${c.id}/wederhoor`).set(bearer(c.candidate)).expect(200)).body.findings;
    expect(finding).toMatchObject({ id: expect.any(String), found: 'Eenmanszaak Öztürk Advies, actief sinds 2019' });

    // Bad input: named fields, nothing stored.
    const bad = await ask(c.candidate, c.id, { findingId: finding.id, request: '', bijlage: 'x' }).expect(422);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['bijlage']);
    const empty = await ask(c.candidate, c.id, { findingId: finding.id, request: ' ' }).expect(422);
    expect(empty.body.details[0].field).toBe('request');
    expect((await ask(c.candidate, c.id, { findingId: '00000000-0000-4000-8000-000000000000', request: 'Fout' }).expect(422)).body.details[0].field).toBe('findingId');
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM correction_requests'))[0].n).toBe(0);

    const asked = await ask(c.candidate, c.id, { findingId: finding.id, request: 'De eenmanszaak is sinds 2023 uitgeschreven; zie het uittreksel.' }).expect(201);
    expect(asked.body).toMatchObject({ findingId: finding.id, status: 'open', request: expect.stringContaining('uitgeschreven'), previousWording: null });
    expect((await ask(c.candidate, c.id, { findingId: finding.id, request: 'Nog een keer' }).expect(409)).body.code).toBe('CORRECTION_PENDING');
    // Only the assigned screener decides; the opdrachtgever and the candidate do not.
    await decide(roles.burgemeester, c.id, asked.body.id, { accept: true, correctedWording: 'x' }).expect(403);
    await decide(c.candidate, c.id, asked.body.id, { accept: true, correctedWording: 'x' }).expect(403);
    expect((await decide(roles.screener, c.id, asked.body.id, { accept: true }).expect(422)).body.details[0].field).toBe('correctedWording');

    const before = (await t.http().get(`/cases/${c.id}`).set(bearer(roles.screener)).expect(200)).body;
    const accepted = await decide(roles.screener, c.id, asked.body.id, { accept: true, correctedWording: 'Eenmanszaak Öztürk Advies, actief van 2019 tot 2023 (uitgeschreven)' }).expect(201);
    expect(accepted.body).toMatchObject({
      status: 'geaccepteerd', previousWording: 'Eenmanszaak Öztürk Advies, actief sinds 2019', correctedWording: 'Eenmanszaak Öztürk Advies, actief van 2019 tot 2023 (uitgeschreven)', decidedAt: expect.any(String),
    });
    expect((await decide(roles.screener, c.id, asked.body.id, { accept: false, reason: 'toch niet' }).expect(409)).body.code).toBe('CORRECTION_DECIDED');
    // The finding itself changed, everywhere it is read; the report shows the corrected wording and not the old one.
    const after = (await t.http().get(`/cases/${c.id}/wederhoor`).set(bearer(c.candidate)).expect(200)).body.findings[0];
    expect(after.found).toBe('Eenmanszaak Öztürk Advies, actief van 2019 tot 2023 (uitgeschreven)');
    expect((await t.http().get(`/cases/${c.id}/assessment`).set(bearer(roles.screener)).expect(200)).body.sources[0].found).toContain('tot 2023');
    const content = await reportContent(c.id);
    expect(content).toContain('actief van 2019 tot 2023 (uitgeschreven)');
    expect(content).not.toContain('actief sinds 2019');
    expect(content).not.toContain('uittreksel');
    // The case version is unchanged (no workflow event); the content version moved, so older reports show as outdated.
    expect((await t.http().get(`/cases/${c.id}`).set(bearer(roles.screener)).expect(200)).body.version).toBe(before.version);

    // A second request, refused with a reason.
    const again = await ask(c.candidate, c.id, { findingId: finding.id, request: 'Het was 2022, niet 2023.' }).expect(201);
    expect((await decide(roles.screener, c.id, again.body.id, { accept: false }).expect(422)).body.details[0].field).toBe('reason');
    const refused = await decide(roles.screener, c.id, again.body.id, { accept: false, reason: 'Het Handelsregister noemt 14 maart 2023 als datum van uitschrijving.' }).expect(201);
    expect(refused.body).toMatchObject({ status: 'geweigerd', reason: expect.stringContaining('14 maart 2023'), correctedWording: null });
    expect((await t.http().get(`/cases/${c.id}/wederhoor`).set(bearer(c.candidate)).expect(200)).body.findings[0].found).toContain('tot 2023');

    // The candidate sees both decisions; so does the screener; nobody else.
    const seen = (await list(c.candidate, c.id).expect(200)).body;
    expect(seen.map((x: { status: string }) => x.status)).toEqual(['geaccepteerd', 'geweigerd']);
    expect((await list(roles.screener, c.id).expect(200)).body).toEqual(seen);
    await list(roles.burgemeester, c.id).expect(403);
    await list(roles.auditor, c.id).expect(403);
    const audited = await t.dataSource.query(`SELECT action FROM audit_log WHERE object = $1 AND action LIKE 'correction.%' ORDER BY seq`, [`case:${c.id}`]);
    expect(audited.map((a: { action: string }) => a.action)).toEqual(['correction.request', 'correction.accept', 'correction.request', 'correction.refuse']);
    // Stored encrypted.
    const [{ dump }] = await t.dataSource.query(`SELECT string_agg(x::text, '') AS dump FROM correction_requests x`);
    expect(dump).not.toMatch(/uitgeschreven|Handelsregister/);
  });

  it('opens with hoor en wederhoor and closes with the case; other cases stay out', async () => {
    const { act, invitedCase } = caseFlow(t);
    const early = await invitedCase({ opdrachtgever: roles.burgemeester, screenerId: roles.screenerId, email: 'vroeg@example.nl' });
    await act(early.candidate, early.id, 'GIVE_CONSENT', { consentTextVersion: '3' });
    expect((await ask(early.candidate, early.id, { findingId: '00000000-0000-4000-8000-000000000000', request: 'Fout' }).expect(409)).body.code).toBe('CORRECTIONS_NOT_OPEN');
    const c = await caseAtAdvies(t, roles, { email: 'dicht@example.nl', name: 'Dirk Dicht', until: 'eindrapportage' });
    const [finding] = (await t.http().get(`/cases/${c.id}/wederhoor`).set(bearer(c.candidate)).expect(200)).body.findings;
    await ask(early.candidate, c.id, { findingId: finding.id, request: 'Fout' }).expect(404);
    await act(roles.burgemeester, c.id, 'STOP_CASE', { reason: 'formatie_gewijzigd', explanation: 'De coalitie is anders samengesteld.' });
    expect((await ask(c.candidate, c.id, { findingId: finding.id, request: 'Fout' }).expect(409)).body.code).toBe('CORRECTIONS_NOT_OPEN');
  });
});
