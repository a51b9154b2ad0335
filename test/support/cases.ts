import { invitationCode } from './mail';
import { completeAnswers } from './questionnaire';
import { bearer, DEMO, TestApp } from './test-app';

export const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
export const today = () => inDays(0);

/** Driving cases through HTTP as the roles would, at each case's current version. */
export function caseFlow(t: TestApp) {
  /** Sends an event at the case's current version and expects `status`; returns the body. */
  async function act(token: string, id: string, type: string, payload: Record<string, unknown> = {}, status = 200) {
    const { body: view } = await t.http().get(`/cases/${id}`).set(bearer(token)).expect(200);
    const res = await t.http().post(`/cases/${id}/events`).set(bearer(token)).send({ type, expectedVersion: view.version, ...payload });
    if (res.status !== status) throw new Error(`${type}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** Commissioned, screener assigned, candidate invited; the candidate's code exchanged from the mail. */
  async function invitedCase(options: { opdrachtgever: string; screenerId: string; email: string; name?: string; plannedAppointmentDate?: string }) {
    const { body } = await t.http()
      .post('/cases')
      .set(bearer(options.opdrachtgever))
      .send({ candidate: { name: options.name ?? 'Anna Jansen', email: options.email }, plannedAppointmentDate: options.plannedAppointmentDate ?? inDays(30) })
      .expect(201);
    await act(options.opdrachtgever, body.id, 'ASSIGN_SCREENER', { screenerId: options.screenerId });
    await act(options.opdrachtgever, body.id, 'INVITE_CANDIDATE');
    const code = await invitationCode(t, options.email);
    const { body: token } = await t.http().post('/auth/invitation').send({ code }).expect(200);
    return { id: body.id as string, candidate: token.accessToken as string, code, exchange: token as { caseId: string; expiresIn: number; tokenType: string } };
  }

  return { act, invitedCase };
}

/** The demo accounts most specs act as, signed in, and the screener's user id. */
export async function demoRoles(t: TestApp) {
  const [burgemeester, screener, auditor] = await Promise.all([DEMO.burgemeester, DEMO.screener, DEMO.auditor].map((email) => t.login(email)));
  const screenerId = (await t.http().get('/me').set(bearer(screener)).expect(200)).body.id as string;
  return { burgemeester, screener, auditor, screenerId };
}

/**
 * A case with the screener's whole file and the candidate's wederhoor, at the advice: the earliest
 * point a report can be made. Realistic enough to show in a report: a finding, a risk with a measure.
 */
export async function caseAtAdvies(
  t: TestApp,
  roles: { burgemeester: string; screener: string; screenerId: string },
  options: { email: string; name: string; response?: string; until?: 'eindrapportage' | 'advies' },
) {
  const { act, invitedCase } = caseFlow(t);
  const { burgemeester, screener, screenerId } = roles;
  const c = await invitedCase({ opdrachtgever: burgemeester, screenerId, email: options.email, name: options.name });
  await act(burgemeester, c.id, 'VOG_REQUESTED', { date: inDays(-2) });
  await act(c.candidate, c.id, 'GIVE_CONSENT', { consentTextVersion: '3' });
  await t.http().put(`/cases/${c.id}/questionnaire/answers`).set(bearer(c.candidate)).send({ answers: completeAnswers() }).expect(200);
  await act(c.candidate, c.id, 'SUBMIT_QUESTIONNAIRE');
  await t.http().post(`/cases/${c.id}/sources`).set(bearer(screener))
    .send({ kind: 'kvk_handelsregister', consultedOn: today(), query: 'Inschrijvingen op naam', found: 'Eenmanszaak Öztürk Advies, actief sinds 2019', isFinding: true }).expect(201);
  await act(screener, c.id, 'COMPLETE_RESEARCH');
  await t.http().put(`/cases/${c.id}/interview`).set(bearer(screener))
    .send({ heldOn: today(), participants: ['screener', 'kandidaat'], summaries: [{ theme: 'nevenfuncties', summary: 'Besproken: de adviespraktijk en de klanten in de regio.' }] }).expect(200);
  await act(screener, c.id, 'RECORD_INTERVIEW', { date: today() });
  await t.http().post(`/cases/${c.id}/risks`).set(bearer(screener)).send({
    theme: 'nevenfuncties', description: 'Schijn van belangenverstrengeling door adviesopdrachten voor aannemers in de gemeente.', likelihood: 'gemiddeld', impact: 'aanzienlijk', facts: {},
    measures: [{ measure: 'Beëindigen van de adviespraktijk vóór de benoeming', who: 'kandidaat', byWhen: inDays(20) }],
  }).expect(201);
  await t.http().put(`/cases/${c.id}/assessment/draft`).set(bearer(screener)).send({ conclusion: 'beheersbaar', explanation: 'Het risico is beheersbaar als de adviespraktijk stopt.' }).expect(200);
  await act(screener, c.id, 'SUBMIT_DRAFT');
  await t.http().put(`/cases/${c.id}/wederhoor/response`).set(bearer(c.candidate)).send({ response: options.response ?? 'Ik stop met de adviespraktijk.' }).expect(200);
  await act(c.candidate, c.id, 'RESPOND_TO_FINDINGS');
  if (options.until === 'eindrapportage') return c;
  await act(screener, c.id, 'SUBMIT_FINAL', { conclusion: 'beheersbaar' });
  await act(burgemeester, c.id, 'VOG_ISSUED', { issueDate: today(), reference: 'VOG-2026-000123' });
  return c;
}
