// Runs the build before `npm start` only when a source file is newer than the last build, so an
// unchanged checkout starts at once and an edited one never runs stale code.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const built = join(root, 'dist', 'src', 'main.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (/\.(ts|tsx|css|html)$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

const sources = ['src', 'workflows', 'scripts', 'web'].map((d) => join(root, d)).filter(existsSync);
const stale = !existsSync(built) || !existsSync(join(root, 'dist', 'web', 'index.html')) || Math.max(...sources.map(newestSource), statSync(join(root, 'package.json')).mtimeMs) > statSync(built).mtimeMs;
if (stale) execSync('npm run build', { stdio: 'inherit', cwd: root });
