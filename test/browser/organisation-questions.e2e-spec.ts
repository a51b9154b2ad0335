import { Browser } from 'playwright-core';
import { questionnaireTemplate } from '../../src/candidates/questionnaire';
import { describeInBrowser, ensureWebBuilt, expectAccessible, launchBrowser, newPage, signIn } from '../support/browser';
import { caseFlow, demoRoles, inDays } from '../support/cases';
import { invitationCode } from '../support/mail';
import { bearer, DEMO, startTestApp, TestApp } from '../support/test-app';

describeInBrowser('an organisation question in the candidate’s questionnaire', () => {
  let t: TestApp;
  let browser: Browser;
  let roles: Awaited<ReturnType<typeof demoRoles>>;

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

  it('lets the beheerder add an own question on the settings page, with a Dutch message for a mistake, and remove it', async () => {
    const page = await newPage(browser, t);
    await signIn(page, DEMO.beheerder);
    await page.getByRole('link', { name: 'Instellingen' }).click();
    await page.getByRole('heading', { name: 'Eigen vragen' }).waitFor();
    await page.getByText('Uw organisatie heeft nog geen eigen vragen.').waitFor();
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Eigen vraag toevoegen' }) });
    await form.getByLabel('Thema').selectOption({ label: 'Nevenfuncties' });
    await form.getByLabel('Vraag', { exact: true }).fill('Ja?');
    await form.getByLabel('Uitleg').fill('Wij vragen dit omdat de gemeente subsidie geeft.');
    await form.getByRole('button', { name: 'Vraag toevoegen' }).click();
    await page.getByText(/te kort/).first().waitFor();
    await form.getByLabel('Vraag', { exact: true }).fill('Bent u lid van het bestuur van een sportclub?');
    await form.getByRole('button', { name: 'Vraag toevoegen' }).click();
    await page.getByText('De vraag is toegevoegd. Zij geldt voor dossiers die vanaf nu worden aangemaakt.').waitFor();
    await page.getByText('Bent u lid van het bestuur van een sportclub?', { exact: true }).waitFor();
    await expectAccessible(page);
    await page.getByRole('heading', { name: 'Eigen vragen' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/orgq-beheerder.png', fullPage: false });
    const [audit] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'organisation.question.create'`);
    expect(audit.n).toBe(1);
    await page.getByRole('button', { name: 'Vraag verwijderen: Bent u lid van het bestuur van een sportclub?' }).click();
    await page.getByText('De vraag is verwijderd. Lopende dossiers houden haar.').waitFor();
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM organisation_questions'))[0].n).toBe(0);
    await page.context().close();
  });

  it('shows the question in its theme, marked as the gemeente’s own, and saves the answer', async () => {
    const beheerder = await t.login(DEMO.beheerder);
    const organisationId = (await t.api().get('/me').set(bearer(beheerder)).expect(200)).body.organisation.id;
    const label = 'Bent u bestuurslid van een vereniging die subsidie krijgt van de gemeente?';
    await t.api().post(`/organisations/${organisationId}/questions`).set(bearer(beheerder)).send({
      themeId: 'nevenfuncties', type: 'yes_no', label, help: 'Wij vragen dit omdat de gemeente veel verenigingen subsidie geeft.', required: true, explanationOnYes: true,
    }).expect(201);

    const { act } = caseFlow(t);
    const { body } = await t.http().post('/cases').set(bearer(roles.burgemeester)).send({ candidate: { name: 'Anna Jansen', email: 'eigen.vraag@example.nl' }, plannedAppointmentDate: inDays(30) }).expect(201);
    await act(roles.burgemeester, body.id, 'ASSIGN_SCREENER', { screenerId: roles.screenerId });
    await act(roles.burgemeester, body.id, 'INVITE_CANDIDATE');
    const code = await invitationCode(t, 'eigen.vraag@example.nl');

    const v2 = questionnaireTemplate('2');
    const index = v2.themes.findIndex((th) => th.id === 'nevenfuncties');
    const page = await newPage(browser, t);
    await page.goto(`/kandidaat#code=${code}`);
    await page.waitForURL('**/kandidaat/zaak');
    await page.getByRole('button', { name: 'Ik geef toestemming', exact: true }).click();
    await page.getByRole('heading', { name: 'De vragenlijst invullen' }).waitFor();
    await page.getByRole('link', { name: new RegExp(`^${index + 1}\\. `) }).click();
    await page.getByText(`Stap ${index + 1} van ${v2.themes.length}`, { exact: true }).waitFor();

    const own = page.getByRole('group', { name: label, exact: true });
    await own.getByText(/^Vraag van de gemeente zelf\. Wij vragen dit omdat/).waitFor();
    // A template question in the same theme carries no such mark.
    const templateQuestion = v2.themes[index].questions.find((q) => q.type === 'yes_no')!;
    expect(await page.getByRole('group', { name: templateQuestion.label, exact: true }).innerText()).not.toContain('Vraag van de gemeente zelf');
    await own.getByLabel('Ja', { exact: true }).check();
    await page.getByRole('textbox', { name: 'Toelichting' }).fill('Penningmeester van de voetbalclub.');
    await expectAccessible(page);
    await own.scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/orgq-candidate.png', fullPage: false });

    const { id } = (await t.dataSource.query('SELECT organisation_questions FROM cases WHERE id = $1', [body.id]))[0].organisation_questions.find((q: { label: string }) => q.label === label);
    for (let i = 0; i < 50; i++) {
      const res = await page.request.get(`/cases/${body.id}/questionnaire`, { headers: { 'X-Requested-With': 'basisscan' } });
      if ((await res.json()).answers[id]?.explanation === 'Penningmeester van de voetbalclub.') break;
      if (i === 49) throw new Error('the answer was not saved');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await page.context().close();
  });
});
