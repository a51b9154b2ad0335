import { NEW_LINK_ANSWER, NEW_LINK_LIMITS } from '../../src/candidates/invitations.service';
import { caseFlow, demoRoles, today } from '../support/cases';
import { outbox } from '../support/mail';
import { completeAnswers } from '../support/questionnaire';
import { bearer, startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 17: the candidate's way back in. With a spent link and an ended session, the candidate asks
 * for a new link and reaches wederhoor; an unknown address gets the same answer and no mail; the
 * requests are throttled per address asked for and per client.
 */
describe('"send me a new link"', () => {
  let t: TestApp;
  let roles: Awaited<ReturnType<typeof demoRoles>>;
  /** Every request this spec made that the service counted (for the per-client limit). */
  let counted = 0;

  beforeAll(async () => {
    t = await startTestApp();
    roles = await demoRoles(t);
  });
  afterAll(() => t.destroy());

  const ask = async (email: string, status = 202) => {
    const res = await t.api().post('/auth/invitation/new-link').send({ email });
    expect([res.status, res.body.code]).toEqual([status, status === 202 ? undefined : expect.any(String)]);
    if (status === 202) counted++;
    return res;
  };
  const mailsTo = async (email: string) => (await outbox(t)).filter((m) => m.headers.toLowerCase().includes(`to: ${email}`));
  const codeIn = (body: string) => /#code=([A-Za-z0-9_-]+)/.exec(body)?.[1];

  it('gets a candidate with a spent link and an ended session back in, up to wederhoor', async () => {
    const email = 'terug.erin@example.nl';
    const { act, invitedCase } = caseFlow(t);
    const c = await invitedCase({ opdrachtgever: roles.burgemeester, screenerId: roles.screenerId, email, name: 'Tessa Terug' });
    await act(c.candidate, c.id, 'GIVE_CONSENT', { consentTextVersion: '3' });
    await t.http().put(`/cases/${c.id}/questionnaire/answers`).set(bearer(c.candidate)).send({ answers: completeAnswers() }).expect(200);
    await act(c.candidate, c.id, 'SUBMIT_QUESTIONNAIRE');
    // The candidate signs out: the session is over, and the invitation link was used.
    await t.http().delete('/auth/session').set(bearer(c.candidate)).expect((r) => expect(r.status).toBeLessThan(300));
    await t.http().get(`/cases/${c.id}`).set(bearer(c.candidate)).expect(401);
    await t.http().post('/auth/invitation').send({ code: c.code }).expect(401);

    await t.http().post(`/cases/${c.id}/sources`).set(bearer(roles.screener)).send({ kind: 'kvk_handelsregister', consultedOn: today(), query: 'q', found: 'niets', isFinding: false }).expect(201);
    await act(roles.screener, c.id, 'COMPLETE_RESEARCH');
    await t.http().put(`/cases/${c.id}/interview`).set(bearer(roles.screener)).send({ heldOn: today(), participants: ['screener', 'kandidaat'], summaries: [{ theme: 'nevenfuncties', summary: 'Besproken.' }] }).expect(200);
    await act(roles.screener, c.id, 'RECORD_INTERVIEW', { date: today() });
    await t.http().put(`/cases/${c.id}/assessment/draft`).set(bearer(roles.screener)).send({ conclusion: 'geen_risicos', explanation: 'Geen risico’s.' }).expect(200);
    await act(roles.screener, c.id, 'SUBMIT_DRAFT');
    const wederhoorMail = (await mailsTo(email)).at(-1)!;
    const before = (await mailsTo(email)).length;

    // Asked with the address as people type it: capitals, spaces.
    const res = await ask('  Terug.Erin@Example.NL ');
    expect(res.body).toEqual({ message: NEW_LINK_ANSWER });
    const mails = await mailsTo(email);
    expect(mails).toHaveLength(before + 1);
    const mail = mails.at(-1)!;
    expect(mail.body).toMatch(/^Beste Tessa Terug,/);
    expect(mail.headers).toContain('Subject: Uw nieuwe link voor de risicoanalyse integriteit');
    // The earlier, unused link (of the wederhoor mail) no longer works; the new one does, once.
    await t.http().post('/auth/invitation').send({ code: codeIn(wederhoorMail.body) }).expect(401);
    const { body: token } = await t.http().post('/auth/invitation').send({ code: codeIn(mail.body) }).expect(200);
    await t.http().post('/auth/invitation').send({ code: codeIn(mail.body) }).expect(401);
    await t.http().get(`/cases/${c.id}/wederhoor`).set(bearer(token.accessToken)).expect(200);
    await t.http().put(`/cases/${c.id}/wederhoor/response`).set(bearer(token.accessToken)).send({ response: 'Ik herken mij hierin.' }).expect(200);
    const responded = await act(token.accessToken, c.id, 'RESPOND_TO_FINDINGS');
    expect(responded.phase).toBe('eindrapportage');
    const [audit] = await t.dataSource.query(`SELECT actor, result FROM audit_log WHERE action = 'auth.invitation.new_link' AND object = $1`, [`case:${c.id}`]);
    expect(audit).toMatchObject({ actor: 'anonymous', result: 'ok' });
  });

  it('gives an unknown address the same answer and sends nothing', async () => {
    const [{ n: before }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox_mail`);
    const res = await ask('niemand.bekend@example.nl');
    expect(res.body).toEqual({ message: NEW_LINK_ANSWER });
    const [{ n: after }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox_mail`);
    expect(after).toBe(before);
    // Not an address at all: a Dutch 400, nothing counted.
    const bad = await t.api().post('/auth/invitation/new-link').send({ email: 'geen-adres' }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('throttles per address asked for (known or not alike) and per client', async () => {
    for (let i = 0; i < NEW_LINK_LIMITS.perEmail; i++) await ask('vaak.gevraagd@example.nl');
    const refused = await ask('VAAK.gevraagd@example.nl', 429);
    expect(refused.body.code).toBe('NEW_LINK_THROTTLED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Other addresses from this client, until the client's budget is used up.
    let i = 0;
    while (counted < NEW_LINK_LIMITS.perClient) await ask(`ander-${++i}@example.nl`);
    const client = await ask('nog-een-ander@example.nl', 429);
    expect(client.body.message).toMatch(/probeer het over \d+ minuten opnieuw/);
  });
});
