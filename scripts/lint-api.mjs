// Lints the served OpenAPI document with the NL API Design Rules (the Logius Spectral ruleset,
// kept unchanged in scripts/nl-api-design-rules.spectral.yml so this runs offline): starts the
// built service on a fresh embedded database, fetches /api/v1/openapi.json, runs Spectral, stops
// the service. Exit code: Spectral's (non-zero on any error). `--out <file>` keeps the document.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1] : undefined;
const port = 3990 + Math.floor(Math.random() * 9);
const dataDir = mkdtempSync(join(tmpdir(), 'basisscan-lint-api-'));
const base = `http://127.0.0.1:${port}`;
const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '', SEED_DEMO: 'false' };

if (spawnSync(process.execPath, ['scripts/build-if-stale.mjs'], { stdio: 'inherit' }).status !== 0) process.exit(1);
const child = spawn(process.execPath, ['dist/src/main.js'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
const exited = new Promise((resolve) => child.once('exit', resolve));
let document;
try {
  const started = Date.now();
  for (const path of ['/api/v1/openapi.json', '/docs-json']) {
    while (!document && Date.now() - started < 30_000) {
      const res = await fetch(`${base}${path}`).catch(() => undefined);
      if (res?.status === 200) document = await res.text();
      else if (res?.status === 404) break;
      else await new Promise((r) => setTimeout(r, 200));
    }
  }
} finally {
  child.kill('SIGTERM');
  await exited;
  rmSync(dataDir, { recursive: true, force: true });
}
if (!document) {
  console.error('lint:api: the service did not serve its OpenAPI document within 30 s');
  process.exit(1);
}
const file = out ?? join(mkdtempSync(join(tmpdir(), 'basisscan-openapi-')), 'openapi.json');
writeFileSync(file, document);
const result = spawnSync(
  process.execPath,
  ['node_modules/@stoplight/spectral-cli/dist/index.js', 'lint', '--ruleset', 'scripts/nl-api-design-rules.spectral.yml', file, ...process.argv.slice(2).filter((a, i, all) => a !== '--out' && all[i - 1] !== '--out')],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
