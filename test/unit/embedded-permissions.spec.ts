import { Logger } from '@nestjs/common';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

/** Every file and directory under `root` that others may read, write or enter, with its mode. */
function openToOthers(root: string): string[] {
  const open: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) continue;
      const mode = fs.statSync(full).mode & 0o777;
      if (mode & 0o077) open.push(`${path.relative(root, full)} ${mode.toString(8)}`);
      if (entry.isDirectory()) walk(full);
    }
  };
  if (fs.statSync(root).mode & 0o077) open.push(`. ${(fs.statSync(root).mode & 0o777).toString(8)}`);
  walk(root);
  return open;
}

describe('the embedded engine keeps its files to itself (#14, 7)', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('closes the cluster (0600/0700) in a DATA_DIR made beforehand and open to others, and warns about DATA_DIR', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'basisscan-perm-'));
    dirs.push(dataDir);
    fs.chmodSync(dataDir, 0o777); // a volume or `mkdir` under a permissive umask
    const template = process.env.BASISSCAN_PGDATA_TEMPLATE;
    if (template) {
      // A cluster copied with world-writable modes, as from a template under umask 000.
      fs.cpSync(template, path.join(dataDir, 'pgdata'), { recursive: true });
      const loosen = (dir: string) => {
        fs.chmodSync(dir, 0o777);
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) (e.isDirectory() ? loosen : (f: string) => fs.chmodSync(f, 0o666))(path.join(dir, e.name));
      };
      loosen(path.join(dataDir, 'pgdata'));
    }
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const engine = await startEmbeddedPostgres({ dataDir, port: 0 });
      await engine.stop();
      expect(openToOthers(path.join(dataDir, 'pgdata'))).toEqual([]);
      expect(warn.mock.calls.map((call) => String(call[0])).join('\n')).toMatch(/DATA_DIR .* is open to other users \(mode 0777\)/);
    } finally {
      warn.mockRestore();
    }
  }, 60_000);

  it('makes a new DATA_DIR 0700, whatever the umask', async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'basisscan-perm-'));
    dirs.push(parent);
    const dataDir = path.join(parent, 'nieuw');
    const umask = process.umask(0);
    try {
      const engine = await startEmbeddedPostgres({ dataDir, port: 0 });
      await engine.stop();
    } finally {
      process.umask(umask);
    }
    expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(openToOthers(path.join(dataDir, 'pgdata'))).toEqual([]);
  }, 60_000);
});
