import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Browser, Page } from 'playwright-core';
import { caseFlow, demoRoles, inDays } from '../support/cases';
import { describeInBrowser, ensureWebBuilt, expectAccessible, launchBrowser, newPage, pageErrors, signIn } from '../support/browser';
import { DEMO, startTestApp, TestApp } from '../support/test-app';

/** Where the walk leaves its screenshots to look at (FORMATION_SCREENSHOTS to keep them elsewhere). */
const SHOTS = process.env.FORMATION_SCREENSHOTS ?? fs.mkdtempSync(path.join(os.tmpdir(), 'formatie-'));

/** The page is no wider than the screen: nothing to scroll sideways on a phone. */
const noSidewaysScroll = (page: Page) => page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth');

describeInBrowser('the formation board in the web application', () => {
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

  it('creates a formation, adds candidates in one go, shows the board sorted by attention, and moves the installation date', async () => {
    const page = await newPage(browser, t);
    await signIn(page, DEMO.burgemeester);
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Formaties' }).click();
    await page.getByRole('heading', { name: 'Formaties', level: 1 }).waitFor();
    await page.getByText('Er zijn nog geen formaties.').waitFor();
    await expectAccessible(page);

    // An installation before the election: the error summary names the field.
    await page.getByLabel('Naam van de formatie').fill('Collegevorming 2026');
    await page.getByLabel('Datum van de verkiezingen').fill(inDays(-10));
    await page.getByLabel('Datum van de installatievergadering').fill(inDays(-12));
    await page.getByLabel('Coalitiepartijen').fill('Partij Groen, Partij Rood');
    await page.getByLabel('Naam van de formateur').fill('Fenna Formateur');
    await page.getByLabel('E-mailadres van de formateur').fill('formateur@example.nl');
    await page.getByRole('button', { name: 'Formatie aanmaken' }).click();
    await page.getByRole('link', { name: /Datum van de installatievergadering: ligt vóór de verkiezingsdatum/ }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Datum van de installatievergadering').fill(inDays(40));
    await page.getByRole('button', { name: 'Formatie aanmaken' }).click();
    await page.waitForURL(/\/formaties\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Collegevorming 2026', level: 1 }).waitFor();
    await page.getByRole('status').getByText('De formatie is aangemaakt.').waitFor();
    await page.getByText('Er zijn nog geen kandidaten.').waitFor();
    await expectAccessible(page);

    // Two candidates at once; first with the same address twice.
    const candidate = (n: number) => page.getByRole('group', { name: `Kandidaat ${n}` });
    await candidate(1).getByLabel('Naam', { exact: true }).fill('Anna Appel');
    await candidate(1).getByLabel('E-mailadres', { exact: true }).fill('anna@example.nl');
    await candidate(1).getByLabel('Portefeuille (voor zover bekend)').fill('Financiën');
    await candidate(1).getByLabel('Voordragende fractie').selectOption('Partij Groen');
    await candidate(1).getByLabel('Heeft de partij zelf gescreend?').selectOption('ja');
    await candidate(1).getByLabel('Datum van die screening').fill(inDays(-3));
    await page.getByRole('button', { name: 'Nog een kandidaat' }).click();
    await candidate(2).getByLabel('Naam', { exact: true }).fill('Bram Berk');
    await candidate(2).getByLabel('E-mailadres', { exact: true }).fill('anna@example.nl');
    await candidate(2).getByLabel('Voordragende fractie').selectOption('Partij Rood');
    await candidate(2).getByLabel('Naam van de fractievoorzitter').fill('Vera Voorzitter');
    await candidate(2).getByLabel('E-mailadres van de fractievoorzitter').fill('vera@example.nl');
    await page.getByRole('button', { name: '2 kandidaten toevoegen' }).click();
    await page.getByRole('link', { name: 'Kandidaat 2: E-mailadres: is hetzelfde als bij kandidaat 1' }).waitFor();
    await page.getByText('Er zijn nog geen kandidaten.').waitFor();
    await expectAccessible(page);
    await candidate(2).getByLabel('E-mailadres', { exact: true }).fill('bram@example.nl');
    await page.getByRole('button', { name: '2 kandidaten toevoegen' }).click();
    await page.getByRole('status').getByText('2 kandidaten zijn toegevoegd.').waitFor();
    const cards = page.locator('.basisscan-board__card');
    await cards.nth(1).waitFor();
    expect(await cards.count()).toBe(2);
    await page.getByRole('article', { name: 'Anna Appel' }).getByText('wethouder · Financiën · Partij Groen').waitFor();
    await page.getByRole('article', { name: 'Anna Appel' }).getByText(/^Ja, \d+ \w+ \d{4}$/).waitFor();
    await expectAccessible(page);

    // Bram's VOG is refused (recorded through the API): his card moves to the top, asking for action.
    const roles = await demoRoles(t);
    const { act } = caseFlow(t);
    const names = await t.dataSource.query(`SELECT count(*)::int AS n FROM cases WHERE formation_id IS NOT NULL`);
    expect(names[0].n).toBe(2);
    const bramCard = page.getByRole('article', { name: 'Bram Berk' });
    const bramId = (await bramCard.getByRole('link', { name: 'Bram Berk' }).getAttribute('href'))!.split('/').pop()!;
    await act(roles.burgemeester, bramId, 'VOG_REQUESTED', { date: inDays(-5) });
    await act(roles.burgemeester, bramId, 'VOG_INTENDED_REFUSAL', { date: inDays(-2) });
    await act(roles.burgemeester, bramId, 'VOG_REFUSED', { date: inDays(0) });
    await page.reload();
    await cards.nth(1).waitFor();
    expect(await cards.first().getByRole('heading').textContent()).toBe('Bram Berk');
    await cards.first().getByText(/^Nu handelen/).waitFor();
    await cards.first().getByText(/Zonder nieuwe VOG niet benoembaar/).waitFor();
    expect(await cards.first().locator('.basisscan-light').getAttribute('data-light')).toBe('rood');
    await expectAccessible(page);
    await page.screenshot({ path: path.join(SHOTS, 'formatie-bord.png'), fullPage: true });

    // On a phone: one column, nothing to scroll sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('heading', { name: 'Kandidaten', level: 2, exact: true }).scrollIntoViewIfNeeded();
    expect(await noSidewaysScroll(page)).toBe(true);
    const [first, second] = [await cards.nth(0).boundingBox(), await cards.nth(1).boundingBox()];
    expect(second!.y).toBeGreaterThan(first!.y + first!.height - 1);
    await expectAccessible(page);
    await page.screenshot({ path: path.join(SHOTS, 'formatie-bord-telefoon.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    // The installation moves: both open cases move with it.
    await page.getByLabel('Nieuwe installatiedatum').fill(inDays(50));
    await page.getByRole('button', { name: 'Datum verschuiven' }).click();
    await page.getByRole('status').getByText(/De installatiedatum is nu .*\. 2 lopende dossiers zijn meeverschoven\./).waitFor();
    const planned = await t.dataSource.query(`SELECT DISTINCT to_char(planned_appointment_date, 'YYYY-MM-DD') AS d FROM cases WHERE formation_id IS NOT NULL`);
    expect(planned).toEqual([{ d: inDays(50) }]);
    await expectAccessible(page);

    // The plan back from the installation, and the milestones for the agenda.
    await page.getByRole('heading', { name: 'Planning terug vanaf de installatie', level: 2 }).waitFor();
    await page.getByRole('article', { name: 'Anna Appel' }).getByText('Op schema').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Mijlpalen in uw agenda (iCalendar)' }).click()]);
    expect(download.suggestedFilename()).toBe('formatie.ics');
    const ics = fs.readFileSync((await download.path())!, 'utf8');
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\nVERSION:2.0\r\n/);
    expect(ics).not.toMatch(/Anna|Bram/);

    // Each case shows its plan next to reality.
    await page.getByRole('article', { name: 'Anna Appel' }).getByRole('link', { name: 'Anna Appel' }).click();
    await page.getByRole('heading', { name: 'Risicoanalyse Anna Appel', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Planning', level: 2 }).waitFor();
    await page.getByText(/^Op schema voor een benoeming op /).waitFor();
    await page.getByRole('row', { name: /VOG aanvragen/ }).waitFor();
    await expectAccessible(page);
    expect(pageErrors).toEqual([]);
    console.log(`formation screenshots in ${SHOTS}`);
  }, 120_000);

  it('lets the griffier walk the benoembaarheid checklist: the VOG from its track, the analysis only as done', async () => {
    const roles = await demoRoles(t);
    const { body: formation } = await t.api().post('/formations').set({ Authorization: `Bearer ${roles.burgemeester}` })
      .send({ name: 'Collegevorming griffie', electionDate: inDays(-10), installationDate: inDays(45), coalitionParties: ['Partij Groen'] }).expect(201);
    await t.api().post(`/formations/${formation.id}/candidates`).set({ Authorization: `Bearer ${roles.burgemeester}` })
      .send({ candidates: [{ name: 'Gert Griffioen', email: 'gert@example.nl', fractie: 'Partij Groen' }] }).expect(201);

    const page = await newPage(browser, t);
    await signIn(page, DEMO.griffier);
    await page.waitForURL('**/griffie');
    await page.getByRole('heading', { name: 'Benoembaarheid', level: 1 }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link').allTextContents()).toEqual(['Benoembaarheid', 'Meldingen']);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Collegevorming griffie' }).click();
    await page.getByRole('heading', { name: 'Benoembaarheid: Collegevorming griffie', level: 1 }).waitFor();
    const card = page.getByRole('article', { name: 'Gert Griffioen' });
    await card.getByText('Nog niet afgerond').waitFor();
    await card.getByText('Volgt uit het VOG-spoor van het dossier.').waitFor();
    await expectAccessible(page);

    const person = card.getByRole('region', { name: /^Nederlanderschap, 18 jaar of ouder/ });
    await person.getByLabel('Status').selectOption('voldaan');
    await person.getByLabel('Notitie').fill('Uittreksel BRP gezien; ingezetene sinds 2012.');
    await person.getByRole('button', { name: 'Vastleggen' }).click();
    await page.getByRole('status').getByText('Vastgelegd voor Gert Griffioen: voldaan.').waitFor();
    await person.getByText(/Gemeentewet art\. 36a lid 1 \(te bevestigen\) · Voldaan · gecontroleerd door Griffier van Voorbeeldstad/).waitFor();
    const incompatible = card.getByRole('region', { name: /^Geen onverenigbare functies/ });
    await incompatible.getByLabel('Status').selectOption('niet_voldaan');
    await incompatible.getByRole('button', { name: 'Vastleggen' }).click();
    await page.getByRole('status').getByText('Vastgelegd voor Gert Griffioen: niet voldaan.').waitFor();
    await card.getByText('Niet voldaan', { exact: true }).first().waitFor();
    await expectAccessible(page);
    await page.screenshot({ path: path.join(SHOTS, 'griffier-checklist.png'), fullPage: true });

    // The griffier's way into a case's dossier is closed: the page says so.
    await page.goto('/formaties');
    await page.getByRole('heading', { name: 'Geen toegang', level: 1 }).waitFor();
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
