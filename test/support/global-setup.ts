import { PGlite } from '@electric-sql/pglite';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureTestSigningIdentity } from '../../src/reports/signing';

/**
 * Initialising a PGlite cluster takes seconds; copying an initialised one takes milliseconds.
 * Each embedded test app starts from a copy of this template (migrations still run per app).
 */
export default async function globalSetup(): Promise<void> {
  // Generating the report test certificate takes most of a second; each test app gets a copy.
  const keys = fs.mkdtempSync(path.join(os.tmpdir(), 'basisscan-signing-'));
  ensureTestSigningIdentity(keys, 'Basisscan');
  process.env.BASISSCAN_SIGNING_TEMPLATE = keys;
  if (process.env.TEST_DATABASE_URL) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'basisscan-pgtemplate-'));
  const db = await PGlite.create(path.join(dir, 'pgdata'));
  await db.close();
  process.env.BASISSCAN_PGDATA_TEMPLATE = path.join(dir, 'pgdata');
}
