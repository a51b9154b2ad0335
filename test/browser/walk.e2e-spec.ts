import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Browser, Page } from 'playwright-core';
import { CURRENT_QUESTIONNAIRE_VERSION, questionnaireTemplate } from '../../src/candidates/questionnaire';
import { describeInBrowser, ensureWebBuilt, expectAccessible, launchBrowser, newPage, pageErrors, signIn } from '../support/browser';
import { inDays } from '../support/cases';
import { invitationCode } from '../support/mail';
import { completeAnswers } from '../support/questionnaire';
import { DEMO, startTestApp, TestApp } from '../support/test-app';

/**
 * One case from commissioning to the signed report and its verification, through the web
 * application only, as the four roles would do it; axe-core on every page on the way.
 */
describeInBrowser('one whole case through the web application, as the four roles', () => {
  let t: TestApp;
  let browser: Browser;
  const template = questionnaireTemplate(CURRENT_QUESTIONNAIRE_VERSION);
  const complete = completeAnswers();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'walk-'));
  const pagesChecked = new Set<string>();

  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function accessible(page: Page): Promise<void> {
    await expectAccessible(page);
    pagesChecked.add(new URL(page.url()).pathname.replace(/[0-9a-f-]{36}/g, ':id'));
  }
  const status = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text }).first().waitFor();
  const currentPhase = (page: Page, title: string) => page.locator('[aria-current="step"]').filter({ hasText: title }).waitFor();

  it('commissions, consents and discloses, researches, hears the candidate, advises, reports and verifies', async () => {
    const started = performance.now();

    // Burgemeester: commission the analysis, assign the screener, invite the candidate, register the VOG request.
    const burgemeester = await newPage(browser, t);
    await signIn(burgemeester, DEMO.burgemeester);
    await accessible(burgemeester);
    await burgemeester.getByRole('main').getByRole('link', { name: 'Nieuwe risicoanalyse' }).click();
    await burgemeester.getByLabel('Naam van de kandidaat').fill('Willemijn van den Brink-Özdemir');
    await burgemeester.getByLabel('E-mailadres van de kandidaat').fill('willemijn@example.nl');
    await burgemeester.getByLabel('Beoogde benoemingsdatum').fill(inDays(35));
    await accessible(burgemeester);
    await burgemeester.getByRole('button', { name: 'Risicoanalyse aanmaken' }).click();
    await burgemeester.getByRole('heading', { name: 'Risicoanalyse Willemijn van den Brink-Özdemir', level: 1 }).waitFor();
    const caseUrl = new URL(burgemeester.url()).pathname;
    await burgemeester.getByRole('button', { name: 'Screener toewijzen' }).click();
    await burgemeester.getByLabel('E-mailadres van de screener').fill(DEMO.screener);
    await burgemeester.getByRole('button', { name: 'Screener zoeken en toewijzen' }).click();
    await status(burgemeester, /De screener is toegewezen/);
    await burgemeester.getByRole('button', { name: 'Kandidaat uitnodigen (of opnieuw uitnodigen)' }).click();
    await currentPhase(burgemeester, 'Toestemming gevraagd');
    await burgemeester.getByRole('button', { name: 'VOG-aanvraag vastleggen' }).click();
    await burgemeester.getByRole('button', { name: 'Datum van de aanvraag vastleggen' }).click();
    await status(burgemeester, 'Vastgelegd: VOG-aanvraag vastleggen.');
    await accessible(burgemeester);

    // Kandidaat: the link from the invitation mail, consent, the questionnaire step by step.
    const kandidaat = await newPage(browser, t);
    await kandidaat.goto(`/kandidaat#code=${await invitationCode(t, 'willemijn@example.nl')}`);
    await kandidaat.waitForURL('**/kandidaat/zaak');
    await accessible(kandidaat);
    await kandidaat.getByRole('button', { name: 'Ik geef toestemming', exact: true }).click();
    await kandidaat.getByRole('heading', { name: 'De vragenlijst invullen' }).waitFor();
    for (const [index, theme] of template.themes.entries()) {
      await kandidaat.getByRole('link', { name: new RegExp(`^${index + 1}\\. `) }).click();
      await kandidaat.getByText(`Stap ${index + 1} van ${template.themes.length}`, { exact: true }).waitFor();
      for (const question of theme.questions) {
        if (question.type === 'yes_no' && complete[question.id]) {
          await kandidaat.getByRole('group', { name: question.label, exact: true }).getByLabel('Nee', { exact: true }).check();
        }
        if (question.type === 'text' && question.required) await kandidaat.getByLabel(question.label, { exact: true }).fill(String(complete[question.id].value));
        if (question.type === 'declaration') await kandidaat.getByLabel(/Ik verklaar dat ik deze vragenlijst naar waarheid/).check();
      }
      if (index === 0) await accessible(kandidaat);
    }
    await kandidaat.getByRole('button', { name: 'Vragenlijst indienen' }).click();
    await kandidaat.getByText('Uw vragenlijst is ingediend').waitFor();
    await accessible(kandidaat);

    // Screener: the open-source research, the interview, a risk with a measure, the draft.
    const screener = await newPage(browser, t);
    await signIn(screener, DEMO.screener);
    await accessible(screener);
    await screener.goto(`${caseUrl}/dossier`);
    await screener.getByRole('heading', { level: 1, name: 'Onderzoeksdossier' }).waitFor();
    await screener.getByLabel('Soort bron').selectOption('kvk_handelsregister');
    await screener.getByLabel('Zoekvraag').fill('Inschrijvingen op naam van de kandidaat');
    await screener.getByLabel('Gevonden').fill('Eenmanszaak Van den Brink Advies, actief sinds 2018');
    await screener.getByLabel('Ja, dit is een bevinding').check();
    await screener.getByRole('button', { name: 'Bron toevoegen' }).click();
    await screener.getByRole('table', { name: /Geraadpleegde bronnen/ }).getByRole('row', { name: /Eenmanszaak Van den Brink Advies/ }).waitFor();
    await screener.getByRole('button', { name: 'Onderzoek afronden' }).click();
    await screener.getByText('Fase: Gesprek').waitFor();
    await screener.getByLabel('Datum van het gesprek').fill(inDays(0));
    await screener.getByRole('textbox', { name: 'Nevenfuncties', exact: true }).fill('Besproken: de adviespraktijk en de opdrachtgevers in de regio.');
    await screener.getByRole('button', { name: 'Verslag opslaan' }).click();
    await screener.getByRole('heading', { level: 3, name: /^Verslag van / }).waitFor();
    await screener.getByRole('button', { name: 'Gesprek vastleggen' }).click();
    await screener.getByText('Fase: Conceptrapportage').waitFor();
    await screener.getByLabel('Thema').selectOption('nevenfuncties');
    await screener.getByLabel('Omschrijving').fill('Schijn van belangenverstrengeling door adviesopdrachten voor aannemers in de gemeente.');
    await screener.getByRole('radiogroup', { name: 'Kans' }).getByLabel('Gemiddeld').check();
    await screener.getByRole('radiogroup', { name: 'Impact' }).getByLabel('Aanzienlijk').check();
    await screener.getByRole('button', { name: 'Beheersmaatregel toevoegen' }).click();
    await screener.getByLabel('Maatregel 1: wat').fill('Beëindigen van de adviespraktijk vóór de benoeming');
    await screener.getByLabel('Maatregel 1: wie').fill('kandidaat');
    await screener.getByLabel('Maatregel 1: uiterlijk op').fill(inDays(20));
    await screener.getByRole('button', { name: 'Risico opslaan' }).click();
    await screener.getByRole('table', { name: /Integriteitsrisico/ }).getByRole('row', { name: /Schijn van belangenverstrengeling/ }).waitFor();
    await screener.getByRole('radiogroup', { name: 'Conclusie' }).getByLabel('Risico’s beheersbaar').check();
    await screener.getByLabel('Toelichting').fill('Het risico is beheersbaar als de adviespraktijk stopt vóór de benoeming.');
    await screener.getByRole('button', { name: 'Conceptconclusie opslaan' }).click();
    await accessible(screener);
    await screener.getByRole('button', { name: 'Concept indienen' }).click();
    await screener.getByText(/kan in deze fase niet worden gewijzigd/).waitFor();

    // Kandidaat: hoor en wederhoor.
    await kandidaat.reload();
    await kandidaat.getByRole('heading', { name: 'Hoor en wederhoor: de bevindingen' }).waitFor();
    await kandidaat.getByRole('cell', { name: 'Eenmanszaak Van den Brink Advies, actief sinds 2018' }).waitFor();
    await accessible(kandidaat);
    await kandidaat.getByLabel('Uw reactie op de bevindingen').fill('Ik herken de bevinding. Mijn adviespraktijk beëindig ik vóór de benoeming.');
    await kandidaat.getByRole('button', { name: 'Reactie indienen' }).click();
    await kandidaat.getByText('Uw reactie is ingediend', { exact: false }).waitFor();

    // Screener: the final report.
    await screener.reload();
    await screener.getByText('Fase: Eindrapportage').waitFor();
    await screener.getByRole('radiogroup', { name: 'Eindconclusie' }).getByLabel('Risico’s beheersbaar').check();
    await screener.getByRole('button', { name: 'Eindrapportage indienen' }).click();
    await screener.getByText('Fase: Advies').waitFor();

    // Burgemeester: the VOG, the advice, the signed report.
    await burgemeester.reload();
    await currentPhase(burgemeester, 'Advies');
    await burgemeester.getByRole('button', { name: 'Afgegeven VOG vastleggen' }).click();
    await burgemeester.getByLabel('Kenmerk van de VOG').fill('VOG-2026-004711');
    await burgemeester.getByRole('button', { name: 'Vastleggen', exact: true }).click();
    await status(burgemeester, 'Vastgelegd: Afgegeven VOG vastleggen.');
    await burgemeester.getByRole('button', { name: 'Advies geven' }).click();
    await burgemeester.getByRole('radio', { name: 'Risico’s beheersbaar' }).check();
    await burgemeester.getByRole('button', { name: 'Advies vastleggen' }).click();
    await currentPhase(burgemeester, 'Raad informeren');
    await burgemeester.getByRole('button', { name: 'Rapport maken' }).click();
    await status(burgemeester, 'Versie 1 van het rapport is gemaakt en ondertekend.');
    await accessible(burgemeester);
    const [download] = await Promise.all([burgemeester.waitForEvent('download'), burgemeester.getByRole('button', { name: 'Downloaden (versie 1)' }).click()]);
    const reportFile = path.join(dir, 'rapport.pdf');
    await download.saveAs(reportFile);
    expect(fs.readFileSync(reportFile).subarray(0, 5).toString()).toBe('%PDF-');

    // Auditor: the report verifies; a changed copy does not; the chain is intact.
    const auditor = await newPage(browser, t);
    await signIn(auditor, DEMO.auditor);
    await auditor.getByRole('link', { name: 'Rapport controleren' }).click();
    await auditor.locator('#rapportbestand').setInputFiles(reportFile);
    await auditor.getByText('Het rapport is echt en ongewijzigd.').waitFor();
    await accessible(auditor);
    const changed = fs.readFileSync(reportFile);
    changed[changed.indexOf('Vertrouwelijk') + 3] ^= 0x01;
    fs.writeFileSync(path.join(dir, 'gewijzigd.pdf'), changed);
    await auditor.locator('#rapportbestand').setInputFiles(path.join(dir, 'gewijzigd.pdf'));
    await auditor.getByText('Het rapport is niet geldig.').waitFor();
    await auditor.getByRole('link', { name: 'Audittrail' }).click();
    await auditor.getByText(/De keten is intact: \d+ vermeldingen/).waitFor();
    await accessible(auditor);

    // No script error and nothing the Content Security Policy had to refuse, on any page.
    expect(pageErrors).toEqual([]);
    console.log(`Walk through ${pagesChecked.size} pages (${[...pagesChecked].sort().join(', ')}) in ${((performance.now() - started) / 1000).toFixed(1)} s; axe: no serious or critical violations.`);
  // The walk takes about 40 s alone on this 2-core machine: 180 s is a bound, not a goal; under a full
  // parallel suite on a shared machine it needs more than jest's default 60 s.
  }, 180_000);
});
