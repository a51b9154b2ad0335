import * as fs from 'node:fs';
import { Browser, Page } from 'playwright-core';
import { caseAtAdvies, demoRoles, inDays } from '../support/cases';
import { describeInBrowser, ensureWebBuilt, expectAccessible, launchBrowser, newPage, signIn } from '../support/browser';
import { DEMO, startTestApp, TestApp } from '../support/test-app';

/** The phase the stepper marks as current. */
const currentStep = (page: Page) => page.locator('.basisscan-stepper [aria-current="step"]');

describeInBrowser('the opdrachtgever in the web application', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestApp();
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.destroy();
  });

  it('commissions a case, assigns the screener, invites the candidate and records the VOG request', async () => {
    const page = await newPage(browser, t);
    await signIn(page, DEMO.burgemeester);
    await page.waitForURL('**/zaken');
    await page.getByRole('heading', { name: 'Dossiers', level: 1 }).waitFor();
    await expectAccessible(page);

    await page.getByRole('main').getByRole('link', { name: 'Nieuwe risicoanalyse' }).click();
    await page.getByRole('heading', { name: 'Nieuwe risicoanalyse', level: 1 }).waitFor();
    await expectAccessible(page);

    // First with a planned appointment in the past: the error summary names the field.
    await page.getByLabel('Naam van de kandidaat').fill('Sanne de Boer');
    await page.getByLabel('E-mailadres van de kandidaat').fill('sanne.deboer@example.nl');
    await page.getByLabel('Beoogde benoemingsdatum').fill(inDays(-3));
    await page.getByRole('button', { name: 'Risicoanalyse aanmaken' }).click();
    await page.getByRole('heading', { name: 'Er is een probleem' }).waitFor();
    await page.getByRole('link', { name: /Beoogde benoemingsdatum: ligt in het verleden/ }).waitFor();
    expect(await page.getByLabel('Beoogde benoemingsdatum').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);

    await page.getByLabel('Beoogde benoemingsdatum').fill(inDays(40));
    await page.getByRole('button', { name: 'Risicoanalyse aanmaken' }).click();
    await page.waitForURL(/\/zaken\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Risicoanalyse Sanne de Boer', level: 1 }).waitFor();
    await page.getByRole('status').getByText('De risicoanalyse is aangemaakt.').waitFor();
    expect(await currentStep(page).textContent()).toContain('Opdracht verleend');
    await expectAccessible(page);

    // An address that is not a screener's: the lookup says so at the field.
    await page.getByRole('button', { name: 'Screener toewijzen' }).click();
    await page.getByLabel('E-mailadres van de screener').fill('niemand@example.nl');
    await page.getByRole('button', { name: 'Screener zoeken en toewijzen' }).click();
    await page.getByRole('link', { name: /E-mailadres van de screener: er is geen screener met dit e-mailadres/ }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('E-mailadres van de screener').fill(DEMO.screener);
    await page.getByRole('button', { name: 'Screener zoeken en toewijzen' }).click();
    await page.getByRole('status').getByText(/De screener is toegewezen/).waitFor();
    await currentStep(page).getByText('Screener toegewezen').waitFor();

    await page.getByRole('button', { name: 'Kandidaat uitnodigen (of opnieuw uitnodigen)' }).click();
    await page.getByRole('status').getByText('Vastgelegd: Kandidaat uitnodigen (of opnieuw uitnodigen).').waitFor();
    await currentStep(page).getByText('Toestemming gevraagd').waitFor();

    await page.getByRole('button', { name: 'VOG-aanvraag vastleggen' }).click();
    await page.getByRole('button', { name: 'Datum van de aanvraag vastleggen' }).click();
    await page.getByRole('status').getByText('Vastgelegd: VOG-aanvraag vastleggen.').waitFor();
    await page.getByText('Aangevraagd bij Justis').first().waitFor();
    expect(await currentStep(page).textContent()).toContain('Toestemming gevraagd');
    await expectAccessible(page);

    // The case is in the list, and the tasks page shows what waits.
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Dossiers' }).click();
    await page.getByRole('table').getByRole('cell', { name: 'Toestemming gevraagd' }).first().waitFor();
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Wat ligt er bij mij' }).click();
    await page.getByRole('heading', { name: 'Wat ligt er bij mij', level: 1 }).waitFor();
    await page.getByText(/Er ligt nu niets bij u|Wat u nu kunt doen, per dossier/).waitFor();
    await expectAccessible(page);
    await page.context().close();
  });

  it('gives the advice, makes the signed report and downloads it; the auditor sees the trail', async () => {
    const roles = await demoRoles(t);
    const c = await caseAtAdvies(t, roles, { email: 'fatma.ozturk@example.nl', name: 'Fatma Öztürk' });

    const page = await newPage(browser, t);
    await signIn(page, DEMO.burgemeester);
    await page.goto(`/zaken/${c.id}`);
    await page.getByRole('heading', { name: 'Risicoanalyse Fatma Öztürk', level: 1 }).waitFor();
    expect(await currentStep(page).textContent()).toContain('Advies');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Advies geven' }).click();
    await page.getByRole('radio', { name: 'Risico’s beheersbaar' }).check();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Advies vastleggen' }).click();
    await page.getByRole('status').getByText('Vastgelegd: Advies geven.').waitFor();
    await currentStep(page).getByText('Raad informeren').waitFor();

    await page.getByRole('button', { name: 'Rapport maken' }).click();
    await page.getByRole('status').getByText('Versie 1 van het rapport is gemaakt en ondertekend.').waitFor();
    await page.getByRole('table', { name: 'Versies van het rapport' }).waitFor();
    await expectAccessible(page);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Downloaden (versie 1)' }).click()]);
    expect(download.suggestedFilename()).toBe('risicoanalyse-integriteit-versie-1.pdf');
    const file = await download.path();
    expect(fs.readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.context().close();

    // The assigned screener sees the same case, with a link to the research file and the download.
    const screener = await newPage(browser, t);
    await signIn(screener, DEMO.screener);
    await screener.goto(`/zaken/${c.id}`);
    await screener.getByRole('link', { name: 'Onderzoeksdossier' }).waitFor();
    await screener.getByRole('button', { name: 'Downloaden (versie 1)' }).waitFor();
    await screener.context().close();

    // The auditor reads the process trail and the report versions, without actions or downloads.
    const audit = await newPage(browser, t);
    await signIn(audit, DEMO.auditor);
    await audit.goto(`/zaken/${c.id}`);
    await audit.getByRole('table', { name: 'Procesverloop: elke vastgelegde stap' }).getByRole('rowheader', { name: 'Advies geven' }).waitFor();
    await audit.getByRole('table', { name: 'Versies van het rapport' }).waitFor();
    expect(await audit.getByRole('button', { name: /Downloaden/ }).count()).toBe(0);
    expect(await audit.getByRole('heading', { name: 'Wat u nu kunt doen' }).count()).toBe(0);
    await expectAccessible(audit);
    await audit.context().close();
  });
});
