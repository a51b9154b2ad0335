// Initialises an empty PGlite cluster once, at build time, so the service's first start copies it
// (well under a second) instead of running initdb (several seconds). Keyed by PGlite's version.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { PGlite } = require('@electric-sql/pglite');
const version = JSON.parse(readFileSync(join(dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json'), 'utf8')).version;
const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', `pgdata-template-${version}`);

if (existsSync(target)) {
  console.log(`PGlite template up to date: ${target}`);
} else {
  const started = Date.now();
  const staging = `${target}.tmp-${process.pid}`;
  mkdirSync(dirname(target), { recursive: true });
  const db = await PGlite.create(staging);
  await db.close();
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
  console.log(`PGlite template initialised in ${Date.now() - started} ms: ${target}`);
}
