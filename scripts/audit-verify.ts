// npm run audit:verify -- [--anchor <seq>:<hash>]
// Walks the audit chain over DATABASE_URL (give it read-only credentials) and reports the first
// broken link by sequence number. Exit code 0: intact; 1: broken; 2: could not run.
import { Client } from 'pg';
import { verifyStoredChain } from '../src/audit/audit.service';

async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('Set DATABASE_URL (read-only credentials suffice).');
    return 2;
  }
  const anchorArg = process.argv.find((a, i) => process.argv[i - 1] === '--anchor');
  const match = anchorArg ? /^(\d+):([0-9a-f]{64})$/.exec(anchorArg) : null;
  if (anchorArg && !match) {
    console.error('--anchor must be <seq>:<sha256 hex>');
    return 2;
  }
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    // A read-only transaction, not a session setting: the embedded engine shares one session.
    await client.query('BEGIN TRANSACTION READ ONLY');
    const started = performance.now();
    const result = await verifyStoredChain(async (sql, params) => (await client.query(sql, params)).rows, match ? { seq: Number(match[1]), hash: match[2] } : undefined);
    await client.query('COMMIT');
    console.log(JSON.stringify({ ...result, milliseconds: Math.round(performance.now() - started) }));
    return result.valid ? 0 : 1;
  } finally {
    await client.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`audit:verify failed: ${error.message}`);
    process.exit(2);
  },
);
