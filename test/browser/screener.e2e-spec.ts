import { Browser, Page } from 'playwright-core';
import { describeInBrowser, ensureWebBuilt, expectAccessible, launchBrowser, newPage, signIn } from '../support/browser';
import { caseAtAdvies, caseFlow, demoRoles, inDays } from '../support/cases';
import { completeAnswers } from '../support/questionnaire';
import { bearer, DEMO, startTestApp, TestApp } from '../support/test-app';

describeInBrowser("the screener's file in the web application", () => {
  let t: TestApp;
  let browser: Browser;
  let caseId: string;
  let roles: Awaited<ReturnType<typeof demoRoles>>;

  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestApp();
    browser = await launchBrowser();
    // Through HTTP, up to openbronnenonderzoek: commissioned, screener assigned, candidate invited, consent, questionnaire submitted.
    roles = await demoRoles(t);
    const { act, invitedCase } = caseFlow(t);
    const c = await invitedCase({ opdrachtgever: roles.burgemeester, screenerId: roles.screenerId, email: 'kandidaat.dossier@example.nl', name: 'Sanne de Boer' });
    await act(c.candidate, c.id, 'GIVE_CONSENT', { consentTextVersion: '3' });
    await t.http().put(`/cases/${c.id}/questionnaire/answers`).set(bearer(c.candidate)).send({ answers: completeAnswers() }).expect(200);
    await act(c.candidate, c.id, 'SUBMIT_QUESTIONNAIRE');
    caseId = c.id;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.destroy();
  });

  const status = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text }).waitFor();

  it('records sources, interview, a risk with a measure and the draft, and submits it, accessibly', async () => {
    const page = await newPage(browser, t);
    await signIn(page, DEMO.screener);
    await page.goto(`/zaken/${caseId}/dossier`);
    await page.getByRole('heading', { level: 1, name: 'Onderzoeksdossier' }).waitFor();
    await page.getByText('Kandidaat: Sanne de Boer').waitFor();
    await page.getByRole('table', { name: /Risicokaart/ }).waitFor();
    await expectAccessible(page);

    // The submitted questionnaire, read-only.
    await page.getByText(/Antwoorden van de kandidaat tonen/).click();
    await page.getByRole('heading', { level: 3, name: 'Nevenfuncties' }).waitFor();
    await expectAccessible(page);

    // A source without a query: the error summary names the field and links to it.
    await page.getByLabel('Soort bron').selectOption('kvk_handelsregister');
    await page.getByRole('button', { name: 'Bron toevoegen' }).click();
    await page.getByRole('heading', { name: 'Er is een probleem' }).waitFor();
    await page.getByRole('link', { name: 'Zoekvraag: is niet ingevuld' }).waitFor();
    expect(await page.getByLabel('Zoekvraag').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);

    await page.getByLabel('Zoekvraag').fill('Inschrijvingen op naam van de kandidaat');
    await page.getByLabel('Gevonden').fill('Eenmanszaak De Boer Advies, actief sinds 2019');
    await page.getByLabel('Ja, dit is een bevinding').check();
    await page.getByRole('button', { name: 'Bron toevoegen' }).click();
    await status(page, 'De bron is toegevoegd aan het bronnenlogboek.');
    expect(await page.getByRole('heading', { name: 'Er is een probleem' }).count()).toBe(0);
    const sources = page.getByRole('table', { name: /Geraadpleegde bronnen/ });
    await sources.getByRole('row', { name: /KvK Handelsregister.*Inschrijvingen op naam van de kandidaat.*Eenmanszaak De Boer Advies.*Ja/ }).waitFor();
    await expectAccessible(page);

    // Completing the research right under the sources.
    await page.getByRole('button', { name: 'Onderzoek afronden' }).click();
    await status(page, 'Het openbronnenonderzoek is afgerond.');
    await page.getByText('Fase: Gesprek').waitFor();
    expect(await page.getByRole('button', { name: 'Onderzoek afronden' }).count()).toBe(0);

    // The interview record, then the step.
    await page.getByLabel('Datum van het gesprek').fill(inDays(0));
    await page.getByRole('textbox', { name: 'Nevenfuncties', exact: true }).fill('Besproken: de adviespraktijk en de klanten in de regio.');
    await page.getByRole('button', { name: 'Verslag opslaan' }).click();
    await status(page, 'Het verslag van het gesprek is opgeslagen.');
    await page.getByRole('heading', { level: 3, name: /^Verslag van / }).waitFor();
    await page.getByRole('button', { name: 'Gesprek vastleggen' }).click();
    await status(page, 'Het gesprek is vastgelegd.');
    await expectAccessible(page);

    // A risk with a beheersmaatregel: in the register and on the map.
    await page.getByLabel('Thema').selectOption('nevenfuncties');
    await page.getByLabel('Omschrijving').fill('Schijn van belangenverstrengeling door adviesopdrachten voor aannemers in de gemeente.');
    await page.getByRole('radiogroup', { name: 'Kans' }).getByLabel('Gemiddeld').check();
    await page.getByRole('radiogroup', { name: 'Impact' }).getByLabel('Ernstig').check();
    await page.getByText('Niveau volgens de risicomatrix: hoog.').waitFor();
    await page.getByRole('button', { name: 'Beheersmaatregel toevoegen' }).click();
    await page.getByLabel('Maatregel 1: wat').fill('Beëindigen van de adviespraktijk vóór de benoeming');
    await page.getByLabel('Maatregel 1: wie').fill('kandidaat');
    await page.getByLabel('Maatregel 1: uiterlijk op').fill(inDays(20));
    await page.getByRole('button', { name: 'Risico opslaan' }).click();
    await status(page, 'Risico 1 is toegevoegd aan het risicoregister.');
    const register = page.getByRole('table', { name: /Integriteitsrisico/ });
    await register.getByRole('row', { name: /Nevenfuncties.*Schijn van belangenverstrengeling.*Gemiddeld.*Ernstig.*Hoog.*Beëindigen van de adviespraktijk/ }).waitFor();
    const heatmap = page.getByRole('table', { name: /Risicokaart/ });
    const cell = heatmap.getByRole('row', { name: /Kans gemiddeld/ }).getByRole('cell').nth(2);
    expect(await cell.textContent()).toBe('1 risico niveau hoog');
    expect(await cell.getAttribute('data-level')).toBe('hoog');
    expect(await heatmap.getByRole('cell', { name: /^1 risico/ }).count()).toBe(1);
    await expectAccessible(page);

    // The draft conclusion, then submitting it: the file is read-only during hoor en wederhoor.
    await page.getByRole('radiogroup', { name: 'Conclusie' }).getByLabel('Risico’s beheersbaar').check();
    await page.getByLabel('Toelichting').fill('Het risico is beheersbaar als de adviespraktijk stopt vóór de benoeming.');
    await page.getByRole('button', { name: 'Conceptconclusie opslaan' }).click();
    await status(page, 'De conceptconclusie is opgeslagen.');
    await page.getByRole('button', { name: 'Concept indienen' }).click();
    await status(page, 'Het concept is ingediend.');
    await page.getByText(/kan in deze fase niet worden gewijzigd/).waitFor();
    expect(await page.getByRole('button', { name: 'Bron toevoegen' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Risico opslaan' }).count()).toBe(0);
    await page.getByText('De kandidaat heeft nog niet gereageerd.').waitFor();
    await expectAccessible(page);

    const { body } = await t.http().get(`/cases/${caseId}`).set(bearer(await t.login(DEMO.screener))).expect(200);
    expect(body.phase).toBe('hoorEnWederhoor');
    await page.context().close();
  });

  it('asks for a justification when a hoog risk has no beheersmaatregel, then submits the eindrapportage', async () => {
    const c = await caseAtAdvies(t, roles, { email: 'kandidaat.eind@example.nl', name: 'Bram Visser', until: 'eindrapportage' });
    const page = await newPage(browser, t);
    await signIn(page, DEMO.screener);
    await page.goto(`/zaken/${c.id}/dossier`);
    await page.getByText('Fase: Eindrapportage').waitFor();
    await page.getByText('Ik stop met de adviespraktijk.').waitFor();

    // A hoog risk without a measure, added after wederhoor and changed; the earlier risk deleted.
    await page.getByLabel('Thema').selectOption('financiele_positie');
    await page.getByLabel('Omschrijving').fill('Betalingsachterstanden die chantabel kunnen maken.');
    await page.getByRole('radiogroup', { name: 'Kans' }).getByLabel('Groot').check();
    await page.getByRole('radiogroup', { name: 'Impact' }).getByLabel('Ernstig').check();
    await page.getByRole('button', { name: 'Risico opslaan' }).click();
    await status(page, 'Risico 2 is toegevoegd aan het risicoregister.');
    const register = page.getByRole('table', { name: /Integriteitsrisico/ });
    await register.getByRole('row', { name: /Financiële positie.*Hoog.*Geen beheersmaatregel/ }).waitFor();
    await page.getByRole('button', { name: 'Risico 2 wijzigen' }).click();
    await page.getByRole('heading', { name: 'Risico 2 wijzigen' }).waitFor();
    await page.getByLabel('Omschrijving').fill('Betalingsachterstanden die de kandidaat chantabel kunnen maken.');
    await page.getByRole('button', { name: 'Wijzigingen in risico 2 opslaan' }).click();
    await status(page, 'Risico 2 is gewijzigd.');
    await register.getByRole('row', { name: /de kandidaat chantabel/ }).waitFor();
    await page.getByRole('button', { name: 'Risico 1 verwijderen' }).click();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Ja, verwijder risico 1' }).click();
    await status(page, 'Risico 1 is verwijderd.');
    expect(await register.getByRole('row', { name: /adviesopdrachten/ }).count()).toBe(0);
    await expectAccessible(page);

    await page.getByRole('radiogroup', { name: 'Eindconclusie' }).getByLabel('Risico’s beheersbaar').check();
    await page.getByRole('button', { name: 'Eindrapportage indienen' }).click();
    await page.getByRole('heading', { name: 'Er is een probleem' }).waitFor();
    await page.getByText(/zonder beheersmaatregel: de conclusie is dan/).waitFor();
    await page.getByRole('link', { name: /Motivering: geef een motivering/ }).waitFor();
    await expectAccessible(page);

    await page.getByLabel(/Motivering/).fill('De achterstanden zijn volledig afgelost; de kandidaat heeft dat met stukken aangetoond.');
    await page.getByRole('button', { name: 'Eindrapportage indienen' }).click();
    await status(page, 'De eindrapportage is ingediend.');
    await page.getByText('Fase: Advies').waitFor();
    await expectAccessible(page);
    await page.context().close();
  });
});
