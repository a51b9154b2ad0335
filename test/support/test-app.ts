import { Database } from '../../src/database/database.module';
import { NestExpressApplication } from '@nestjs/platform-express';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { API_BASE } from '../../src/common/api-version';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { createDatabase, withClient } from './databases';

export const DEMO_PASSWORD = 'Test-Demo-Wachtwoord-1';

export const DEMO = {
  burgemeester: 'burgemeester@voorbeeldstad.nl',
  auditor: 'auditor@voorbeeldstad.nl',
  beheerder: 'beheerder@voorbeeldstad.nl',
  griffier: 'griffier@voorbeeldstad.nl',
  burgemeesterAnderdorp: 'burgemeester@anderdorp.nl',
  screener: 'screener@integriteitsbureau.nl',
} as const;

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  dataSource: DataSource;
  http: () => ReturnType<typeof request>;
  /** Requests on the versioned API: `t.api().get('/cases')` asks `/api/v1/cases`. New tests use this. */
  api: () => VersionedAgent;
  login(email: string, password?: string): Promise<string>;
  /** Closes the app; the database stays, so `startTestApp` with `reuse` can open it again. */
  close(): Promise<void>;
  /** Closes the app and removes its database. */
  destroy(): Promise<void>;
  env: Record<string, string>;
}

/**
 * Starts the real service, as `npm start` does, on a database of its own: the server named by
 * TEST_DATABASE_URL (a fresh database per app) or, by default, the embedded engine in a fresh
 * DATA_DIR.
 */
/** `port` 0 picks a free one; a fixed port is for tests whose PUBLIC_URL must be the app's real address. */
export async function startTestApp(overrides: Record<string, string> = {}, reuse?: TestApp, port = 0): Promise<TestApp> {
  const env: Record<string, string> = reuse
    ? { ...reuse.env, ...overrides }
    : {
        LOG_LEVEL: 'silent',
        SEED_DEMO: 'true',
        // The demo formation's cases would be in every suite's lists; its own spec turns it on.
        SEED_DEMO_FORMATION: 'false',
        DEMO_PASSWORD,
        RATE_LIMIT_PER_MINUTE: '100000',
        DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'basisscan-test-')),
        ...(await freshDatabase(overrides)),
        ...overrides,
      };
  if (!reuse && !env.DATABASE_URL) seedDataDirFromTemplate(env.DATA_DIR);
  if (!reuse) seedSigningIdentity(env.DATA_DIR);
  const config = loadConfig(env);
  const app = await createApp(config);
  await app.listen(port, '127.0.0.1');
  const server = app.getHttpServer();
  const dataSource = app.get(DataSource);
  const testApp: TestApp = {
    app,
    config,
    dataSource,
    env,
    http: () => request(server),
    api: () => versioned(request(server)),
    async login(email, password = DEMO_PASSWORD) {
      const res = await request(server).post('/auth/login').send({ email, password });
      if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.accessToken as string;
    },
    async close() {
      await app.close();
    },
    async destroy() {
      await app.close();
      if (env.DATABASE_URL && process.env.TEST_DATABASE_URL && !overrides.DATABASE_URL) await dropDatabase(env.DATABASE_URL);
      fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
    },
  };
  return testApp;
}

async function freshDatabase(overrides: Record<string, string>): Promise<Record<string, string>> {
  if (overrides.DATABASE_URL !== undefined) return {};
  const server = process.env.TEST_DATABASE_URL;
  if (!server) return {};
  return { DATABASE_URL: (await createDatabase('basisscan_test', server)).url };
}

async function dropDatabase(databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  await withClient(process.env.TEST_DATABASE_URL!, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

export function seedDataDirFromTemplate(dataDir: string): void {
  const template = process.env.BASISSCAN_PGDATA_TEMPLATE;
  const target = path.join(dataDir, 'pgdata');
  if (template && !fs.existsSync(target)) fs.cpSync(template, target, { recursive: true });
}

/** The report test certificate made once in globalSetup, instead of a new key per test app. */
export function seedSigningIdentity(dataDir: string): void {
  const template = process.env.BASISSCAN_SIGNING_TEMPLATE;
  const target = path.join(dataDir, 'keys');
  if (!template || fs.existsSync(target)) return;
  fs.cpSync(template, target, { recursive: true });
}

type Agent = ReturnType<typeof request>;
export type VersionedAgent = Pick<Agent, 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head'>;

/** The same agent, with every path under the API's versioned base. */
function versioned(agent: Agent): VersionedAgent {
  return {
    get: (path: string) => agent.get(`${API_BASE}${path}`),
    post: (path: string) => agent.post(`${API_BASE}${path}`),
    put: (path: string) => agent.put(`${API_BASE}${path}`),
    patch: (path: string) => agent.patch(`${API_BASE}${path}`),
    delete: (path: string) => agent.delete(`${API_BASE}${path}`),
    head: (path: string) => agent.head(`${API_BASE}${path}`),
  } as VersionedAgent;
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** The RFC 9457 members every error answer has besides our own (statusCode, code, message, details, traceId). */
export const PROBLEM = {
  type: expect.stringMatching(/^urn:basisscan:probleem:[A-Z][A-Z0-9_]*$/),
  title: expect.any(String),
  status: expect.any(Number),
  detail: expect.any(String),
  instance: expect.stringMatching(/^\//),
};

/** The error body minus its trace id and the path it answered (`instance`), to compare two answers. */
export const withoutTrace = (body: Record<string, unknown>) => {
  const { traceId: _traceId, instance: _instance, ...rest } = body;
  return rest;
};

/** A supertest parser that hands a binary answer (a PDF, a certificate) over as one Buffer. */
export const binaryBody = (res: { on: (event: string, listener: (chunk?: Buffer) => void) => void }, done: (error: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk) => chunks.push(chunk as Buffer));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/**
 * The environment of a second instance of `first`'s service on the same database: as in
 * production, every instance shares the master data key and the token signing key (else the
 * second cannot open the first's cases, nor recognise its pseudonyms and tokens).
 */
export function sameKeysAs(first: TestApp): Record<string, string> {
  const keys = path.join(first.config.dataDir, 'keys');
  return {
    DATABASE_URL: first.app.get(Database).connectionUrl,
    DATA_ENCRYPTION_KEY: fs.readFileSync(path.join(keys, 'data-encryption.key'), 'utf8').trim(),
    JWT_PRIVATE_KEY: fs.readFileSync(path.join(keys, 'jwt-ed25519.pem'), 'utf8'),
  };
}
