// Starts the built service as an operator would (node dist/src/main.js) on a fresh embedded
// database, twice, and checks that /health answers within 15 s and that data survives the restart.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const port = 3900 + Math.floor(Math.random() * 90);
const dataDir = mkdtempSync(join(tmpdir(), 'basisscan-smoke-'));
const base = `http://127.0.0.1:${port}`;
const env = { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '' };

async function start(label) {
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/src/main.js'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  while (performance.now() - started < 15_000) {
    const ok = await fetch(`${base}/health`).then((r) => r.status === 200, () => false);
    if (ok) {
      console.log(`${label}: /health 200 after ${Math.round(performance.now() - started)} ms`);
      return { child, exited };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${label}: /health not 200 within 15 s`);
}

async function stop({ child, exited }) {
  child.kill('SIGTERM');
  await exited;
}

const json = (method, path, body, token) =>
  fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  }).then(async (r) => ({ status: r.status, headers: r.headers, body: await r.json() }));

try {
  let service = await start('first start (new data directory)');
  const login = await json('POST', '/api/v1/auth/login', { email: 'beheerder@voorbeeldstad.nl', password: 'Voorbeeld-2026!' });
  if (login.status !== 200) throw new Error(`demo login failed: ${login.status}`);
  const created = await json('POST', '/api/v1/users', { email: 'smoke@voorbeeldstad.nl', name: 'Smoke', roles: ['auditor'] }, login.body.accessToken);
  if (created.status !== 201) throw new Error(`creating a user failed: ${created.status}`);
  if (!created.headers.get('api-version')) throw new Error('no API-Version header on an API answer');
  // The web application comes from the same origin, and its pages are served for browser navigation.
  const page = await fetch(`${base}/zaken`, { headers: { Accept: 'text/html' } });
  const html = await page.text();
  if (page.status !== 200 || !html.includes('<div id="root">')) throw new Error(`the web application is not served: ${page.status}`);
  const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  if (!asset || (await fetch(`${base}${asset}`)).status !== 200) throw new Error('the web application\'s script is not served');
  console.log('web application served');
  await stop(service);

  service = await start('restart (existing data directory)');
  const fetched = await json('GET', `/api/v1/users/${created.body.id}`, undefined, login.body.accessToken);
  // The unversioned path still answers for one release, marked deprecated.
  const legacy = await json('GET', `/users/${created.body.id}`, undefined, login.body.accessToken);
  await stop(service);
  if (legacy.status !== 200 || !legacy.headers.get('deprecation')) throw new Error(`the deprecated unversioned path does not answer as such: ${legacy.status}`);
  if (fetched.status !== 200 || fetched.body.email !== 'smoke@voorbeeldstad.nl') throw new Error('data or signing key did not survive the restart');
  console.log('data and signing key survived the restart');
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
