import { Browser, Page } from 'playwright-core';
import * as path from 'node:path';
import { baseUrl, describeInBrowser, ensureWebBuilt, expectAccessible, launchBrowser, newPage, signIn } from '../support/browser';
import { inDays } from '../support/cases';
import { bearer, DEMO, startTestApp, TestApp } from '../support/test-app';

/** Screenshots to look at, when SCREENSHOTS_DIR is set (as in the other browser specs). */
async function shoot(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOTS_DIR) await page.screenshot({ path: path.join(process.env.SCREENSHOTS_DIR, name), fullPage: true });
}

interface FontInUse {
  family: string;
  loaded: boolean;
  sample: string;
}

/**
 * Every element with text of its own, with the first family of its computed font and whether that
 * face is loaded. Runs in the page (a string: the spec's TypeScript has no DOM library).
 */
const FONTS_IN_USE = `(() => {
  const seen = new Map();
  for (const element of Array.from(document.body.querySelectorAll('*'))) {
    const ownText = Array.from(element.childNodes).some((node) => node.nodeType === Node.TEXT_NODE && (node.textContent || '').trim() !== '');
    if (!ownText || !element.offsetParent) continue;
    const style = getComputedStyle(element);
    const family = style.fontFamily.split(',')[0].trim().replace(/^["']|["']$/g, '');
    const loaded = document.fonts.check(style.fontStyle + ' ' + style.fontWeight + ' 16px "' + family + '"', 'Ë')
      && Array.from(document.fonts).some((face) => face.family.replace(/["']/g, '') === family && face.status === 'loaded');
    const key = element.tagName + ':' + family;
    if (!seen.has(key)) seen.set(key, { family, loaded, sample: element.tagName.toLowerCase() + ' "' + (element.textContent || '').trim().slice(0, 30) + '"' });
  }
  return Array.from(seen.values());
})()`;

async function fontsInUse(page: Page): Promise<FontInUse[]> {
  await page.evaluate('document.fonts.ready.then(() => true)');
  return page.evaluate<FontInUse[]>(FONTS_IN_USE);
}

function expectThemeFonts(fonts: FontInUse[]): void {
  expect(fonts.length).toBeGreaterThan(3);
  const wrong = fonts.filter(({ family, loaded }) => !['Noto Sans', 'Noto Serif', 'Noto Sans Mono'].includes(family) || (family !== 'Noto Sans Mono' && !loaded));
  expect(wrong).toEqual([]);
}

describeInBrowser('the look and the frame of the web application', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.destroy();
  });

  it('uses the theme fonts, self-hosted, for every text on the sign-in page and the dossier list: no serif fallback', async () => {
    const page = await newPage(browser, t);
    const fontRequests: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'font') fontRequests.push(request.url());
    });
    await page.goto('/inloggen');
    await page.getByLabel('E-mailadres').waitFor();
    expectThemeFonts(await fontsInUse(page));
    await shoot(page, 'inloggen.png');

    await signIn(page, DEMO.burgemeester);
    await page.goto('/zaken');
    await page.getByRole('heading', { level: 1 }).waitFor();
    expectThemeFonts(await fontsInUse(page));
    await shoot(page, 'zaken.png');

    // Fonts come from the service itself, never from a CDN.
    expect(fontRequests.length).toBeGreaterThan(0);
    expect(fontRequests.filter((url) => !url.startsWith(`${baseUrl(t)}/assets/`))).toEqual([]);
    await page.context().close();
  });

  it('tells in Dutch, with Dutch field names, what is wrong on a form: empty told from invalid', async () => {
    const page = await newPage(browser, t);
    await page.goto('/inloggen');
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    const summary = page.locator('.basisscan-error-summary');
    await summary.getByRole('heading', { name: 'Er is een probleem' }).waitFor();
    const text = (await summary.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('E-mailadres: is verplicht');
    expect(text).toContain('Wachtwoord: is verplicht');
    expect(text).not.toMatch(/\b(email|password|should|must|is te kort)\b/i);
    await expectAccessible(page);
    await shoot(page, 'inloggen-fout-leeg.png');

    await page.getByLabel('E-mailadres').fill('geen-adres');
    await page.getByLabel('Wachtwoord').fill('iets');
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await summary.getByText('E-mailadres: moet een geldig e-mailadres zijn').waitFor();
    expect(await summary.innerText()).not.toMatch(/\b(email|password)\b/);
    await shoot(page, 'inloggen-fout-ongeldig.png');
    await page.context().close();
  });

  it('shows the dossier list on a phone (390 px) without sideways scrolling, each dossier readable with its labels', async () => {
    const token = await t.login(DEMO.burgemeester);
    await t.http().post('/cases').set(bearer(token)).send({ candidate: { name: 'Anna Jansen', email: 'anna.telefoon@example.org' }, plannedAppointmentDate: inDays(30) }).expect(201);
    const page = await newPage(browser, t);
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, DEMO.burgemeester);
    await page.goto('/zaken');
    const table = page.getByRole('table', { name: /Risicoanalyses integriteit/ });
    await table.waitFor();
    expect(await page.title()).toBe('Dossiers – Basisscan integriteit');
    const widths = await page.evaluate<{ scroll: number; client: number; wrap: number; wrapClient: number }>(
      `(() => { const wrap = document.querySelector('.basisscan-table-scroll'); return { scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth, wrap: wrap.scrollWidth, wrapClient: wrap.clientWidth }; })()`,
    );
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    expect(widths.wrap).toBeLessThanOrEqual(widths.wrapClient);
    // Each line says what it is (the column header, shown before the value).
    expect(await page.evaluate(`getComputedStyle(document.querySelector('td[data-label="Beoogde benoemingsdatum"]'), '::before').content`)).toBe('"Beoogde benoemingsdatum: "');
    expectThemeFonts(await fontsInUse(page));
    await expectAccessible(page);
    await shoot(page, 'zaken-telefoon.png');
    // The case page's tab names the dossier by its reference, never by the candidate's name.
    const reference = (await table.getByRole('link').first().innerText()).trim();
    await table.getByRole('link', { name: reference }).click();
    await page.getByRole('heading', { level: 1, name: 'Risicoanalyse Anna Jansen' }).waitFor();
    expect(await page.title()).toBe(`Dossier ${reference} – Basisscan integriteit`);
    await page.context().close();
  });

  it('answers an unknown path with the application\'s "Pagina niet gevonden" page (404), and the API with problem+json', async () => {
    const page = await newPage(browser, t);
    const response = await page.goto('/bestaat-niet/ook-niet');
    expect(response?.status()).toBe(404);
    expect(response?.headers()['content-type']).toMatch(/text\/html/);
    await page.getByRole('heading', { level: 1, name: 'Pagina niet gevonden' }).waitFor();
    expect(await page.title()).toBe('Pagina niet gevonden – Basisscan integriteit');
    expectThemeFonts(await fontsInUse(page));
    await expectAccessible(page);
    await shoot(page, 'niet-gevonden.png');
    await page.getByRole('link', { name: 'Naar de startpagina' }).click();
    await page.waitForURL('**/inloggen');
    await page.context().close();

    const api = await fetch(`${baseUrl(t)}/api/v1/bestaat-niet`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const json = await fetch(`${baseUrl(t)}/bestaat-niet`, { headers: { accept: 'application/json' } });
    expect(json.status).toBe(404);
    expect(json.headers.get('content-type')).not.toMatch(/text\/html/);
  });
});
