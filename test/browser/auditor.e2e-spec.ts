import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Browser } from 'playwright-core';
import { describeInBrowser, ensureWebBuilt, expectAccessible, launchBrowser, newPage, signIn } from '../support/browser';
import { caseAtAdvies, demoRoles } from '../support/cases';
import { bearer, binaryBody, DEMO, startTestApp, TestApp } from '../support/test-app';

describeInBrowser('the auditor in the browser: verifying reports and the audit trail', () => {
  let t: TestApp;
  let browser: Browser;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auditor-'));
  let report: { reportId: string; verificationCode: string };

  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestApp();
    browser = await launchBrowser();
    const roles = await demoRoles(t);
    const c = await caseAtAdvies(t, roles, { email: 'auditor-walk@example.nl', name: 'Noor Nijenhuis' });
    await t.http().post(`/cases/${c.id}/report`).set(bearer(roles.burgemeester)).expect(201);
    [report] = (await t.http().get(`/cases/${c.id}/reports`).set(bearer(roles.auditor)).expect(200)).body;
    const pdf = await t.http().get(`/reports/${report.reportId}/pdf`).set(bearer(roles.burgemeester)).buffer(true).parse(binaryBody).expect(200);
    fs.writeFileSync(path.join(dir, 'rapport.pdf'), pdf.body as Buffer);
    const changed = Buffer.from(pdf.body as Buffer);
    changed[changed.indexOf('Vertrouwelijk') + 2] ^= 0x01;
    fs.writeFileSync(path.join(dir, 'gewijzigd.pdf'), changed);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('verifies a genuine report, rejects a changed one, and finds a report by its code', async () => {
    const page = await newPage(browser, t);
    await signIn(page, DEMO.auditor);
    await page.getByRole('link', { name: 'Rapport controleren' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rapport controleren' }).waitFor();
    await expectAccessible(page);

    await page.locator('#rapportbestand').setInputFiles(path.join(dir, 'rapport.pdf'));
    await page.getByText('Het rapport is echt en ongewijzigd.').waitFor();
    await page.getByRole('cell', { name: report.reportId, exact: false }).waitFor();
    await expectAccessible(page);

    await page.locator('#rapportbestand').setInputFiles(path.join(dir, 'gewijzigd.pdf'));
    await page.getByText('Het rapport is niet geldig.').waitFor();

    await page.getByRole('textbox', { name: 'Verificatiecode' }).fill(report.verificationCode.toLowerCase());
    await page.getByRole('button', { name: 'Opzoeken' }).click();
    await page.getByText(/Gevonden: rapport versie 1/).waitFor();
    await page.getByRole('textbox', { name: 'Verificatiecode' }).fill('kort');
    await page.getByRole('button', { name: 'Opzoeken' }).click();
    await page.getByRole('heading', { name: 'Er is een probleem' }).waitFor();
    await expectAccessible(page);
    await page.context().close();
  });

  it('shows the chain intact, the entries, and a case’s processing log', async () => {
    const page = await newPage(browser, t);
    await signIn(page, DEMO.auditor);
    await page.getByRole('link', { name: 'Audittrail' }).click();
    await page.getByText(/De keten is intact: \d+ vermeldingen/).waitFor();
    await page.getByRole('cell', { name: 'report.generate' }).first().waitFor();
    await page.getByLabel('Dossier', { exact: true }).selectOption({ index: 1 });
    await page.getByText(/verwerkingen in dit dossier/).waitFor();
    await expectAccessible(page);
    await page.context().close();
  });
});
