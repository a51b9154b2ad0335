import { caseFlow, demoRoles, inDays, today } from '../support/cases';
import { bearer, DEMO, startTestApp, TestApp } from '../support/test-app';

const TINY_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('organisation settings: one home, kept by the beheerder, validated and audited', () => {
  let t: TestApp;
  let beheerder: string;
  let roles: Awaited<ReturnType<typeof demoRoles>>;
  let organisationId: string;
  let otherOrganisationId: string;
  let bureauId: string;

  beforeAll(async () => {
    t = await startTestApp();
    roles = await demoRoles(t);
    beheerder = await t.login(DEMO.beheerder);
    organisationId = (await t.api().get('/me').set(bearer(beheerder)).expect(200)).body.organisation.id;
    [{ id: otherOrganisationId }] = await t.dataSource.query(`SELECT id FROM organisations WHERE code = 'anderdorp'`);
    [{ id: bureauId }] = await t.dataSource.query(`SELECT id FROM organisations WHERE code = 'integriteitsbureau-noord'`);
  });
  afterAll(() => t?.destroy());

  const settings = async () => (await t.api().get(`/organisations/${organisationId}/settings`).set(bearer(beheerder)).expect(200)).body;
  /** The settings as sent back: the view minus what only the service says. */
  const asInput = (view: Record<string, unknown>) => {
    const { id: _id, kind: _kind, hasLogo: _logo, updatedAt: _updated, defaults: _defaults, screeningBureaus, ...rest } = view as Record<string, unknown> & { screeningBureaus: { bureauId: string; processingAgreementReference: string; agreedOn: string | null }[] };
    return { ...rest, screeningBureaus: screeningBureaus.map(({ bureauId: id, processingAgreementReference, agreedOn }) => ({ bureauId: id, processingAgreementReference, agreedOn })) };
  };

  it('shows what is set, and the defaults and the law where nothing is', async () => {
    const view = await settings();
    expect(view).toMatchObject({
      name: 'Gemeente Voorbeeldstad',
      kind: 'gemeente',
      links: { contactUrl: null, contactEmail: null, privacyStatementUrl: null, accessibilityStatementUrl: null },
      deadlines: { consentDays: null, wederhoorWorkingDays: null },
      vogMaxAgeMonths: null,
      screeningBureaus: [{ bureauId, name: 'Integriteitsbureau Noord', processingAgreementReference: 'VWO-2026-014', agreedOn: '2026-01-05' }],
      hasLogo: false,
      defaults: { deadlines: { consentDays: 7, questionnaireDays: 7, wederhoorWorkingDays: 5 }, vogMaxAgeMonths: 3 },
    });
    expect(view.defaults.vogLegalReference).toMatch(/Gemeentewet/);
  });

  it('is the beheerder’s own: other roles are refused, another organisation’s id answers like a missing one', async () => {
    await t.api().get(`/organisations/${organisationId}/settings`).set(bearer(roles.burgemeester)).expect(403);
    await t.api().get(`/organisations/${otherOrganisationId}/settings`).set(bearer(beheerder)).expect(404);
    await t.api().put(`/organisations/${otherOrganisationId}/settings`).set(bearer(beheerder)).send(asInput(await settings())).expect(404);
  });

  it('refuses bad input with a Dutch reason, and changes nothing', async () => {
    const before = await settings();
    const input = asInput(before);
    const cases: [Record<string, unknown>, number, RegExp][] = [
      [{ ...input, links: { ...before.links, privacyStatementUrl: 'http://www.voorbeeldstad.nl/privacy' } }, 400, /Privacyverklaring moet een https-adres zijn/],
      [{ ...input, deadlines: { ...before.deadlines, wederhoorWorkingDays: 1 } }, 400, /Werkdagen voor wederhoor is te klein/],
      [{ ...input, vogMaxAgeMonths: 6 }, 422, /mag niet ruimer zijn dan de wet: ten hoogste 3 maanden/],
      [{ ...input, screeningBureaus: [{ bureauId: otherOrganisationId, processingAgreementReference: 'X', agreedOn: null }] }, 422, /Dit screeningsbureau bestaat niet/],
      [{ ...input, screeningBureaus: [...input.screeningBureaus, ...input.screeningBureaus] }, 422, /staat meer dan eens in de lijst/],
      [{ ...input, name: ' ' }, 400, /Naam is verplicht/],
    ];
    for (const [body, status, message] of cases) {
      const res = await t.api().put(`/organisations/${organisationId}/settings`).set(bearer(beheerder)).send(body).expect(status);
      expect([res.headers['content-type'], res.body.message]).toEqual([expect.stringMatching(/^application\/problem\+json/), expect.stringMatching(message)]);
    }
    expect(await settings()).toEqual(before);
  });

  it('saves a whole set, audits it, and the organisation’s cases follow its deadlines and stricter VOG age', async () => {
    const input = {
      ...asInput(await settings()),
      name: 'Gemeente Voorbeeldstad',
      links: { contactUrl: 'https://www.voorbeeldstad.nl/contact', contactEmail: 'Integriteit@Voorbeeldstad.nl', privacyStatementUrl: 'https://www.voorbeeldstad.nl/privacy', accessibilityStatementUrl: '' },
      deadlines: { consentDays: 10, questionnaireDays: null, wederhoorWorkingDays: 8, vogRequestWorkingDays: null, vogWarningDaysBeforeAppointment: null },
      retention: { notAppointedDays: 14, withdrawnDays: null },
      vogMaxAgeMonths: 2,
    };
    const saved = (await t.api().put(`/organisations/${organisationId}/settings`).set(bearer(beheerder)).send(input).expect(200)).body;
    expect(saved).toMatchObject({
      links: { contactEmail: 'integriteit@voorbeeldstad.nl', accessibilityStatementUrl: null },
      deadlines: { consentDays: 10, questionnaireDays: null, wederhoorWorkingDays: 8 },
      retention: { notAppointedDays: 14 },
      vogMaxAgeMonths: 2,
    });
    expect(await settings()).toEqual(saved);
    const [entry] = await t.dataSource.query(`SELECT actor, result FROM audit_log WHERE action = 'organisation.settings.update' ORDER BY seq DESC LIMIT 1`);
    expect(entry.result).toBe('ok');
    // Every official of the organisation sees the links in the page frame.
    const session = (await t.api().get('/auth/session').set(bearer(roles.burgemeester)).expect(200)).body;
    expect(session.organisation).toMatchObject({ hasLogo: false, links: { contactUrl: 'https://www.voorbeeldstad.nl/contact', privacyStatementUrl: 'https://www.voorbeeldstad.nl/privacy' } });

    const { invitedCase } = caseFlow(t);
    const c = await invitedCase({ opdrachtgever: roles.burgemeester, screenerId: roles.screenerId, email: 'instellingen@example.nl' });
    const [consent] = await t.dataSource.query(`SELECT to_char(due_at, 'YYYY-MM-DD') AS due FROM scheduled_jobs WHERE case_id = $1 AND kind = 'toestemming' AND status = 'pending'`, [c.id]);
    expect(consent.due).toBe(inDays(10));
    const view = (await t.api().get(`/cases/${c.id}`).set(bearer(roles.burgemeester)).expect(200)).body;
    expect(view.guide.vog.maxAgeMonths).toBe(2);
    expect(today() < consent.due).toBe(true);
  });

  it('lets only screeners of the bureaus on the list be assigned', async () => {
    const before = asInput(await settings());
    await t.api().put(`/organisations/${organisationId}/settings`).set(bearer(beheerder)).send({ ...before, screeningBureaus: [] }).expect(200);
    await t.api().get(`/screeners?email=${encodeURIComponent(DEMO.screener)}`).set(bearer(roles.burgemeester)).expect(404);
    const { body: created } = await t.api().post('/cases').set(bearer(roles.burgemeester)).send({ candidate: { name: 'Bram Bureau', email: 'bureau@example.nl' }, plannedAppointmentDate: inDays(30) }).expect(201);
    const refused = await t.api().post(`/cases/${created.id}/events`).set(bearer(roles.burgemeester)).send({ type: 'ASSIGN_SCREENER', expectedVersion: created.version, screenerId: roles.screenerId }).expect(422);
    expect(refused.body).toMatchObject({ code: 'SCREENER_UNKNOWN', message: expect.stringMatching(/screeningsbureau waarmee uw organisatie werkt/) });
    const bureaus = (await t.api().get('/screening-bureaus').set(bearer(beheerder)).expect(200)).body;
    expect(bureaus).toEqual([{ id: bureauId, name: 'Integriteitsbureau Noord' }]);
    await t.api().put(`/organisations/${organisationId}/settings`).set(bearer(beheerder))
      .send({ ...before, screeningBureaus: [{ bureauId, processingAgreementReference: 'VWO-2027-002', agreedOn: '2026-11-30' }] }).expect(200);
    await t.api().get(`/screeners?email=${encodeURIComponent(DEMO.screener)}`).set(bearer(roles.burgemeester)).expect(200);
  });

  it('keeps a PNG or JPEG logo that every official of the organisation sees, and refuses anything else', async () => {
    const refused = await t.api().put(`/organisations/${organisationId}/logo`).set(bearer(beheerder)).send({ mediaType: 'image/png', data: Buffer.from('<svg onload=alert(1)>').toString('base64') }).expect(422);
    expect(refused.body.message).toBe('Het logo is geen PNG-bestand.');
    await t.api().put(`/organisations/${organisationId}/logo`).set(bearer(beheerder)).send({ mediaType: 'image/png', data: TINY_PNG }).expect(204);
    const logo = await t.api().get(`/organisations/${organisationId}/logo`).set(bearer(roles.burgemeester)).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    expect([logo.headers['content-type'], logo.headers['x-content-type-options'], (logo.body as Buffer).equals(Buffer.from(TINY_PNG, 'base64'))]).toEqual(['image/png', 'nosniff', true]);
    const other = await t.login(DEMO.burgemeesterAnderdorp);
    await t.api().get(`/organisations/${organisationId}/logo`).set(bearer(other)).expect(404);
    await t.api().delete(`/organisations/${organisationId}/logo`).set(bearer(beheerder)).expect(204);
    await t.api().get(`/organisations/${organisationId}/logo`).set(bearer(roles.burgemeester)).expect(404);
    const actions = (await t.dataSource.query(`SELECT action FROM audit_log WHERE action LIKE 'organisation.logo.%' ORDER BY seq`)).map((r: { action: string }) => r.action);
    expect(actions).toEqual(['organisation.logo.update', 'organisation.logo.delete']);
  });
});
