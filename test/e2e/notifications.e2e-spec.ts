import * as fs from 'node:fs';
import * as path from 'node:path';
import { questionnaireTemplate, questionsOf } from '../../src/candidates/questionnaire';
import { JobsService } from '../../src/jobs/jobs.service';
import { NotificationsService } from '../../src/notifications/notifications.service';
import { caseFlow, demoRoles, inDays, today } from '../support/cases';
import { outbox } from '../support/mail';
import { completeAnswers } from '../support/questionnaire';
import { bearer, DEMO, startTestApp, TestApp } from '../support/test-app';

const LONG = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const written = (isoDate: string) => `uiterlijk ${LONG.format(new Date(`${isoDate}T00:00:00Z`))}`;

/**
 * Issue 17: everyone hears when it is their turn. A whole case walked over HTTP; at each handover
 * exactly one mail, to the right person, with the right link and deadline; and no mail to anyone
 * but the candidate holds the candidate's name, and no mail at all holds an answer or a finding.
 */
describe('notifications: one mail per handover, Meldingen in the app', () => {
  let t: TestApp;
  let roles: Awaited<ReturnType<typeof demoRoles>>;
  let seen = new Set<string>();

  beforeAll(async () => {
    // The poller stays out of the way: the digest test drives sendDigests with its own clock.
    t = await startTestApp({ JOB_POLL_SECONDS: '120' });
    roles = await demoRoles(t);
  });
  afterAll(() => t.destroy());

  const { act } = { act: (...args: Parameters<ReturnType<typeof caseFlow>['act']>) => caseFlow(t).act(...args) };

  /** The mails delivered since the last call, with their recipient. */
  async function newMails() {
    const all = await outbox(t);
    const fresh = all.filter((m) => !seen.has(m.file));
    seen = new Set(all.map((m) => m.file));
    return fresh.map((m) => ({ ...m, to: /(?:^|\n)To: ([^\n]+)/i.exec(m.headers)?.[1].trim() ?? '', subject: /(?:^|\n)Subject: ([^\n]+)/i.exec(m.headers)?.[1] ?? '' }));
  }
  const linkIn = (body: string) => /https?:\/\/\S+/.exec(body)?.[0];

  it('walks a case: exactly one mail per handover, right person, link and deadline; no name, answer or finding to third parties', async () => {
    const NAME = 'Zwaantje Qxmarkeerling';
    const EMAIL = 'zwaantje.walk@example.nl';
    const MARKERS = { answer: 'ANTWOORDMARKER-7Q', finding: 'BEVINDINGMARKER-3K', risk: 'RISICOMARKER-9Z', draft: 'CONCEPTMARKER-2W', interview: 'GESPREKMARKER-5T', response: 'REACTIEMARKER-8M' };
    const all: Awaited<ReturnType<typeof newMails>> = [];
    const step = async (expected: { to: string; link?: RegExp; deadline?: string; kind: string }[]) => {
      const mails = await newMails();
      all.push(...mails);
      expect(mails.map((m) => m.to).sort()).toEqual(expected.map((e) => e.to).sort());
      for (const e of expected) {
        const mail = mails.find((m) => m.to === e.to)!;
        if (e.link) expect(linkIn(mail.body)).toMatch(e.link);
        else expect(mail.body).not.toMatch(/https?:\/\/\S+#code=/);
        if (e.deadline) expect(mail.body).toContain(`Doe dit ${e.deadline}.`);
      }
      return mails;
    };
    await newMails();

    const { body: created } = await t.http().post('/cases').set(bearer(roles.burgemeester)).send({ candidate: { name: NAME, email: EMAIL }, plannedAppointmentDate: inDays(40) }).expect(201);
    const id = created.id as string;
    const reference = `BS-${created.createdAt.slice(0, 4)}-${id.replace(/-/g, '').slice(0, 6).toUpperCase()}`;
    await step([]);

    // Screener assigned: the screener is told, with the case's page.
    await act(roles.burgemeester, id, 'ASSIGN_SCREENER', { screenerId: roles.screenerId });
    const [assigned] = await step([{ to: DEMO.screener, link: new RegExp(`/zaken/${id}$`), kind: 'screener_toegewezen' }]);
    expect(assigned.subject).toContain(reference);
    expect(assigned.body).toMatch(/^Beste Screener Integriteitsbureau Noord,/);

    // Consent and questionnaire open: the invitation is the candidate's one mail.
    await act(roles.burgemeester, id, 'INVITE_CANDIDATE');
    const [invitation] = await step([{ to: EMAIL, link: /\/kandidaat#code=[A-Za-z0-9_-]+$/, kind: 'uitnodiging' }]);
    const code = /#code=([A-Za-z0-9_-]+)/.exec(invitation.body)![1];
    const candidate = (await t.http().post('/auth/invitation').send({ code }).expect(200)).body.accessToken as string;

    await act(roles.burgemeester, id, 'VOG_REQUESTED', { date: today() });
    await act(candidate, id, 'GIVE_CONSENT', { consentTextVersion: '3' });
    await step([]);

    // Questionnaire submitted: the screener's turn.
    const answers = completeAnswers();
    const open = questionsOf(questionnaireTemplate('1')).find((q) => q.id === 'overig.toelichting')!;
    answers[open.id] = { value: `Toelichting ${MARKERS.answer}` };
    await t.http().put(`/cases/${id}/questionnaire/answers`).set(bearer(candidate)).send({ answers }).expect(200);
    await act(candidate, id, 'SUBMIT_QUESTIONNAIRE');
    await step([{ to: DEMO.screener, link: new RegExp(`/zaken/${id}/dossier$`), kind: 'vragenlijst_ingediend' }]);

    // The screener's own steps tell nobody.
    await t.http().post(`/cases/${id}/sources`).set(bearer(roles.screener)).send({ kind: 'kvk_handelsregister', consultedOn: today(), query: 'Inschrijvingen', found: `Eenmanszaak ${MARKERS.finding}`, isFinding: true }).expect(201);
    await act(roles.screener, id, 'COMPLETE_RESEARCH');
    await t.http().put(`/cases/${id}/interview`).set(bearer(roles.screener)).send({ heldOn: today(), participants: ['screener', 'kandidaat'], summaries: [{ theme: 'nevenfuncties', summary: `Besproken ${MARKERS.interview}` }] }).expect(200);
    await act(roles.screener, id, 'RECORD_INTERVIEW', { date: today() });
    await t.http().post(`/cases/${id}/risks`).set(bearer(roles.screener)).send({
      theme: 'nevenfuncties', description: `Risico ${MARKERS.risk}`, likelihood: 'gemiddeld', impact: 'aanzienlijk', facts: {},
      measures: [{ measure: 'Beëindigen van de adviespraktijk', who: 'kandidaat', byWhen: inDays(20) }],
    }).expect(201);
    await t.http().put(`/cases/${id}/assessment/draft`).set(bearer(roles.screener)).send({ conclusion: 'beheersbaar', explanation: `Concept ${MARKERS.draft}` }).expect(200);
    await step([]);

    // Draft ready for wederhoor: the candidate, with a fresh link and the deadline as the guide writes it.
    const draft = await act(roles.screener, id, 'SUBMIT_DRAFT');
    const [{ due }] = await t.dataSource.query(`SELECT to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS due FROM scheduled_jobs WHERE case_id = $1 AND kind = 'wederhoor' AND status = 'pending'`, [id]);
    expect(draft.guide.nextDeadline).toMatchObject({ kind: 'wederhoor', dueOn: due, dueText: written(due) });
    const [wederhoor] = await step([{ to: EMAIL, link: /\/kandidaat#code=[A-Za-z0-9_-]+$/, deadline: written(due), kind: 'wederhoor_open' }]);
    expect(wederhoor.body).toMatch(new RegExp(`^Beste ${NAME},`));
    // The candidate's first link and session are spent; the new link gets them in, once.
    const freshCode = /#code=([A-Za-z0-9_-]+)/.exec(wederhoor.body)![1];
    await t.http().post('/auth/invitation').send({ code }).expect(401);
    const again = (await t.http().post('/auth/invitation').send({ code: freshCode }).expect(200)).body.accessToken as string;
    await t.http().post('/auth/invitation').send({ code: freshCode }).expect(401);
    await t.http().put(`/cases/${id}/wederhoor/response`).set(bearer(again)).send({ response: `Mijn reactie ${MARKERS.response}` }).expect(200);

    // Wederhoor done: the screener writes the final report.
    await act(again, id, 'RESPOND_TO_FINDINGS');
    await step([{ to: DEMO.screener, link: new RegExp(`/zaken/${id}/dossier$`), kind: 'wederhoor_afgerond' }]);

    // Final assessment in: the opdrachtgever's turn to advise.
    await act(roles.screener, id, 'SUBMIT_FINAL', { conclusion: 'beheersbaar' });
    const [final] = await step([{ to: DEMO.burgemeester, link: new RegExp(`/zaken/${id}$`), kind: 'eindbeoordeling_binnen' }]);
    expect(final.body).toMatch(/^Beste Burgemeester van Voorbeeldstad,/);

    // The opdrachtgever's own steps tell nobody; closing tells the candidate the destruction date.
    await act(roles.burgemeester, id, 'VOG_ISSUED', { issueDate: today(), reference: 'VOG-2026-000999' });
    await act(roles.burgemeester, id, 'GIVE_ADVICE', { conclusion: 'beheersbaar' });
    await act(roles.burgemeester, id, 'RECORD_COUNCIL_INFORMED', { date: today() });
    await step([]);
    const closed = await act(roles.burgemeester, id, 'RECORD_OUTCOME', { appointed: true, date: today() });
    expect(closed.phase).toBe('afgesloten');
    const [{ destroy }] = await t.dataSource.query(`SELECT to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS destroy FROM scheduled_jobs WHERE case_id = $1 AND kind = 'bewaartermijn' AND status = 'pending'`, [id]);
    const [closing] = await step([{ to: EMAIL, kind: 'dossier_afgesloten' }]);
    expect(closing.body).toContain(`bewaard tot en met ${LONG.format(new Date(`${destroy}T00:00:00Z`))}`);

    // The marker scan, over every message of the walk.
    expect(all).toHaveLength(7);
    for (const mail of all) {
      for (const marker of Object.values(MARKERS)) expect(mail.body + mail.subject).not.toContain(marker);
      if (mail.to !== EMAIL) {
        for (const part of NAME.split(' ')) expect(mail.body + mail.subject).not.toContain(part);
        expect(mail.body + mail.subject).not.toContain(EMAIL);
        expect(mail.subject).toContain(reference);
      }
    }
    // docs/notifications.md shows each mail as this walk rendered it (codes and ids shortened).
    if (process.env.UPDATE_NOTIFICATION_DOCS) writeExamples(all.map((m) => ({ to: m.to, subject: m.subject, body: m.body })), id, reference);
    // The outbox knows which notice each mail carries: one of each, in the walk's order.
    const notices = await t.dataSource.query(`SELECT notice FROM outbox_mail WHERE case_id = $1 ORDER BY created_at`, [id]);
    expect(notices.map((n: { notice: string }) => n.notice)).toEqual(['screener_toegewezen', 'uitnodiging', 'vragenlijst_ingediend', 'wederhoor_open', 'wederhoor_afgerond', 'eindbeoordeling_binnen', 'dossier_afgesloten']);
  });

  it('shows Meldingen with an unread count, marks them read, and keeps them to their owner', async () => {
    const { body: before } = await t.api().get('/notifications').set(bearer(roles.screener)).expect(200);
    expect(before.unreadCount).toBeGreaterThanOrEqual(3);
    const kinds = before.items.map((n: { kind: string }) => n.kind);
    expect(kinds).toEqual(expect.arrayContaining(['screener_toegewezen', 'vragenlijst_ingediend', 'wederhoor_afgerond']));
    const item = before.items.find((n: { kind: string }) => n.kind === 'vragenlijst_ingediend');
    expect(item).toMatchObject({ title: 'De vragenlijst is ingediend', read: false, link: `/zaken/${item.caseId}/dossier`, caseReference: expect.stringMatching(/^BS-\d{4}-[0-9A-F]{6}$/) });
    expect(JSON.stringify(before)).not.toContain('Qxmarkeerling');

    // Someone else's notification is as unknown as a missing one, and nothing changes.
    const other = await t.api().post('/notifications/read').set(bearer(roles.burgemeester)).send({ ids: [item.id] }).expect(404);
    expect(other.body).toMatchObject({ code: 'NOT_FOUND', message: 'De melding bestaat niet.' });
    expect((await t.api().get('/notifications?ongelezen=true').set(bearer(roles.screener)).expect(200)).body.unreadCount).toBe(before.unreadCount);

    const { body: marked } = await t.api().post('/notifications/read').set(bearer(roles.screener)).send({ ids: [item.id] }).expect(200);
    expect(marked.unreadCount).toBe(before.unreadCount - 1);
    const { body: unread } = await t.api().get('/notifications?ongelezen=true').set(bearer(roles.screener)).expect(200);
    expect(unread.items.map((n: { id: string }) => n.id)).not.toContain(item.id);
    await t.api().post('/notifications/read').set(bearer(roles.screener)).send({}).expect(422);
    await t.api().post('/notifications/read').set(bearer(roles.screener)).send({ ids: ['niet-een-id'] }).expect(400);
    expect((await t.api().post('/notifications/read').set(bearer(roles.screener)).send({ all: true }).expect(200)).body.unreadCount).toBe(0);
    // The candidate has no Meldingen: mail only.
    const { invitedCase } = caseFlow(t);
    const invited = await invitedCase({ opdrachtgever: roles.burgemeester, screenerId: roles.screenerId, email: 'kees.m2@example.nl' });
    await t.api().get('/notifications').set(bearer(invited.candidate)).expect(403);
  });

  it('tells the screener and the opdrachtgever once when the wederhoor deadline passes', async () => {
    const { invitedCase } = caseFlow(t);
    const c = await invitedCase({ opdrachtgever: roles.burgemeester, screenerId: roles.screenerId, email: 'verlopen@example.nl', name: 'Vera Verlopen' });
    await act(c.candidate, c.id, 'GIVE_CONSENT', { consentTextVersion: '3' });
    await t.http().put(`/cases/${c.id}/questionnaire/answers`).set(bearer(c.candidate)).send({ answers: completeAnswers() }).expect(200);
    await act(c.candidate, c.id, 'SUBMIT_QUESTIONNAIRE');
    await t.http().post(`/cases/${c.id}/sources`).set(bearer(roles.screener)).send({ kind: 'kvk_handelsregister', consultedOn: today(), query: 'q', found: 'niets', isFinding: false }).expect(201);
    await act(roles.screener, c.id, 'COMPLETE_RESEARCH');
    await t.http().put(`/cases/${c.id}/interview`).set(bearer(roles.screener)).send({ heldOn: today(), participants: ['screener', 'kandidaat'], summaries: [{ theme: 'nevenfuncties', summary: 'Besproken.' }] }).expect(200);
    await act(roles.screener, c.id, 'RECORD_INTERVIEW', { date: today() });
    await t.http().put(`/cases/${c.id}/assessment/draft`).set(bearer(roles.screener)).send({ conclusion: 'geen_risicos', explanation: 'Geen risico’s.' }).expect(200);
    await act(roles.screener, c.id, 'SUBMIT_DRAFT');
    await newMails();
    await t.dataSource.query(`UPDATE scheduled_jobs SET due_at = now() - interval '1 second' WHERE case_id = $1 AND kind = 'wederhoor' AND status = 'pending'`, [c.id]);
    const fired = await Promise.all([t.app.get(JobsService).runDue(), t.app.get(JobsService).runDue()]);
    expect(fired.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    const mails = await newMails();
    expect(mails.map((m) => m.to).sort()).toEqual([DEMO.burgemeester, DEMO.screener]);
    expect(mails.find((m) => m.to === DEMO.burgemeester)!.body).toContain('De termijn voor reactie van de kandidaat (hoor en wederhoor) is verstreken.');
    expect(mails.find((m) => m.to === DEMO.screener)!.body).toContain('Hoor en wederhoor is afgerond.');
    for (const mail of mails) expect(mail.body).not.toContain('Verlopen');
  });

  it('gathers the notices of a user on the daily digest into one mail at their hour, once a day', async () => {
    const digests = t.app.get(NotificationsService);
    expect((await t.api().get('/notifications/preferences').set(bearer(roles.screener)).expect(200)).body).toEqual({ mode: 'direct', digestHour: 8 });
    await t.api().put('/notifications/preferences').set(bearer(roles.screener)).send({ mode: 'dagelijks', digestHour: 24 }).expect(400);
    expect((await t.api().put('/notifications/preferences').set(bearer(roles.screener)).send({ mode: 'dagelijks', digestHour: 9 }).expect(200)).body).toEqual({ mode: 'dagelijks', digestHour: 9 });
    await newMails();
    // Two assignments: two notices in the app, no mail yet.
    const ids: string[] = [];
    for (const name of ['Dirk Dagelijks', 'Dora Dagelijks']) {
      const { body } = await t.http().post('/cases').set(bearer(roles.burgemeester)).send({ candidate: { name, email: `${name.split(' ')[0].toLowerCase()}@example.nl` }, plannedAppointmentDate: inDays(40) }).expect(201);
      await act(roles.burgemeester, body.id, 'ASSIGN_SCREENER', { screenerId: roles.screenerId });
      ids.push(body.id);
    }
    expect(await newMails()).toEqual([]);
    const { body: list } = await t.api().get('/notifications?ongelezen=true').set(bearer(roles.screener)).expect(200);
    expect(list.items.filter((n: { caseId: string }) => ids.includes(n.caseId))).toHaveLength(2);

    // 08:30 in Amsterdam (07:30 UTC in winter): not yet. 09:10: one digest, even with two instances' worth of calls at once.
    expect(await digests.sendDigests(new Date('2026-12-04T07:30:00Z'))).toBe(0);
    const sent = await Promise.all([digests.sendDigests(new Date('2026-12-04T08:10:00Z')), digests.sendDigests(new Date('2026-12-04T08:10:00Z'))]);
    expect(sent[0] + sent[1]).toBe(1);
    const [digest] = await newMails();
    expect(digest.to).toBe(DEMO.screener);
    expect(digest.body).toMatch(/^Beste Screener Integriteitsbureau Noord,/);
    expect(digest.body).toContain('Er zijn 2 nieuwe meldingen in uw dossiers');
    for (const id of ids) expect(digest.body).toContain(`/zaken/${id}`);
    expect(digest.body).not.toContain('Dagelijks');
    expect(digest.body).toContain('rond 9:00 uur');
    // The same day again: nothing; a new notice waits for tomorrow's hour.
    expect(await digests.sendDigests(new Date('2026-12-04T15:00:00Z'))).toBe(0);
    const { body: third } = await t.http().post('/cases').set(bearer(roles.burgemeester)).send({ candidate: { name: 'Derk Dagelijks', email: 'derk@example.nl' }, plannedAppointmentDate: inDays(40) }).expect(201);
    await act(roles.burgemeester, third.id, 'ASSIGN_SCREENER', { screenerId: roles.screenerId });
    expect(await digests.sendDigests(new Date('2026-12-04T20:00:00Z'))).toBe(0);
    // Back to "direct": what waited goes out at once, in one overview; later notices by their own mail.
    await t.api().put('/notifications/preferences').set(bearer(roles.screener)).send({ mode: 'direct' }).expect(200);
    expect(await digests.sendDigests(new Date('2026-12-04T20:00:00Z'))).toBe(1);
    const [flushed] = await newMails();
    expect(flushed.body).toContain('Er is 1 nieuwe melding in uw dossiers');
    // The digest is sealed with the service's outbox key (it belongs to no case).
    const [row] = await t.dataSource.query(`SELECT case_id, message_encrypted FROM outbox_mail WHERE notice = 'dagelijks_overzicht' LIMIT 1`);
    expect(row.case_id).toBeNull();
    expect(row.message_encrypted).not.toContain('Beste');
  });
});

const DOC = path.join(__dirname, '..', '..', 'docs', 'notifications.md');

/** Writes the rendered mails between the markers of docs/notifications.md. */
function writeExamples(mails: { to: string; subject: string; body: string }[], caseId: string, reference: string) {
  const clean = (text: string) => text.replace(/#code=[A-Za-z0-9_-]+/g, '#code=…').replaceAll(caseId, '<dossier-id>').replace(/http:\/\/localhost:\d+/g, 'https://basisscan.example.nl').replaceAll(reference, 'BS-2026-4F3A9C');
  const block = mails.map((m) => `### ${clean(decodeSubject(m.subject))}\n\nAan: ${m.to}\n\n\`\`\`text\n${clean(m.body).trim()}\n\`\`\``).join('\n\n');
  const doc = fs.readFileSync(DOC, 'utf8');
  const start = '<!-- examples:start -->';
  const end = '<!-- examples:end -->';
  fs.writeFileSync(DOC, `${doc.slice(0, doc.indexOf(start) + start.length)}\n\n${block}\n\n${doc.slice(doc.indexOf(end))}`);
}

/** RFC 2047 encoded words (=?UTF-8?Q?...?=) as text. */
function decodeSubject(subject: string): string {
  return subject.replace(/=\?UTF-8\?([QB])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  );
}
