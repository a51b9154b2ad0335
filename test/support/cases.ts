import { invitationCode } from './mail';
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
