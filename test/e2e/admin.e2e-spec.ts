import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Database } from '../../src/database/database.module';
import { AdministrationService } from '../../src/orgs/administration.service';
import { caseAtAdvies, caseFlow, inDays, today } from '../support/cases';
import { bearer, startTestApp, TestApp } from '../support/test-app';

/**
 * The operator's command line on a database without the demo seed: organisations and their first
 * beheerders, who then run the organisation in the application. Every refusal is Dutch.
 */
describe('the operator’s command line (npm run admin)', () => {
  let t: TestApp;
  let dataDir: string;

  beforeAll(async () => {
    t = await startTestApp({ SEED_DEMO: 'false' });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'basisscan-admin-'));
  });
  afterAll(async () => {
    await t.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses bad input with a Dutch message that names the field, and writes nothing', async () => {
    const admin = t.app.get(AdministrationService);
    const before = await t.dataSource.query('SELECT (SELECT count(*) FROM organisations) AS o, (SELECT count(*) FROM audit_log) AS a');
    await expect(admin.createOrganisation({ code: 'Hoofdletters', name: 'X', kind: 'gemeente' }, 'system:admin')).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('alleen kleine letters') });
    await expect(admin.createOrganisation({ code: 'goed', name: 'X', kind: 'stad' }, 'system:admin')).rejects.toMatchObject({ message: expect.stringContaining('kind: een van gemeente') });
    await expect(admin.createBeheerder({ organisationCode: 'bestaat-niet', email: 'a@b.nl', name: 'A', password: 'lang-genoeg-wachtwoord' }, 'system:admin')).rejects.toMatchObject({ code: 'ORGANISATION_UNKNOWN' });
    await expect(admin.createBeheerder({ organisationCode: 'x1', email: 'a@b.nl', name: 'A', password: 'kort' }, 'system:admin')).rejects.toMatchObject({ message: expect.stringContaining('minstens 12 tekens') });
    expect(await t.dataSource.query('SELECT (SELECT count(*) FROM organisations) AS o, (SELECT count(*) FROM audit_log) AS a')).toEqual(before);
  });

  // A second process on the embedded engine would share the running test service's one backend;
  // the command line is tested where an operator runs it, on PostgreSQL (CI's second run).
  (process.env.TEST_DATABASE_URL ? it : it.skip)('sets up a gemeente and a screeningsbureau from nothing; their people sign in and work together', async () => {
    const cli = (args: string[], env: Record<string, string> = {}) =>
      spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, '../../scripts/admin.ts'), ...args], {
        env: { ...process.env, DATABASE_URL: t.app.get(Database).connectionUrl, DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env },
        encoding: 'utf8',
        timeout: 120_000,
      });
    const ok = (result: ReturnType<typeof cli>) => {
      expect([result.status, result.stderr]).toEqual([0, '']);
      return result.stdout;
    };
    expect(ok(cli(['organisation', 'create', '--code', 'zeestad', '--name', 'Gemeente Zeestad', '--kind', 'gemeente']))).toBe('Organisatie aangemaakt: Gemeente Zeestad (gemeente, code zeestad).\n');
    ok(cli(['organisation', 'create', '--code', 'bureau-west', '--name', 'Integriteitsbureau West', '--kind', 'screeningsbureau']));
    const twice = cli(['organisation', 'create', '--code', 'zeestad', '--name', 'Nog eens', '--kind', 'gemeente']);
    expect([twice.status, twice.stderr]).toEqual([1, 'Er bestaat al een organisatie met de code zeestad.\n']);
    const unknown = cli(['organisation', 'verwijderen']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Gebruik: npm run admin');

    ok(cli(['beheerder', 'create', '--organisation', 'zeestad', '--email', 'beheer@zeestad.nl', '--name', 'Beheer Zeestad'], { ADMIN_PASSWORD: 'Zeestad-beheer-2026' }));
    const generated = ok(cli(['beheerder', 'create', '--organisation', 'bureau-west', '--email', 'beheer@bureau-west.nl', '--name', 'Beheer West']));
    const password = /Eenmalig wachtwoord .*: (\S+)/.exec(generated)![1];

    // The beheerders sign in and make their colleagues; then a case runs between the two organisations.
    const login = async (email: string, pass: string) => (await t.http().post('/auth/login').send({ email, password: pass }).expect(200)).body.accessToken as string;
    const zeestad = await login('beheer@zeestad.nl', 'Zeestad-beheer-2026');
    const west = await login('beheer@bureau-west.nl', password);
    await t.http().post('/users').set(bearer(zeestad)).send({ email: 'burgemeester@zeestad.nl', name: 'Burgemeester Zeestad', roles: ['opdrachtgever'], password: 'Burgemeester-2026!' }).expect(201);
    await t.http().post('/users').set(bearer(west)).send({ email: 'screener@bureau-west.nl', name: 'Screener West', roles: ['screener'], password: 'Screener-west-2026' }).expect(201);
    const burgemeester = await login('burgemeester@zeestad.nl', 'Burgemeester-2026!');
    const screener = await login('screener@bureau-west.nl', 'Screener-west-2026');
    // Until Zeestad registers the bureau with its verwerkersovereenkomst, its screeners cannot be found or assigned.
    await t.api().get('/screeners?email=screener@bureau-west.nl').set(bearer(burgemeester)).expect(404);
    const organisationId = (await t.api().get('/me').set(bearer(zeestad)).expect(200)).body.organisation.id as string;
    const { body: bureaus } = await t.api().get('/screening-bureaus').set(bearer(zeestad)).expect(200);
    expect(bureaus.map((b: { name: string }) => b.name)).toEqual(['Integriteitsbureau West']);
    const { body: settings } = await t.api().put(`/organisations/${organisationId}/settings`).set(bearer(zeestad)).send({
      name: 'Gemeente Zeestad',
      links: { contactUrl: 'https://www.zeestad.nl/contact', contactEmail: 'integriteit@zeestad.nl', privacyStatementUrl: 'https://www.zeestad.nl/privacy', accessibilityStatementUrl: 'https://www.zeestad.nl/toegankelijkheid' },
      deadlines: { consentDays: 5, questionnaireDays: 10, wederhoorWorkingDays: null, vogRequestWorkingDays: null, vogWarningDaysBeforeAppointment: null },
      retention: { notAppointedDays: 21, withdrawnDays: 21 },
      vogMaxAgeMonths: null,
      screeningBureaus: [{ bureauId: bureaus[0].id, processingAgreementReference: 'ZS/VWO/2026-7', agreedOn: '2026-11-02' }],
    }).expect(200);
    expect(settings.screeningBureaus).toEqual([{ bureauId: bureaus[0].id, name: 'Integriteitsbureau West', processingAgreementReference: 'ZS/VWO/2026-7', agreedOn: '2026-11-02' }]);
    const { body: found } = await t.api().get('/screeners?email=screener@bureau-west.nl').set(bearer(burgemeester)).expect(200);

    // A whole case between the two organisations, from the commission to the recorded appointment.
    const c = await caseAtAdvies(t, { burgemeester, screener, screenerId: found.id }, { email: 'ria@example.nl', name: 'Ria Zee' });
    const { act } = caseFlow(t);
    await act(burgemeester, c.id, 'GIVE_ADVICE', { conclusion: 'beheersbaar' });
    await act(burgemeester, c.id, 'RECORD_COUNCIL_INFORMED', { date: today() });
    const closed = await act(burgemeester, c.id, 'RECORD_OUTCOME', { appointed: true, date: today() });
    expect(closed.phase).toBe('afgesloten');
    const [consentDeadline] = await t.dataSource.query(`SELECT to_char(due_at, 'YYYY-MM-DD') AS due FROM scheduled_jobs WHERE case_id = $1 AND kind = 'toestemming'`, [c.id]);
    expect(consentDeadline.due).toBe(inDays(5));

    expect(ok(cli(['jobs', 'run']))).toMatch(/^\d+ termijn(en)? en bewaartermijnen uitgevoerd\.\n$/);
    expect(ok(cli(['audit', 'verify']))).toMatch(/^De auditketen is intact: \d+ vermeldingen\.\n$/);
    expect(ok(cli(['processing-log', 'export', '--organisation', 'zeestad']))).toBeDefined();
    const actions = await t.dataSource.query(`SELECT action FROM audit_log WHERE actor = 'system:admin' ORDER BY seq`);
    expect(actions.map((a: { action: string }) => a.action)).toEqual(['organisation.create', 'organisation.create', 'user.create', 'user.create', 'read.processing_log.export']);
    const [settingsEntry] = await t.dataSource.query(`SELECT actor FROM audit_log WHERE action = 'organisation.settings.update'`);
    expect(settingsEntry.actor).toMatch(/^user:/);
    // Each command starts the application context: about ten processes in all.
  }, 300_000);
});
