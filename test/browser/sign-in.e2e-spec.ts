import { Browser } from 'playwright-core';
import { describeInBrowser, ensureWebBuilt, expectAccessible, launchBrowser, newPage, signIn } from '../support/browser';
import { DEMO, startTestApp, TestApp } from '../support/test-app';

describeInBrowser('signing in to the web application', () => {
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

  it('refuses a wrong password with a clear message, accessibly', async () => {
    const page = await newPage(browser, t);
    await page.goto('/');
    await page.waitForURL('**/inloggen');
    await expectAccessible(page);
    await page.getByLabel('E-mailadres').fill(DEMO.burgemeester);
    await page.getByLabel('Wachtwoord').fill('fout-wachtwoord');
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.getByRole('heading', { name: 'Er is een probleem' }).waitFor();
    await expectAccessible(page);
    await page.context().close();
  });

  it('keeps the token out of reach of the page: an HttpOnly, SameSite=Strict cookie, nothing in storage', async () => {
    const page = await newPage(browser, t);
    await signIn(page, DEMO.burgemeester);
    const cookies = await page.context().cookies();
    expect(cookies.map(({ name, httpOnly, sameSite }) => ({ name, httpOnly, sameSite }))).toEqual([{ name: 'basisscan_sessie', httpOnly: true, sameSite: 'Strict' }]);
    expect(await page.evaluate('[document.cookie, Object.keys(localStorage).length, Object.keys(sessionStorage).length]')).toEqual(['', 0, 0]);
    expect(page.url()).not.toMatch(/token|eyJ/);
    await page.getByRole('button', { name: 'Afmelden' }).click();
    await page.getByText('U bent afgemeld.').waitFor();
    expect(await page.context().cookies()).toEqual([]);
    await page.context().close();
  });
});
