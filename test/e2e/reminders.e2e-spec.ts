import { JobsService } from '../../src/jobs/jobs.service';
import { workingDaysBefore } from '../../src/notifications/reminders';
import { caseAtAdvies, caseFlow, inDays } from '../support/cases';
import { outbox } from '../support/mail';
import { bearer, DEMO, sameKeysAs, startTestApp, TestApp } from '../support/test-app';

const LONG = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * Issue 17: reminders before each deadline and a notice when it passed, as durable jobs: once across
 * two instances of the service, and still there after a restart.
 */
describe('reminders before deadlines', () => {
  let first: TestApp;
  let second: TestApp;
  let burgemeester: string;
  let screenerId: string;
  let counter = 0;

  beforeAll(async () => {
    first = await startTestApp({ JOB_POLL_SECONDS: '120' });
    second = await startTestApp({ ...sameKeysAs(first), SEED_DEMO: 'false', JOB_POLL_SECONDS: '120' });
    burgemeester = await first.login(DEMO.burgemeester);
    [{ id: screenerId }] = await first.dataSource.query('SELECT id FROM users WHERE email = $1', [DEMO.screener]);
  });
  afterAll(async () => {
    await second?.destroy();
    await first?.destroy();
  });

  const jobs = (t: TestApp, caseId: string) =>
    t.dataSource.query(`SELECT kind, status, to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS due, event FROM scheduled_jobs WHERE case_id = $1 AND kind LIKE '%vragenlijst' OR case_id = $1 AND kind LIKE '%toestemming' ORDER BY id`, [caseId]);
  const makeDue = (t: TestApp, caseId: string, kind: string) => t.dataSource.query(`UPDATE scheduled_jobs SET due_at = now() - interval '1 second' WHERE case_id = $1 AND kind = $2 AND status = 'pending'`, [caseId, kind]);
  // Whichever instance ran a job delivered its mail, into its own DATA_DIR: look in both.
  const allMail = async (t: TestApp) => [...(await outbox(t)), ...(second && t === first ? await outbox(second) : [])];
  const mailsTo = async (t: TestApp, email: string) => (await allMail(t)).filter((m) => m.headers.toLowerCase().includes(`to: ${email}`));
  const consented = async (t: TestApp) => {
    const email = `herinnering-${++counter}@example.nl`;
    const c = await caseFlow(t).invitedCase({ opdrachtgever: burgemeester, screenerId, email, name: 'Hanna Herinnering', plannedAppointmentDate: inDays(60) });
    return { ...c, email };
  };

  it('schedules a reminder two working days before each deadline of the candidate, and cancels it with the deadline', async () => {
    const c = await consented(first);
    const [deadline, reminder] = await jobs(first, c.id);
    expect(deadline).toMatchObject({ kind: 'toestemming', status: 'pending' });
    expect(reminder).toMatchObject({ kind: 'herinnering:toestemming', status: 'pending', due: `${workingDaysBefore(deadline.due.slice(0, 10), 2)}T07:00`, event: { type: 'REMINDER', deadline: 'toestemming' } });
    // The reminder is no deadline of its own: the guide still names the consent.
    const { body: view } = await first.http().get(`/cases/${c.id}`).set(bearer(burgemeester)).expect(200);
    expect(view.guide.nextDeadline.kind).not.toMatch(/^herinnering/);
    await caseFlow(first).act(c.candidate, c.id, 'GIVE_CONSENT', { consentTextVersion: '3' });
    expect((await jobs(first, c.id)).map((j: { kind: string; status: string }) => `${j.kind} ${j.status}`)).toEqual([
      'toestemming cancelled',
      'herinnering:toestemming cancelled',
      'vragenlijst pending',
      'herinnering:vragenlijst pending',
    ]);
  });

  it('sends a reminder exactly once when two instances race for it, with the deadline and a fresh link', async () => {
    const c = await consented(first);
    await caseFlow(first).act(c.candidate, c.id, 'GIVE_CONSENT', { consentTextVersion: '3' });
    const before = (await mailsTo(first, c.email)).length;
    await makeDue(first, c.id, 'herinnering:vragenlijst');
    const fired = await Promise.all([first, second, first, second].map((app) => app.app.get(JobsService).runDue()));
    expect(fired.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await Promise.all([first, second].map((app) => app.app.get(JobsService).runDue()))).toEqual([0, 0]);
    const mails = await mailsTo(first, c.email);
    expect(mails).toHaveLength(before + 1);
    const [{ due }] = await first.dataSource.query(`SELECT to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS due FROM scheduled_jobs WHERE case_id = $1 AND kind = 'vragenlijst' AND status = 'pending'`, [c.id]);
    const reminder = mails.at(-1)!;
    expect(reminder.body).toContain('Dit is een herinnering.');
    expect(reminder.body).toContain(`Doe dit uiterlijk ${LONG.format(new Date(`${due}T00:00:00Z`))}.`);
    expect(reminder.body).toMatch(/\/kandidaat#code=[A-Za-z0-9_-]+/);
    // The candidate's running session stays; the case itself did not move.
    await first.http().get(`/cases/${c.id}`).set(bearer(c.candidate)).expect(200);
    const [{ n }] = await first.dataSource.query(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND type = 'DEADLINE_PASSED'`, [c.id]);
    expect(n).toBe(0);
  });

  it('tells the candidate and the opdrachtgever once when the consent deadline passed', async () => {
    const c = await consented(first);
    const before = (await allMail(first)).map((m) => m.file);
    await makeDue(first, c.id, 'toestemming');
    await Promise.all([first, second].map((app) => app.app.get(JobsService).runDue()));
    const mails = (await allMail(first)).filter((m) => !before.includes(m.file));
    const to = mails.map((m) => /\nTo: ([^\n]+)/.exec(`\n${m.headers}`)![1].trim()).sort();
    expect(to).toEqual([DEMO.burgemeester, c.email].sort());
    expect(mails.find((m) => m.headers.includes(`To: ${DEMO.burgemeester}`))!.body).toContain('De termijn voor toestemming van de kandidaat is verstreken.');
    expect(mails.find((m) => m.headers.includes(`To: ${DEMO.burgemeester}`))!.body).not.toContain('Hanna');
  });

  it('still sends a reminder scheduled before a restart', async () => {
    const c = await consented(first);
    await second.close();
    await first.close();
    first = await startTestApp({}, first);
    second = undefined as unknown as TestApp;
    const before = (await mailsTo(first, c.email)).length;
    await makeDue(first, c.id, 'herinnering:toestemming');
    expect(await first.app.get(JobsService).runDue()).toBe(1);
    expect(await mailsTo(first, c.email)).toHaveLength(before + 1);
  });

  it('reminds the opdrachtgever of an agreed measure on its due date, once, without names or content, and follows the measures as they change', async () => {
    const screener = await first.login(DEMO.screener);
    const c = await caseAtAdvies(first, { burgemeester, screener, screenerId }, { email: `maatregel-${++counter}@example.nl`, name: 'Mira Maatregel', until: 'eindrapportage' });
    const pending = () => first.dataSource.query(`SELECT kind FROM scheduled_jobs WHERE case_id = $1 AND status = 'pending' AND kind LIKE 'herinnering:maatregel:%' ORDER BY kind`, [c.id]);
    // caseAtAdvies agrees one measure, due in 20 days.
    expect(await pending()).toEqual([{ kind: `herinnering:maatregel:${inDays(20)}` }]);
    const [risk] = (await first.http().get(`/cases/${c.id}/assessment`).set(bearer(screener)).expect(200)).body.risks;
    await first.http().put(`/cases/${c.id}/risks/${risk.id}`).set(bearer(screener)).send({
      theme: risk.theme, description: risk.description, likelihood: risk.likelihood, impact: risk.impact, facts: risk.facts,
      measures: [{ measure: 'Adviespraktijk beëindigen', who: 'kandidaat', byWhen: inDays(30) }, { measure: 'Opgave van belangen', who: 'kandidaat', byWhen: inDays(30) }],
    }).expect(200);
    // Two measures on one day: one reminder; the old date is gone.
    expect(await pending()).toEqual([{ kind: `herinnering:maatregel:${inDays(30)}` }]);
    const before = (await mailsTo(first, DEMO.burgemeester)).length;
    await makeDue(first, c.id, `herinnering:maatregel:${inDays(30)}`);
    expect(await first.app.get(JobsService).runDue()).toBe(1);
    expect(await first.app.get(JobsService).runDue()).toBe(0);
    const mails = await mailsTo(first, DEMO.burgemeester);
    expect(mails).toHaveLength(before + 1);
    const mail = mails[mails.length - 1];
    expect(mail.headers).toMatch(/Subject: BS-\d{4}-[0-9A-F]{6}: een afgesproken maatregel is vandaag af/);
    expect(mail.body).not.toMatch(/Mira|Maatregel|Adviespraktijk|belangen/);
  });
});
