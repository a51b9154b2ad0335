import * as fs from 'node:fs';
import * as path from 'node:path';
import { EnvironmentVariables } from '../../src/config/app-config';

const ROOT = path.join(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** The README is the front door and docs/ the reference: both must stay true to the code. */
describe('README and docs/', () => {
  it('document every environment variable in docs/configuration.md', () => {
    const documented = read('docs/configuration.md');
    const variables = [...Object.keys(new EnvironmentVariables()), 'DATABASE_URL', 'SEED_DEMO', 'PUBLIC_URL', 'JWT_PRIVATE_KEY', 'DATA_ENCRYPTION_KEY', 'SMTP_URL', 'API_SERVER_URL', 'API_CONTACT_EMAIL', 'API_CONTACT_URL'];
    expect(variables.filter((v) => !documented.includes(`| \`${v}\` |`))).toEqual([]);
  });

  it('link only to files that exist', () => {
    const broken: string[] = [];
    for (const file of ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)]) {
      for (const [, target] of read(file).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target)) continue;
        const exists = fs.existsSync(path.join(ROOT, path.dirname(file), target));
        if (!exists) broken.push(`${file} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('keep the README a front door with a quick start whose test command is the one CI runs', () => {
    const readme = read('README.md');
    expect(readme).toMatch(/^## Quick start$/m);
    expect(readme.split('\n').length).toBeLessThan(120);
    expect(readme).toContain('npm ci && npm run test:all');
    expect(read('.ci/run')).toMatch(/^npm run test:all$/m);
  });
});
