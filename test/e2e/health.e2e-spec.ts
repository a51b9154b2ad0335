import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { EmbeddedPostgres, startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { DEMO, DEMO_PASSWORD, PROBLEM, seedDataDirFromTemplate, startTestApp, TestApp } from '../support/test-app';

/** How long the service may take to notice an outage or a recovery (the readiness ping times out after 2 s). */
const SETTLE_MS = 15_000;

describe('health checks (GET /health, GET /health/live)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.destroy());

  it('reports ready, with the database up and its engine named, without a token', async () => {
    const res = await t.http().get('/health').expect(200);
    const database = { status: 'up', engine: process.env.TEST_DATABASE_URL ? 'postgresql' : 'embedded (PGlite)' };
    expect(res.body).toEqual({ status: 'ok', info: { database }, error: {}, details: { database } });
    expect(res.headers['cache-control']).toMatch(/no-store/);
  });

  it('reports live without a token', async () => {
    const res = await t.http().get('/health/live').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});

describe('database outage and recovery, behind a TCP proxy', () => {
  let database: { url: string; stop(): Promise<void> };
  let proxy: CuttableProxy;
  let t: TestApp;

  beforeAll(async () => {
    database = await startBackingDatabase();
    const upstream = new URL(database.url);
    proxy = await CuttableProxy.start(upstream.hostname, Number(upstream.port));
    const viaProxy = new URL(database.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    t = await startTestApp({ DATABASE_URL: viaProxy.toString(), SEED_DEMO: 'true' });
  });

  afterAll(async () => {
    await proxy?.restore().catch(() => undefined);
    await t?.destroy();
    await proxy?.close();
    await database?.stop();
  });

  const login = () => t.http().post('/auth/login').send({ email: DEMO.burgemeester, password: DEMO_PASSWORD });

  it('is ready and signs in before the outage', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body.details.database).toEqual({ status: 'up', engine: 'postgresql' });
    await login().expect(200);
  });

  it('answers 503 in the standard error shape while the database is unreachable, and stays live', async () => {
    await proxy.cut();

    const health = await eventually(() => t.http().get('/health'), (res) => res.status === 503);
    expect(health.body).toEqual({
      ...PROBLEM,
      statusCode: 503,
      code: 'SERVICE_UNAVAILABLE',
      message: expect.stringMatching(/tijdelijk niet beschikbaar/),
      details: { database: { status: 'down', engine: 'postgresql', message: 'Database niet bereikbaar' } },
      traceId: expect.any(String),
    });
    expect(Number(health.headers['retry-after'])).toBeGreaterThan(0);

    const live = await t.http().get('/health/live').expect(200);
    expect(live.body).toEqual({ status: 'ok' });

    const res = await login().expect(503);
    expect(res.body).toEqual({
      ...PROBLEM,
      statusCode: 503,
      code: 'SERVICE_UNAVAILABLE',
      message: 'De dienst is tijdelijk niet beschikbaar; probeer het later opnieuw.',
      traceId: expect.any(String),
    });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.text).not.toMatch(/\bat \S+ \(|\.ts:\d+|ECONN|SELECT|INSERT|login_failures|127\.0\.0\.1/i);
  });

  it('recovers without a restart once the database is reachable again', async () => {
    await proxy.restore();

    const health = await eventually(() => t.http().get('/health'), (res) => res.status === 200);
    expect(health.body.details.database).toEqual({ status: 'up', engine: 'postgresql' });

    const res = await eventually(login, (r) => r.status === 200);
    expect(res.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: expect.any(Number) });
    await t.http().get('/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
  });
});

/**
 * Asks again until the answer is as expected or SETTLE_MS has passed; returns the last answer,
 * so a failing expectation afterwards shows what the service said.
 */
async function eventually<T>(ask: () => PromiseLike<T>, done: (answer: T) => boolean): Promise<T> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const answer = await ask();
    if (done(answer) || Date.now() > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A fresh database on TEST_DATABASE_URL's server, or an embedded engine of its own. */
async function startBackingDatabase(): Promise<{ url: string; stop(): Promise<void> }> {
  const server = process.env.TEST_DATABASE_URL;
  if (server) {
    const name = `basisscan_health_${randomBytes(6).toString('hex')}`;
    await adminQuery(server, `CREATE DATABASE ${name}`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    return { url: url.toString(), stop: () => adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'basisscan-health-db-'));
  seedDataDirFromTemplate(dataDir);
  const embedded: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir, port: 0 });
  return {
    url: embedded.url,
    async stop() {
      await embedded.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function adminQuery(server: string, sql: string): Promise<void> {
  const admin = new Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** Forwards TCP connections to the database; `cut` drops every connection and refuses new ones until `restore`. */
class CuttableProxy {
  private readonly sockets = new Set<net.Socket>();
  private readonly server: net.Server;

  private constructor(
    private readonly upstreamHost: string,
    private readonly upstreamPort: number,
  ) {
    this.server = net.createServer((client) => this.forward(client));
  }

  static async start(upstreamHost: string, upstreamPort: number): Promise<CuttableProxy> {
    const proxy = new CuttableProxy(upstreamHost, upstreamPort);
    await proxy.listen(0);
    return proxy;
  }

  port = 0;

  async cut(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  async restore(): Promise<void> {
    if (!this.server.listening) await this.listen(this.port);
  }

  async close(): Promise<void> {
    if (this.server.listening) await this.cut();
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        this.port = (this.server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  }

  private forward(client: net.Socket): void {
    const upstream = net.connect(this.upstreamPort, this.upstreamHost);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
