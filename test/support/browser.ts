import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Browser, chromium, Page } from 'playwright-core';
import { DEMO_PASSWORD, TestApp } from './test-app';
import { hasTool } from './tools';

/**
 * Real browser tests: Debian's Chromium driven by playwright-core, against the test app serving
 * the built web application from the same origin. `.ci/run` installs Chromium; without it these
 * tests are skipped with a notice (and fail under CI).
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function describeInBrowser(title: string, body: () => void): void {
  const present = fs.existsSync(CHROMIUM);
  if (present) return describe(title, body);
  if (process.env.CI) {
    describe(title, () => {
      it('needs Chromium', () => {
        throw new Error(`${CHROMIUM} not found; .ci/run installs the chromium package`);
      });
    });
    return;
  }
  console.warn(`Skipping "${title}": ${CHROMIUM} not found (apt-get install chromium).`);
  describe.skip(title, body);
}

const ROOT = path.resolve(__dirname, '../..');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return latest;
}

/** Builds the web application when its sources are newer than the build (npm ci builds it too). */
export function ensureWebBuilt(): void {
  const index = path.join(ROOT, 'dist', 'web', 'index.html');
  const sources = Math.max(newest(path.join(ROOT, 'web', 'src')), fs.statSync(path.join(ROOT, 'web', 'index.html')).mtimeMs);
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= sources) return;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', path.join(ROOT, 'web', 'vite.config.mts'), '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // As root in a container, without the network services Chromium phones home to.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** The base URL of a running test app. */
export function baseUrl(t: TestApp): string {
  const address = t.app.getHttpServer().address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}

/** Errors the pages logged (script errors, CSP refusals), for a spec to assert there were none. */
export const pageErrors: string[] = [];

/** A fresh browser context (own cookies) with a page, Dutch locale. */
export async function newPage(browser: Browser, t: TestApp): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl(t), locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/.test(message.text())) pageErrors.push(`${page.url()}: ${message.text()}`);
  });
  return page;
}

/** Signs in through the sign-in page, as a person would. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/inloggen');
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.getByRole('button', { name: 'Afmelden' }).waitFor();
}

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core on the current page, WCAG 2.1 A and AA rules; returns the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol: the page's CSP rightly refuses an inline script tag.
  await page.evaluate(AXE);
  // A string, so the test program needs no DOM types: it runs in the page.
  const violations = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((result) => result.violations)`,
  )) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
}

/** Fails with the page's URL and the violations, readable, when axe finds serious or critical ones. */
export async function expectAccessible(page: Page): Promise<void> {
  const violations = await seriousViolations(page);
  expect({ url: page.url(), violations }).toEqual({ url: page.url(), violations: [] });
}

export { hasTool };
