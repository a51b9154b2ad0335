import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { OutboxService } from '../../src/candidates/outbox.service';
import { caseFlow, demoRoles, inDays } from '../support/cases';
import { bearer, startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 17: delivery is real. The outbox talks SMTP (nodemailer) to a real SMTP server in this
 * process (smtp-server) that accepts, refuses for now (4xx: tried again later) and refuses for good
 * (5xx: recorded as failed, not tried again).
 */
describe('mail over SMTP', () => {
  let t: TestApp;
  let roles: Awaited<ReturnType<typeof demoRoles>>;
  const received: { to: string[]; data: string }[] = [];
  const refusedOnce = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const to = address.address.toLowerCase();
      if (to.startsWith('geweigerd')) return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      if (to.startsWith('tijdelijk') && !refusedOnce.has(to)) {
        refusedOnce.add(to);
        return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.server.address() as AddressInfo).port;
    t = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}`, JOB_POLL_SECONDS: '120' });
    roles = await demoRoles(t);
  });
  afterAll(async () => {
    await t.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const outbox = () => t.app.get(OutboxService);
  const invite = async (email: string) => {
    const { body } = await t.http().post('/cases').set(bearer(roles.burgemeester)).send({ candidate: { name: 'Sem Smtp', email }, plannedAppointmentDate: inDays(40) }).expect(201);
    await caseFlow(t).act(roles.burgemeester, body.id, 'ASSIGN_SCREENER', { screenerId: roles.screenerId });
    await caseFlow(t).act(roles.burgemeester, body.id, 'INVITE_CANDIDATE');
    return body.id as string;
  };
  const mailOf = async (caseId: string, notice: string) =>
    (await t.dataSource.query(`SELECT id, status, attempts, last_error, next_attempt_at > now() AS waits FROM outbox_mail WHERE case_id = $1 AND notice = $2`, [caseId, notice]))[0];
  /** Delivery runs after commit in the background too; wait until the mail has left 'pending'/'sending' for now. */
  async function settle(caseId: string, notice: string, until: (m: { status: string; waits: boolean }) => boolean) {
    for (let i = 0; i < 100; i++) {
      await outbox().deliverPending();
      const mail = await mailOf(caseId, notice);
      if (until(mail)) return mail;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`mail ${notice} did not settle`);
  }

  it('delivers to an accepting server: the screener\'s and the candidate\'s mail arrive', async () => {
    const id = await invite('aangenomen@example.nl');
    expect(await settle(id, 'uitnodiging', (m) => m.status === 'sent')).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    await settle(id, 'screener_toegewezen', (m) => m.status === 'sent');
    const invitation = received.find((m) => m.to.includes('aangenomen@example.nl'))!;
    expect(invitation.data).toMatch(/Subject: Uitnodiging: risicoanalyse integriteit/);
    expect(received.some((m) => m.to.includes('screener@integriteitsbureau.nl'))).toBe(true);
  });

  it('tries again later after a temporary refusal (451), then delivers once', async () => {
    const id = await invite('tijdelijk@example.nl');
    const waiting = await settle(id, 'uitnodiging', (m) => m.status === 'pending' && m.waits);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, last_error: 'smtp_451', waits: true });
    expect(received.filter((m) => m.to.includes('tijdelijk@example.nl'))).toHaveLength(0);
    // The wait is over (as the poller would find it later).
    await t.dataSource.query(`UPDATE outbox_mail SET next_attempt_at = now() WHERE id = $1`, [waiting.id]);
    expect(await settle(id, 'uitnodiging', (m) => m.status === 'sent')).toMatchObject({ status: 'sent', attempts: 2 });
    expect(received.filter((m) => m.to.includes('tijdelijk@example.nl'))).toHaveLength(1);
  });

  it('records a permanent refusal (550) as failed and does not try again', async () => {
    const id = await invite('geweigerd@example.nl');
    const failed = await settle(id, 'uitnodiging', (m) => m.status === 'failed');
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, last_error: 'smtp_550' });
    await t.dataSource.query(`UPDATE outbox_mail SET next_attempt_at = now() - interval '1 day' WHERE id = $1`, [failed.id]);
    await outbox().deliverPending();
    expect(await mailOf(id, 'uitnodiging')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(received.filter((m) => m.to.includes('geweigerd@example.nl'))).toHaveLength(0);
  });
});
