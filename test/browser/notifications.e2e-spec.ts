import * as path from 'node:path';
import { Browser } from 'playwright-core';
import { caseAtAdvies, caseFlow, demoRoles } from '../support/cases';
import { outbox } from '../support/mail';
import { describeInBrowser, ensureWebBuilt, expectAccessible, launchBrowser, newPage, pageErrors, signIn } from '../support/browser';
import { DEMO, startTestApp, TestApp } from '../support/test-app';

/** Meldingen in the web application: the badge counts unread notices; opening one marks it read and leads to the case. */
describeInBrowser('Meldingen and the candidate\'s new link in the web application', () => {
  let t: TestApp;
  let browser: Browser;
  let roles: Awaited<ReturnType<typeof demoRoles>>;

  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestApp({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
    browser = await launchBrowser();
    roles = await demoRoles(t);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.destroy();
  });

  it('shows the unread count, opens a notice into its case, and marks it read', async () => {
    const c = await caseAtAdvies(t, roles, { email: 'melding.browser@example.nl', name: 'Mila Meldingtest' });
    const page = await newPage(browser, t);
    await signIn(page, DEMO.burgemeester);
    const nav = page.getByRole('navigation', { name: 'Hoofdmenu' });
    // The final assessment is in: one unread notice for the burgemeester.
    await nav.getByRole('link', { name: 'Meldingen 1 ongelezen' }).click();
    await page.getByRole('heading', { name: 'Meldingen', level: 1 }).waitFor();
    await page.getByText('U heeft 1 ongelezen melding.').waitFor();
    await expectAccessible(page);
    if (process.env.SCREENSHOTS_DIR) await page.screenshot({ path: path.join(process.env.SCREENSHOTS_DIR, 'meldingen.png'), fullPage: true });
    expect(await page.getByRole('main').textContent()).not.toContain('Meldingtest');

    // The mail preference: one overview a day, at seven.
    await page.getByLabel('Wanneer wilt u een e-mail krijgen?').selectOption('dagelijks');
    await page.getByLabel('Rond welk uur?').selectOption('7');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByRole('status').getByText('Uw keuze is opgeslagen.').waitFor();
    expect((await t.api().get('/notifications/preferences').set({ Authorization: `Bearer ${roles.burgemeester}` }).expect(200)).body).toEqual({ mode: 'dagelijks', digestHour: 7 });
    await expectAccessible(page);
    if (process.env.SCREENSHOTS_DIR) await page.screenshot({ path: path.join(process.env.SCREENSHOTS_DIR, 'meldingen-instelling.png'), fullPage: true });

    await page.getByRole('link', { name: 'De eindbeoordeling is klaar' }).click();
    await page.waitForURL(`**/zaken/${c.id}`);
    await nav.getByRole('link', { name: 'Meldingen', exact: true }).waitFor();
    const { body } = await t.api().get('/notifications').set({ Authorization: `Bearer ${roles.burgemeester}` }).expect(200);
    expect(body.unreadCount).toBe(0);
    // The case page writes the deadline the one way: "uiterlijk <dag maand jaar>", never "00:59".
    expect(await page.getByRole('main').textContent()).not.toMatch(/00:59/);
    expect(pageErrors).toEqual([]);
  });

  it('gets a candidate with a spent link back in through "Vraag een nieuwe link aan"', async () => {
    const email = 'nieuwe.link.browser@example.nl';
    const c = await caseFlow(t).invitedCase({ opdrachtgever: roles.burgemeester, screenerId: roles.screenerId, email, name: 'Nina Nieuw' });
    const page = await newPage(browser, t);
    // The spent link from the invitation.
    await page.goto(`/kandidaat#code=${c.code}`);
    await page.getByRole('heading', { name: 'Deze link werkt niet meer', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Vraag een nieuwe link aan' }).click();
    await page.getByRole('heading', { name: 'Een nieuwe link aanvragen', level: 1 }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Uw e-mailadres').fill(` ${email.toUpperCase()} `);
    await page.getByRole('button', { name: 'Stuur mij een nieuwe link' }).click();
    await page.getByRole('status').getByText(/Als dit e-mailadres hoort bij een lopende risicoanalyse/).waitFor();
    if (process.env.SCREENSHOTS_DIR) await page.screenshot({ path: path.join(process.env.SCREENSHOTS_DIR, 'nieuwe-link.png'), fullPage: true });
    const mail = (await outbox(t)).filter((m) => m.headers.includes(`To: ${email}`)).at(-1)!;
    const link = /https?:\/\/\S+#code=[A-Za-z0-9_-]+/.exec(mail.body)![0];
    await page.goto(link.replace(/^https?:\/\/[^/]+/, ''));
    await page.waitForURL('**/kandidaat/zaak');
    expect(pageErrors).toEqual([]);
  });

  it('lets the beheerder add a webhook (refusing a private address), shows the secret once and the delivery log', async () => {
    const page = await newPage(browser, t);
    await signIn(page, DEMO.beheerder);
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    await page.getByLabel('URL', { exact: true }).fill('https://10.0.0.1/hook');
    await page.getByRole('button', { name: 'Webhook toevoegen' }).click();
    await page.getByRole('link', { name: /URL: wijst naar een intern, lokaal of privé-netwerkadres/ }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('URL', { exact: true }).fill('http://127.0.0.1:9/basisscan');
    await page.getByRole('button', { name: 'Webhook toevoegen' }).click();
    const status = page.getByRole('status');
    await status.getByText(/Het geheim om de ondertekening te controleren is: whsec_/).waitFor();
    await page.getByRole('rowheader', { name: 'http://127.0.0.1:9/basisscan' }).waitFor();
    await page.getByRole('button', { name: 'Afleverlog tonen' }).click();
    await page.getByText('Nog geen afleveringen.').waitFor();
    await expectAccessible(page);
    if (process.env.SCREENSHOTS_DIR) await page.screenshot({ path: path.join(process.env.SCREENSHOTS_DIR, 'webhooks.png'), fullPage: true });
    // Shown once: reloaded (the service serves the page at its own address), the secret is gone.
    await page.reload();
    await page.getByRole('rowheader', { name: 'http://127.0.0.1:9/basisscan' }).waitFor();
    // The digest's link to the mail preference, opened directly.
    await page.goto('/meldingen');
    await page.getByRole('heading', { name: 'E-mail bij meldingen', level: 2 }).waitFor();
    expect(await page.getByRole('main').textContent()).not.toContain('whsec_');
    expect(pageErrors).toEqual([]);
  });
});
