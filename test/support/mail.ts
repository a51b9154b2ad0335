import * as fs from 'node:fs';
import * as path from 'node:path';
import { OutboxService } from '../../src/candidates/outbox.service';
import { TestApp } from './test-app';

/** Decodes a quoted-printable body, as nodemailer writes it. */
export function decodeQuotedPrintable(body: string): string {
  const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** Delivers pending mail and returns the .eml files in DATA_DIR/outbox, newest last, decoded. */
export async function outbox(t: TestApp): Promise<{ file: string; headers: string; body: string }[]> {
  // The service also delivers right after each commit; wait until nothing is pending (bounded).
  for (let i = 0; i < 100; i++) {
    await t.app.get(OutboxService).deliverPending();
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox_mail WHERE status IN ('pending', 'sending')`);
    if (n === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const dir = path.join(t.config.dataDir, 'outbox');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((name) => path.join(dir, name))
    .sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs)
    .map((file) => {
      const raw = fs.readFileSync(file, 'utf8');
      const split = raw.indexOf('\n\n');
      // Headers unfolded (RFC 5322 folds long ones onto indented lines).
      return { file, headers: raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' '), body: decodeQuotedPrintable(raw.slice(split + 2)) };
    });
}

/** The invitation code from the newest invitation mail to `address`. */
export async function invitationCode(t: TestApp, address: string): Promise<string> {
  const mails = (await outbox(t)).filter((m) => m.headers.toLowerCase().includes(`to: ${address.toLowerCase()}`));
  const match = /#code=([A-Za-z0-9_-]+)/.exec(mails[mails.length - 1]?.body ?? '');
  if (!match) throw new Error(`no invitation mail to ${address}`);
  return match[1];
}
