import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Browser } from 'playwright-core';
import { describeInBrowser, ensureWebBuilt, expectAccessible, launchBrowser, newPage, signIn } from '../support/browser';
import { DEMO, startTestApp, TestApp } from '../support/test-app';

const TINY_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describeInBrowser('the beheerder’s settings page', () => {
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

  it('sets the links, a deadline and the logo; a mistake is named in Dutch and nothing is lost; every official sees the result in the frame', async () => {
    const page = await newPage(browser, t);
    await signIn(page, DEMO.beheerder);
    await page.getByRole('link', { name: 'Instellingen' }).click();
    await page.getByRole('heading', { name: 'Instellingen van de organisatie' }).waitFor();
    expect(await page.getByLabel('Kenmerk van de verwerkersovereenkomst').inputValue()).toBe('VWO-2026-014');
    await expectAccessible(page);

    await page.getByLabel('Privacyverklaring').fill('http://www.voorbeeldstad.nl/privacy');
    await page.getByLabel('Contactpagina').fill('https://www.voorbeeldstad.nl/contact');
    await page.getByLabel('Termijn voor hoor en wederhoor').fill('8');
    await page.getByRole('button', { name: 'Instellingen opslaan' }).click();
    await page.getByRole('heading', { name: 'Er is een probleem' }).waitFor();
    await page.getByRole('link', { name: 'Privacyverklaring: moet een https-adres zijn' }).waitFor();
    await expectAccessible(page);
    // What was typed stays, also the fields without a problem.
    expect(await page.getByLabel('Termijn voor hoor en wederhoor').inputValue()).toBe('8');

    await page.getByLabel('Privacyverklaring').fill('https://www.voorbeeldstad.nl/privacy');
    await page.getByRole('button', { name: 'Instellingen opslaan' }).click();
    await page.getByText('De instellingen zijn opgeslagen.').waitFor();

    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'logo-')), 'logo.png');
    fs.writeFileSync(file, Buffer.from(TINY_PNG, 'base64'));
    await page.locator('input[type="file"]').setInputFiles(file);
    await page.getByText('Het logo is opgeslagen.').waitFor();
    await page.getByRole('img', { name: 'Logo van Gemeente Voorbeeldstad' }).waitFor();
    if (process.env.SCREENSHOTS_DIR) await page.screenshot({ path: path.join(process.env.SCREENSHOTS_DIR, 'beheerder-instellingen.png'), fullPage: true });
    await page.context().close();

    const burgemeester = await newPage(browser, t);
    await signIn(burgemeester, DEMO.burgemeester);
    const footer = burgemeester.getByRole('navigation', { name: 'Over deze organisatie' });
    await footer.getByRole('link', { name: 'Privacyverklaring' }).waitFor();
    expect(await footer.getByRole('link', { name: 'Contact' }).getAttribute('href')).toBe('https://www.voorbeeldstad.nl/contact');
    expect(await burgemeester.locator('.basisscan-brand__logo').evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).complete && (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);
    await burgemeester.context().close();
  });
});
