/**
 * Screenshots of the main pages of each role, for the README and reviewers:
 *   npm run screenshots        (writes docs/screenshots/*.png)
 * Starts the service on a temporary embedded database with the demo organisation, prepares cases
 * through the API, and photographs the pages in Debian's Chromium.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Page } from 'playwright-core';
import { ensureWebBuilt, launchBrowser, newPage, signIn } from '../test/support/browser';
import { caseAtAdvies, caseFlow, demoRoles, inDays } from '../test/support/cases';
import { invitationCode } from '../test/support/mail';
import { bearer, DEMO, startTestApp } from '../test/support/test-app';

const OUT = path.resolve(__dirname, '..', 'docs', 'screenshots');

async function shoot(page: Page, name: string): Promise<void> {
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
  console.log(`  ${name}.png`);
}

async function main(): Promise<void> {
  ensureWebBuilt();
  fs.mkdirSync(OUT, { recursive: true });
  const t = await startTestApp({ LOG_LEVEL: 'warn' });
  const browser = await launchBrowser();
  try {
    const roles = await demoRoles(t);
    const { act } = caseFlow(t);
    const atAdvies = await caseAtAdvies(t, roles, { email: 'meryem.ozturk@example.nl', name: 'Meryem Öztürk-de Graaf' });
    await t.http().post(`/cases/${atAdvies.id}/report`).set(bearer(roles.burgemeester)).expect(201);
    const research = await caseAtAdvies(t, roles, { email: 'jan.devries@example.nl', name: 'Jan de Vries', until: 'eindrapportage' });

    // A candidate at the consent step, and one at the questionnaire (consent given, a new link).
    const commission = async (name: string, email: string) => {
      const { body } = await t.http().post('/cases').set(bearer(roles.burgemeester)).send({ candidate: { name, email }, plannedAppointmentDate: inDays(45) }).expect(201);
      await act(roles.burgemeester, body.id, 'ASSIGN_SCREENER', { screenerId: roles.screenerId });
      await act(roles.burgemeester, body.id, 'INVITE_CANDIDATE');
      return { id: body.id as string, code: await invitationCode(t, email) };
    };
    const atConsent = await commission('Sanne Bakker', 'sanne.bakker@example.nl');
    const atQuestionnaire = await commission('Ahmed El Amrani', 'ahmed.elamrani@example.nl');
    const { body: token } = await t.http().post('/auth/invitation').send({ code: atQuestionnaire.code }).expect(200);
    await act(token.accessToken, atQuestionnaire.id, 'GIVE_CONSENT', { consentTextVersion: '1' });
    await act(roles.burgemeester, atQuestionnaire.id, 'INVITE_CANDIDATE');
    const secondCode = await invitationCode(t, 'ahmed.elamrani@example.nl');

    console.log(`Writing to ${path.relative(process.cwd(), OUT)}/`);
    const page = await newPage(browser, t);
    await page.goto('/inloggen');
    await shoot(page, '01-inloggen');
    await signIn(page, DEMO.burgemeester);
    await page.goto('/zaken');
    await shoot(page, '02-opdrachtgever-dossiers');
    await page.goto('/zaken/nieuw');
    await shoot(page, '03-opdrachtgever-nieuwe-risicoanalyse');
    await page.goto(`/zaken/${atAdvies.id}`);
    await shoot(page, '04-opdrachtgever-dossier-advies');
    await page.goto('/taken');
    await shoot(page, '05-opdrachtgever-taken');
    await page.context().close();

    const screener = await newPage(browser, t);
    await signIn(screener, DEMO.screener);
    await screener.goto('/taken');
    await shoot(screener, '06-screener-taken');
    await screener.goto(`/zaken/${research.id}/dossier`);
    await shoot(screener, '07-screener-onderzoeksdossier');
    await screener.context().close();

    const candidate = await newPage(browser, t);
    await candidate.goto(`/kandidaat#code=${atConsent.code}`);
    await candidate.waitForURL('**/kandidaat/zaak');
    await shoot(candidate, '08-kandidaat-toestemming');
    await candidate.context().close();
    const answering = await newPage(browser, t);
    await answering.goto(`/kandidaat#code=${secondCode}`);
    await answering.waitForURL('**/kandidaat/zaak');
    await shoot(answering, '09-kandidaat-vragenlijst');
    await answering.context().close();

    const auditor = await newPage(browser, t);
    await signIn(auditor, DEMO.auditor);
    await auditor.goto('/controle');
    await shoot(auditor, '10-auditor-rapport-controleren');
    await auditor.goto('/controle/audit');
    await shoot(auditor, '11-auditor-audittrail');
    await auditor.context().close();
  } finally {
    await browser.close();
    await t.destroy();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
