import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { WebhooksService } from '../../src/webhooks/webhooks.service';
import { caseFlow, demoRoles, inDays } from '../support/cases';
import { bearer, DEMO, startTestApp, TestApp } from '../support/test-app';

/** A real HTTP receiver that verifies every request with the Standard Webhooks reference library. */
function receiver() {
  const state = { secret: '', failNext: 0, requests: [] as { id: string; verified: boolean; status: number; body: Record<string, unknown> }[] };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const verified = (() => {
        try {
          new Webhook(state.secret).verify(body, req.headers as Record<string, string>);
          return true;
        } catch {
          return false;
        }
      })();
      const status = !verified ? 401 : state.failNext > 0 ? 503 : 204;
      if (state.failNext > 0 && verified) state.failNext--;
      state.requests.push({ id: String(req.headers['webhook-id']), verified, status, body: JSON.parse(body || '{}') });
      res.writeHead(status).end();
    });
  });
  return { state, server };
}

/**
 * Issue 17: signed webhooks. Verified by the reference implementation; retried with backoff until
 * delivered exactly once; dead-lettered after the last try and replayable; private targets refused.
 */
describe('webhooks', () => {
  let t: TestApp;
  let roles: Awaited<ReturnType<typeof demoRoles>>;
  let beheerder: string;
  const { state, server } = receiver();
  let url: string;
  let endpointId: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/basisscan`;
    t = await startTestApp({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_MAX_ATTEMPTS: '4', WEBHOOK_RETRY_BASE_SECONDS: '1', JOB_POLL_SECONDS: '120' });
    roles = await demoRoles(t);
    beheerder = await t.login(DEMO.beheerder);
  });
  afterAll(async () => {
    await t.destroy();
    server.close();
  });

  const service = () => t.app.get(WebhooksService);
  /** Runs due deliveries, making retries due at once (the backoff is checked separately), until none is pending. */
  async function drain(deliveryFilter: string) {
    for (let i = 0; i < 20; i++) {
      await service().deliverPending();
      const [row] = await t.dataSource.query(`SELECT status FROM webhook_deliveries WHERE id = $1`, [deliveryFilter]);
      if (row.status === 'delivered' || row.status === 'dead') return row.status as string;
      await t.dataSource.query(`UPDATE webhook_deliveries SET next_attempt_at = now() WHERE id = $1 AND status = 'pending'`, [deliveryFilter]);
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('delivery did not settle');
  }
  const newCase = async (name: string) =>
    (await t.http().post('/cases').set(bearer(roles.burgemeester)).send({ candidate: { name, email: `${name.split(' ')[0].toLowerCase()}@example.nl` }, plannedAppointmentDate: inDays(40) }).expect(201)).body.id as string;
  const deliveryOf = async (caseId: string, type: string) =>
    (await t.dataSource.query(`SELECT id FROM webhook_deliveries WHERE payload->'data'->>'caseId' = $1 AND event_type = $2`, [caseId, type]))[0]?.id as string;

  it('refuses targets in private, loopback and link-local ranges, and plain http, with 422 and nothing written', async () => {
    for (const target of ['https://10.1.2.3/hook', 'https://192.168.0.10/hook', 'https://169.254.169.254/latest/meta-data', 'https://127.0.0.2/hook', 'https://0.0.0.0/hook', 'https://localhost/hook', 'https://[::1]/hook', 'https://[fd00::1]/hook', 'http://example.org/hook', 'https://user:pw@example.org/hook', 'geen-url']) {
      const res = await t.api().post('/webhooks').set(bearer(beheerder)).send({ url: target, eventTypes: ['*'] });
      expect([target, res.status, res.body.code]).toEqual([target, 422, 'WEBHOOK_TARGET_REFUSED']);
    }
    expect((await t.api().post('/webhooks').set(bearer(beheerder)).send({ url, eventTypes: ['GEEN_GEBEURTENIS'] }).expect(422)).body.code).toBe('WEBHOOK_EVENT_TYPE_UNKNOWN');
    const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM webhook_endpoints');
    expect(n).toBe(0);
    // Not the opdrachtgever's to configure.
    await t.api().post('/webhooks').set(bearer(roles.burgemeester)).send({ url, eventTypes: ['*'] }).expect(403);
  });

  it('delivers a signed event that the reference library verifies, without personal data', async () => {
    const { body: created } = await t.api().post('/webhooks').set(bearer(beheerder)).send({ url, eventTypes: ['ASSIGN_SCREENER', 'INVITE_CANDIDATE'] }).expect(201);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    endpointId = created.id;
    state.secret = created.secret;
    // Stored encrypted; never listed.
    const [stored] = await t.dataSource.query('SELECT secret_encrypted FROM webhook_endpoints WHERE id = $1', [endpointId]);
    expect(stored.secret_encrypted).not.toContain(created.secret.slice(6));
    expect(JSON.stringify((await t.api().get('/webhooks').set(bearer(beheerder)).expect(200)).body)).not.toContain(created.secret.slice(6));

    const id = await newCase('Wessel Webhook');
    await caseFlow(t).act(roles.burgemeester, id, 'ASSIGN_SCREENER', { screenerId: roles.screenerId });
    const delivery = await deliveryOf(id, 'ASSIGN_SCREENER');
    expect(await drain(delivery)).toBe('delivered');
    const received = state.requests.filter((r) => r.id === `msg_${delivery}`);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ verified: true, status: 204 });
    expect(received[0].body).toEqual({
      type: 'case.assign_screener',
      timestamp: expect.any(String),
      data: { caseId: id, caseReference: expect.stringMatching(/^BS-\d{4}-[0-9A-F]{6}$/), eventType: 'ASSIGN_SCREENER', phase: 'screenerToegewezen', sequence: 2, at: expect.any(String) },
    });
    expect(JSON.stringify(received[0].body)).not.toMatch(/Wessel|wessel@/);
    // An event type the endpoint did not ask for is not sent: none for the commissioning.
    expect(await deliveryOf(id, 'COMMISSION')).toBeUndefined();
  });

  it('retries with backoff: a receiver failing three times gets the event, and exactly one delivery is recorded', async () => {
    state.failNext = 3;
    const id = await newCase('Rina Retry');
    await caseFlow(t).act(roles.burgemeester, id, 'ASSIGN_SCREENER', { screenerId: roles.screenerId });
    const delivery = await deliveryOf(id, 'ASSIGN_SCREENER');
    // After the first failure the next try waits the base delay (1 s), then doubles. The service
    // itself also delivers right after the commit: wait until that first attempt is over.
    await service().deliverPending();
    let waiting: { status: string; attempts: number; wait: string } | undefined;
    for (let i = 0; i < 250 && (!waiting || waiting.status === 'sending'); i++) {
      if (waiting) await new Promise((r) => setTimeout(r, 20));
      [waiting] = await t.dataSource.query(`SELECT status, attempts, extract(epoch FROM next_attempt_at - now()) AS wait FROM webhook_deliveries WHERE id = $1`, [delivery]);
    }
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1 });
    expect(Number(waiting!.wait)).toBeGreaterThan(0);
    expect(await drain(delivery)).toBe('delivered');
    const received = state.requests.filter((r) => r.id === `msg_${delivery}`);
    expect(received.map((r) => r.status)).toEqual([503, 503, 503, 204]);
    expect(received.every((r) => r.verified)).toBe(true);
    const { body: log } = await t.api().get(`/webhooks/${endpointId}/deliveries`).set(bearer(beheerder)).expect(200);
    const entry = log.find((d: { id: string }) => d.id === delivery);
    expect(entry).toMatchObject({ status: 'delivered', attempts: 4 });
    expect(entry.log.map((a: { statusCode: number }) => a.statusCode)).toEqual([503, 503, 503, 204]);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE payload->'data'->>'caseId' = $1 AND status = 'delivered'`, [id]);
    expect(n).toBe(1);
  });

  it('dead-letters after the last try, and delivers on replay as the same message', async () => {
    state.failNext = 100;
    const id = await newCase('Dirk Dood');
    await caseFlow(t).act(roles.burgemeester, id, 'ASSIGN_SCREENER', { screenerId: roles.screenerId });
    const delivery = await deliveryOf(id, 'ASSIGN_SCREENER');
    expect(await drain(delivery)).toBe('dead');
    expect(state.requests.filter((r) => r.id === `msg_${delivery}`)).toHaveLength(4);
    state.failNext = 0;
    const replay = await t.api().post(`/webhooks/${endpointId}/deliveries/${delivery}/replay`).set(bearer(beheerder)).expect(202);
    expect(replay.body).toEqual({ id: delivery, status: 'pending' });
    expect(await drain(delivery)).toBe('delivered');
    const received = state.requests.filter((r) => r.id === `msg_${delivery}`);
    expect(received.map((r) => r.status)).toEqual([503, 503, 503, 503, 204]);
    // A delivery that is waiting cannot be replayed twice; an unknown one is 404.
    await t.api().post(`/webhooks/${endpointId}/deliveries/00000000-0000-4000-8000-000000000001/replay`).set(bearer(beheerder)).expect(404);
    // Deleting the endpoint stops it.
    await t.api().delete(`/webhooks/${endpointId}`).set(bearer(beheerder)).expect(204);
    expect((await t.api().get('/webhooks').set(bearer(beheerder)).expect(200)).body).toEqual([]);
    await t.api().get(`/webhooks/${endpointId}/deliveries`).set(bearer(beheerder)).expect(404);
  });
});
