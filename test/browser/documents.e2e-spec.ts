import * as path from 'node:path';
import { Browser } from 'playwright-core';
import { describeInBrowser, ensureWebBuilt, expectAccessible, launchBrowser, newPage, signIn } from '../support/browser';
import { caseAtAdvies, caseFlow, demoRoles } from '../support/cases';
import { outbox } from '../support/mail';
import { DEMO, startTestApp, TestApp } from '../support/test-app';

describeInBrowser('the summary for the formateur on the case page', () => {
  let t: TestApp;
  let browser: Browser;
  let caseId: string;

  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestApp();
    const roles = await demoRoles(t);
    caseId = (await caseAtAdvies(t, roles, { email: 'browser-document@example.nl', name: 'Bea Browser' })).id;
    await caseFlow(t).act(roles.burgemeester, caseId, 'GIVE_ADVICE', { conclusion: 'beheersbaar' });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.destroy();
  });

  it('makes the summary, sends it to the formateur, and shows to whom and when', async () => {
    const page = await newPage(browser, t);
    await signIn(page, DEMO.burgemeester);
    await page.goto(`/zaken/${caseId}`);
    await page.getByRole('heading', { name: 'Formateur, fractievoorzitter en raad' }).waitFor();
    await page.getByRole('button', { name: 'Samenvatting maken' }).click();
    // The first document starts a render worker (under ts-jest it compiles the renderer first): give it time on a loaded machine.
    await page.getByText('De samenvatting (versie 1) is gemaakt en ondertekend.').waitFor({ timeout: 60_000 });
    const form = page.getByRole('form', { name: 'Samenvatting risicoanalyse integriteit versturen' });
    await form.getByLabel('E-mailadres van de ontvanger').fill('geen-adres');
    await form.getByRole('button', { name: 'Versturen' }).click();
    await form.getByRole('heading', { name: 'Er is een probleem' }).waitFor();
    await form.getByLabel('Naam van de ontvanger').fill('Frida Formateur');
    await form.getByLabel('E-mailadres van de ontvanger').fill('frida@partij.example.nl');
    await form.getByRole('button', { name: 'Versturen' }).click();
    await page.getByText(/is verstuurd aan Frida Formateur/).waitFor();
    await page.getByText(/Verstuurd aan de formateur, Frida Formateur \(frida@partij\.example\.nl\)/).waitFor();
    await expectAccessible(page);
    if (process.env.SCREENSHOTS_DIR) await page.screenshot({ path: path.join(process.env.SCREENSHOTS_DIR, 'opdrachtgever-samenvatting.png'), fullPage: true });
    expect((await outbox(t)).filter((m) => m.headers.toLowerCase().includes('to: frida@partij.example.nl'))).toHaveLength(1);
  }, 120_000);
});
