import * as fs from 'node:fs';
import { Browser, Page } from 'playwright-core';
import { questionnaireTemplate } from '../../src/candidates/questionnaire';
import { describeInBrowser, ensureWebBuilt, expectAccessible, launchBrowser, newPage, signIn } from '../support/browser';
import { caseFlow, demoRoles, inDays } from '../support/cases';
import { invitationCode } from '../support/mail';
import { completeAnswers } from '../support/questionnaire';
import { bearer, DEMO, startTestApp, TestApp } from '../support/test-app';

describeInBrowser('the candidate in the web application', () => {
  let t: TestApp;
  let browser: Browser;
  let roles: Awaited<ReturnType<typeof demoRoles>>;
  // The first walk is a case that started before v2 and keeps v1; the v2 walk has its own test below.
  const template = questionnaireTemplate('1');
  const complete = completeAnswers('1');

  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestApp();
    browser = await launchBrowser();
    roles = await demoRoles(t);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.destroy();
  });

  /** Commissioned, screener assigned, candidate invited; the code from the mail is not exchanged. */
  async function invited(email: string, questionnaireVersion?: '1') {
    const { act } = caseFlow(t);
    const { body } = await t.http()
      .post('/cases')
      .set(bearer(roles.burgemeester))
      .send({ candidate: { name: 'Anna Jansen', email }, plannedAppointmentDate: inDays(30) })
      .expect(201);
    await act(roles.burgemeester, body.id, 'ASSIGN_SCREENER', { screenerId: roles.screenerId });
    await act(roles.burgemeester, body.id, 'INVITE_CANDIDATE');
    if (questionnaireVersion) await t.dataSource.query('UPDATE cases SET questionnaire_version = $2 WHERE id = $1', [body.id, questionnaireVersion]);
    return { id: body.id as string, code: await invitationCode(t, email) };
  }

  /** The candidate's saved answers, read with the browser's own session. */
  async function savedAnswers(page: Page, caseId: string): Promise<Record<string, { value: unknown; explanation?: string }>> {
    const res = await page.request.get(`/cases/${caseId}/questionnaire`, { headers: { 'X-Requested-With': 'basisscan' } });
    expect(res.status()).toBe(200);
    return (await res.json()).answers;
  }

  async function eventually(check: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 50; i++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('condition not met in time');
  }

  const group = (page: Page, name: string) => page.getByRole('group', { name, exact: true });
  const stepText = (page: Page, n: number) => page.getByText(`Stap ${n} van ${template.themes.length}`, { exact: true });

  /** Answers the yes/no questions of the current step "nee", as completeAnswers() does, except those in `yes`. */
  async function answerStep(page: Page, index: number, yes: string[] = []) {
    for (const question of template.themes[index].questions) {
      if (question.type === 'yes_no' && complete[question.id]) {
        await group(page, question.label).getByLabel(yes.includes(question.id) ? 'Ja' : 'Nee', { exact: true }).check();
      }
    }
  }

  it('signs in with the link, gives consent, fills in the questionnaire with autosave, submits and downloads the data', async () => {
    const c = await invited('kandidaat.browser@example.nl', '1');
    const page = await newPage(browser, t);

    await page.goto(`/kandidaat#code=${c.code}`);
    await page.waitForURL('**/kandidaat/zaak');
    expect(page.url()).not.toContain('code');
    await page.getByRole('heading', { name: 'Toestemming geven' }).waitFor();
    await page.getByRole('heading', { name: 'Informatie over de risicoanalyse integriteit en uw toestemming' }).waitFor();
    await expectAccessible(page);

    // Refusing asks first; going back keeps everything as it was.
    await page.getByRole('button', { name: 'Ik geef geen toestemming' }).click();
    await page.getByText('Weet u zeker dat u geen toestemming geeft?').waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Nee, ga terug' }).click();
    await page.getByRole('button', { name: 'Ik geef toestemming', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Dank u. U heeft toestemming gegeven' }).waitFor();

    // Step 1: optional questions only.
    await page.getByRole('heading', { name: 'De vragenlijst invullen' }).waitFor();
    await stepText(page, 1).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Welke portefeuille(s) krijgt u, voor zover bekend? (niet verplicht)').fill('Ruimtelijke ordening');
    await page.getByRole('button', { name: 'Volgende stap' }).click();

    // Step 2: a nevenfunctie in the list.
    await stepText(page, 2).waitFor();
    await answerStep(page, 1, ['nevenfuncties.heeft']);
    const list = group(page, 'Uw nevenfuncties');
    await list.getByRole('button', { name: 'Regel toevoegen aan uw nevenfuncties' }).click();
    const entry = list.getByRole('group', { name: 'Regel 1', exact: true });
    expect(await entry.getByLabel('Organisatie of werkgever').evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await entry.getByLabel('Organisatie of werkgever').fill('Stichting Dorpshuis');
    await entry.getByLabel('Functie of rol').fill('Penningmeester');
    await entry.getByLabel('Uren per maand (niet verplicht)').fill('8');
    await group(page, 'Bezoldigd').getByLabel('Nee', { exact: true }).check();
    await group(page, 'Wilt u deze functie houden na benoeming?').getByLabel('Ja', { exact: true }).check();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Volgende stap' }).click();

    // Step 3: "ja" on vastgoed, without the explanation for now.
    await stepText(page, 3).waitFor();
    await answerStep(page, 2, ['belangen.vastgoed']);
    await page.getByLabel('Toelichting', { exact: true }).waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Volgende stap' }).click();
    await stepText(page, 4).waitFor();

    // Autosave: saved on the step change, and there after a reload.
    await eventually(async () => (await savedAnswers(page, c.id))['belangen.leningen']?.value === false);
    await page.getByRole('status').filter({ hasText: /Opgeslagen om \d{2}:\d{2}/ }).waitFor();
    const saved = await savedAnswers(page, c.id);
    expect(saved['functie.portefeuille']).toEqual({ value: 'Ruimtelijke ordening' });
    expect(saved['nevenfuncties.lijst']).toEqual({ value: [{ organisatie: 'Stichting Dorpshuis', rol: 'Penningmeester', uren_per_maand: 8, bezoldigd: false, wil_aanhouden: true }] });
    expect(saved['belangen.vastgoed']).toEqual({ value: true });
    await page.reload();
    await stepText(page, 4).waitFor();
    await page.getByRole('button', { name: 'Vorige stap' }).click();
    await stepText(page, 3).waitFor();
    expect(await group(page, template.themes[2].questions[2].label).getByLabel('Ja', { exact: true }).isChecked()).toBe(true);
    await page.getByRole('link', { name: /^2\. Nevenfuncties/ }).click();
    await stepText(page, 2).waitFor();
    expect(await page.getByLabel('Organisatie of werkgever').inputValue()).toBe('Stichting Dorpshuis');
    expect(await page.getByLabel('Uren per maand (niet verplicht)').inputValue()).toBe('8');

    // The other steps, "nee" everywhere, without the declaration.
    for (let index = 3; index < template.themes.length; index++) {
      await page.getByRole('link', { name: new RegExp(`^${index + 1}\\. `) }).click();
      await stepText(page, index + 1).waitFor();
      await answerStep(page, index);
    }
    await expectAccessible(page);

    // Submitting with something missing lists it, with links to the steps.
    await page.getByRole('button', { name: 'Vragenlijst indienen' }).click();
    await page.getByRole('heading', { name: 'De vragenlijst is nog niet compleet' }).waitFor();
    await expectAccessible(page);
    const missingLinks = page.getByRole('link', { name: /^Stap \d+, / });
    expect(await missingLinks.allTextContents()).toEqual([
      expect.stringContaining('Stap 3, Financiële belangen: Bezit u onroerend goed in of rond de gemeente, anders dan uw eigen woning? — de toelichting ontbreekt'),
      expect.stringContaining('Stap 12, Verklaring: Ik verklaar dat ik deze vragenlijst naar waarheid en volledig heb ingevuld'),
    ]);
    await missingLinks.first().click();
    await stepText(page, 3).waitFor();
    expect(await page.getByLabel('Toelichting', { exact: true }).evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await page.getByLabel('Toelichting', { exact: true }).fill('Een vakantiewoning buiten de gemeente.');
    await page.getByRole('link', { name: /^12\. Verklaring/ }).click();
    await stepText(page, 12).waitFor();
    await page.getByLabel(/Ik verklaar dat ik deze vragenlijst naar waarheid/).check();
    await eventually(async () => (await savedAnswers(page, c.id))['verklaring.naar_waarheid']?.value === true);
    await page.getByRole('button', { name: 'Vragenlijst indienen' }).click();
    await page.getByText('Uw vragenlijst is ingediend').waitFor();
    await page.getByText('U hoeft nu niets te doen.').waitFor();
    await expectAccessible(page);
    const { body: view } = await t.http().get(`/cases/${c.id}`).set(bearer(roles.burgemeester)).expect(200);
    expect(view.phase).toBe('openbronnenonderzoek');

    // Inzage: the candidate's own data as a file.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Mijn gegevens downloaden' }).click()]);
    expect(download.suggestedFilename()).toBe('mijn-gegevens.json');
    const data = JSON.parse(fs.readFileSync((await download.path())!, 'utf8'));
    expect(data.you).toEqual({ name: 'Anna Jansen', email: 'kandidaat.browser@example.nl' });
    expect(data.questionnaire['belangen.vastgoed']).toEqual({ value: true, explanation: 'Een vakantiewoning buiten de gemeente.' });
    await page.getByText('Uw gegevens zijn gedownload als mijn-gegevens.json.').waitFor();

    // Withdrawing is offered behind a confirmation.
    await page.getByRole('button', { name: 'Toestemming intrekken' }).click();
    await page.getByText('Weet u zeker dat u uw toestemming wilt intrekken?').waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Nee, ga terug' }).click();
    await page.context().close();
  });

  it('walks a v2 questionnaire: who sees each answer, the Loopbaan rows, no maintainers\' sources', async () => {
    const v2 = questionnaireTemplate('2');
    const complete2 = completeAnswers('2');
    const c = await invited('kandidaat.v2@example.nl');
    const page = await newPage(browser, t);
    const step = (n: number) => page.getByText(`Stap ${n} van ${v2.themes.length}`, { exact: true });
    const answerAll = async (index: number) => {
      for (const question of v2.themes[index].questions) {
        if (question.type === 'yes_no' && complete2[question.id]) await group(page, question.label).getByLabel('Nee', { exact: true }).check();
      }
    };

    await page.goto(`/kandidaat#code=${c.code}`);
    await page.waitForURL('**/kandidaat/zaak');
    await page.getByRole('button', { name: 'Ik geef toestemming', exact: true }).click();
    await page.getByRole('heading', { name: 'De vragenlijst invullen' }).waitFor();

    // Step 1: the benoembaarheid facts, each saying that only the griffier sees the answer.
    await step(1).waitFor();
    const nationality = group(page, 'Heeft u de Nederlandse nationaliteit?');
    await nationality.getByText(/alleen de griffier, die de eisen voor wethouders controleert/).waitFor();
    await nationality.getByLabel('Ja', { exact: true }).check();
    await group(page, 'Bent u 18 jaar of ouder?').getByLabel('Ja', { exact: true }).check();
    await group(page, 'Heeft een rechter u uitgesloten van het recht om te stemmen?').getByLabel('Nee', { exact: true }).check();
    await group(page, 'Woont u buiten de gemeente?').getByLabel('Nee', { exact: true }).check();
    await expectAccessible(page);
    const body = await page.locator('body').innerText();
    expect(body).not.toMatch(/questionnaire\.md|Gemeentewet art\. 36a lid 1 \(te bevestigen\)/);
    await page.getByRole('button', { name: 'Volgende stap' }).click();

    // Step 2: Loopbaan, with a repeating row for the work history.
    await step(2).waitFor();
    await page.getByLabel('Wat is uw huidige hoofdfunctie, en bij welke werkgever?').fill('Docent bij het Voorbeeld College');
    await answerAll(1);
    const history = group(page, 'Uw werkervaring (zoals op uw cv)');
    await history.getByRole('button', { name: 'Regel toevoegen aan uw werkervaring (zoals op uw cv)' }).click();
    const row = history.getByRole('group', { name: 'Regel 1', exact: true });
    await row.getByLabel('Werkgever').fill('Gemeente Elders');
    await row.getByLabel('Functie', { exact: true }).fill('Beleidsmedewerker');
    await expectAccessible(page);

    for (let index = 2; index < v2.themes.length; index++) {
      await page.getByRole('link', { name: new RegExp(`^${index + 1}\\. `) }).click();
      await step(index + 1).waitFor();
      await answerAll(index);
    }
    await page.getByLabel(/Ik verklaar dat ik deze vragenlijst naar waarheid/).check();
    await eventually(async () => (await savedAnswers(page, c.id))['verklaring.naar_waarheid']?.value === true);
    await page.getByRole('button', { name: 'Vragenlijst indienen' }).click();
    await page.getByText('Uw vragenlijst is ingediend').waitFor();
    const saved = await savedAnswers(page, c.id);
    expect(saved['loopbaan.hoofdfunctie']).toEqual({ value: 'Docent bij het Voorbeeld College' });
    expect(saved['loopbaan.werkervaring']).toEqual({ value: [{ werkgever: 'Gemeente Elders', functie: 'Beleidsmedewerker' }] });
    expect(saved['benoembaarheid.nederlander']).toEqual({ value: true });
    const { body: view } = await t.http().get(`/cases/${c.id}`).set(bearer(roles.burgemeester)).expect(200);
    expect(view.phase).toBe('openbronnenonderzoek');
    await page.context().close();
  });

  it('offers the safety intake apart and voluntary; the opdrachtgever reads it on the case page, the screener does not see it', async () => {
    const marker = 'Anonieme dreigbrief na de verkiezingsavond';
    const c = await invited('kandidaat.veiligheid@example.nl');
    const page = await newPage(browser, t);
    await page.goto(`/kandidaat#code=${c.code}`);
    await page.getByRole('button', { name: 'Ik geef toestemming', exact: true }).click();
    await page.getByRole('heading', { name: 'Veiligheidsgesprek (vrijwillig)' }).waitFor();
    await page.getByText(/Alleen de opdrachtgever ziet uw antwoorden/).waitFor();
    // Nothing to fill in until the candidate chooses to.
    expect(await page.getByRole('group', { name: /Bent u bedreigd of geïntimideerd/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Ik wil dit invullen' }).click();
    await page.getByRole('group', { name: /Bent u bedreigd of geïntimideerd/ }).getByLabel('Ja', { exact: true }).check();
    await page.getByLabel('Toelichting (niet verplicht)').fill(marker);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await page.getByText('Uw antwoorden zijn opgeslagen. Alleen de opdrachtgever kan ze lezen.').waitFor();
    await page.context().close();

    const opdrachtgever = await newPage(browser, t);
    await signIn(opdrachtgever, DEMO.burgemeester);
    await opdrachtgever.goto(`/zaken/${c.id}`);
    await opdrachtgever.getByRole('heading', { name: 'Veiligheidsgesprek (vrijwillig)' }).waitFor();
    await opdrachtgever.getByText(`Ja: ${marker}`).waitFor();
    await expectAccessible(opdrachtgever);
    await opdrachtgever.context().close();

    const screener = await newPage(browser, t);
    await signIn(screener, DEMO.screener);
    await screener.goto(`/zaken/${c.id}`);
    await screener.getByRole('heading', { name: 'Rapport' }).waitFor();
    expect(await screener.locator('body').innerText()).not.toContain(marker);
    expect(await screener.getByRole('heading', { name: 'Veiligheidsgesprek (vrijwillig)' }).count()).toBe(0);
    await screener.context().close();
  });

  it('shows the findings for hoor en wederhoor and takes the response', async () => {
    const c = await invited('kandidaat.wederhoor@example.nl');
    const page = await newPage(browser, t);
    await page.goto(`/kandidaat#code=${c.code}`);
    await page.getByRole('button', { name: 'Ik geef toestemming', exact: true }).click();
    await page.getByRole('heading', { name: 'De vragenlijst invullen' }).waitFor();
    // The rest of the candidate's part through the browser's own session, the screener's through HTTP.
    const asCandidate = { headers: { 'X-Requested-With': 'basisscan' } };
    expect((await page.request.put(`/cases/${c.id}/questionnaire/answers`, { ...asCandidate, data: { answers: completeAnswers() } })).status()).toBe(200);
    const version = async () => (await t.http().get(`/cases/${c.id}`).set(bearer(roles.screener)).expect(200)).body.version as number;
    expect((await page.request.post(`/cases/${c.id}/events`, { ...asCandidate, data: { type: 'SUBMIT_QUESTIONNAIRE', expectedVersion: await version() } })).status()).toBe(200);
    const { act } = caseFlow(t);
    const screener = roles.screener;
    await t.http().post(`/cases/${c.id}/sources`).set(bearer(screener))
      .send({ kind: 'kvk_handelsregister', consultedOn: inDays(0), query: 'Inschrijvingen op naam', found: 'Eenmanszaak Jansen Advies, actief sinds 2019', isFinding: true }).expect(201);
    await act(screener, c.id, 'COMPLETE_RESEARCH');
    await page.reload();
    await page.getByText('U hoeft nu niets te doen.').waitFor();
    await t.http().put(`/cases/${c.id}/interview`).set(bearer(screener))
      .send({ heldOn: inDays(0), participants: ['screener', 'kandidaat'], summaries: [{ theme: 'nevenfuncties', summary: 'De adviespraktijk besproken.' }] }).expect(200);
    await act(screener, c.id, 'RECORD_INTERVIEW', { date: inDays(0) });
    await t.http().post(`/cases/${c.id}/risks`).set(bearer(screener)).send({
      theme: 'nevenfuncties', description: 'Schijn van belangenverstrengeling door adviesopdrachten in de gemeente.', likelihood: 'gemiddeld', impact: 'aanzienlijk', facts: {},
      measures: [{ measure: 'De adviespraktijk beëindigen vóór de benoeming', who: 'kandidaat', byWhen: inDays(20) }],
    }).expect(201);
    await t.http().put(`/cases/${c.id}/assessment/draft`).set(bearer(screener)).send({ conclusion: 'beheersbaar', explanation: 'Beheersbaar als de adviespraktijk stopt.' }).expect(200);
    await act(screener, c.id, 'SUBMIT_DRAFT');

    await page.reload();
    await page.getByRole('heading', { name: 'Hoor en wederhoor: de bevindingen' }).waitFor();
    await page.getByRole('cell', { name: 'Eenmanszaak Jansen Advies, actief sinds 2019' }).waitFor();
    await page.getByText('De adviespraktijk beëindigen vóór de benoeming', { exact: false }).waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Reactie indienen' }).click();
    await page.getByRole('heading', { name: 'Er is een probleem' }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Uw reactie op de bevindingen').fill('Ik stop met de adviespraktijk.');
    await page.getByRole('button', { name: 'Reactie indienen' }).click();
    await page.getByText('Uw reactie is ingediend', { exact: false }).waitFor();
    await page.getByText('Ik stop met de adviespraktijk.').waitFor();
    await expectAccessible(page);
    const { body: view } = await t.http().get(`/cases/${c.id}`).set(bearer(roles.burgemeester)).expect(200);
    expect(view.phase).toBe('eindrapportage');

    // A factual error: the candidate asks for a correction, the screener accepts it in the file; a second one is refused.
    await page.getByRole('heading', { name: 'Een fout laten corrigeren' }).waitFor();
    await page.getByLabel('Wat is er fout, en wat moet het zijn?').fill('De eenmanszaak is in 2023 uitgeschreven.');
    await page.getByRole('button', { name: 'Correctie vragen' }).click();
    await page.getByText('Uw verzoek om correctie is verstuurd.', { exact: false }).waitFor();
    await page.getByText('Nog niet beslist', { exact: false }).waitFor();
    await expectAccessible(page);

    const screenerPage = await newPage(browser, t);
    await signIn(screenerPage, DEMO.screener);
    await screenerPage.goto(`/zaken/${c.id}/dossier`);
    await screenerPage.getByRole('heading', { name: 'Verzoeken om correctie' }).waitFor();
    await screenerPage.getByText('Verzoek: De eenmanszaak is in 2023 uitgeschreven.').first().waitFor();
    await screenerPage.getByLabel('Nieuwe tekst van de bevinding').fill('Eenmanszaak Jansen Advies, actief van 2019 tot 2023');
    await expectAccessible(screenerPage);
    await screenerPage.getByRole('button', { name: 'Correctie accepteren' }).click();
    await screenerPage.getByText('Nieuwe tekst: Eenmanszaak Jansen Advies, actief van 2019 tot 2023').waitFor();

    await page.reload();
    await page.getByRole('cell', { name: 'Eenmanszaak Jansen Advies, actief van 2019 tot 2023' }).waitFor();
    await page.getByText('Gecorrigeerd', { exact: false }).first().waitFor();
    await page.getByLabel('Wat is er fout, en wat moet het zijn?').fill('Het was 2022.');
    await page.getByRole('button', { name: 'Correctie vragen' }).click();
    await page.getByText('Uw verzoek om correctie is verstuurd.', { exact: false }).waitFor();

    await screenerPage.reload();
    await screenerPage.getByText('Verzoek: Het was 2022.').first().waitFor();
    await screenerPage.getByLabel('Reden om niet te corrigeren').fill('Het Handelsregister noemt 2023.');
    await screenerPage.getByRole('button', { name: 'Correctie weigeren' }).click();
    await screenerPage.getByText('Reden: Het Handelsregister noemt 2023.').waitFor();
    await screenerPage.context().close();

    await page.reload();
    await page.getByText('Reden: Het Handelsregister noemt 2023.').waitFor();
    await page.getByText('Niet gecorrigeerd', { exact: false }).waitFor();
    await expectAccessible(page);
    await page.context().close();
  });

  it('explains calmly when the link was already used, and where to find it when there is none', async () => {
    const c = await invited('kandidaat.oudelink@example.nl');
    await t.http().post('/auth/invitation').send({ code: c.code }).expect(200);

    const page = await newPage(browser, t);
    await page.goto(`/kandidaat#code=${c.code}`);
    await page.getByRole('heading', { name: 'Deze link werkt niet meer', level: 1 }).waitFor();
    expect(page.url()).not.toContain('code');
    // The way back in (issue 17): a new link by mail.
    await page.getByRole('link', { name: 'Vraag een nieuwe link aan' }).waitFor();
    await expectAccessible(page);
    expect(await page.context().cookies()).toEqual([]);

    await page.goto('/kandidaat');
    await page.getByRole('heading', { name: 'Kandidaat: uw uitnodiging', level: 1 }).waitFor();
    await expectAccessible(page);
    await page.context().close();
  });
});
