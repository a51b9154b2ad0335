import * as fs from 'node:fs';
import * as path from 'node:path';
import { JobsService } from '../../src/jobs/jobs.service';
import { caseFlow, inDays, today } from '../support/cases';
import { outbox } from '../support/mail';
import { completeAnswers } from '../support/questionnaire';
import { bearer, DEMO, startTestApp, TestApp } from '../support/test-app';

const NAME = 'Xandra Quirijnsdochter';
const EMAIL = 'xandra.quirijnsdochter@example.nl';
const MARKER = 'MARKER-e41b-vertrouwelijk-antwoord';
const NEEDLES = [NAME, EMAIL, MARKER, 'Quirijnsdochter'];

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('a whole case, then its destruction: nothing personal left anywhere', () => {
  let t: TestApp;
  const logged: string[] = [];
  let restoreStdout: () => void;

  beforeAll(async () => {
    // Everything the service logs, at its most talkative level, is captured and searched too.
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      logged.push(String(chunk));
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
    restoreStdout = () => (process.stdout.write = write);
    t = await startTestApp({ LOG_LEVEL: 'trace' });
  });
  afterAll(async () => {
    restoreStdout();
    await t.destroy();
  });

  it('runs the case to the advice, closes it, destroys it, and finds no trace of the candidate', async () => {
    const burgemeester = await t.login(DEMO.burgemeester);
    const screener = await t.login(DEMO.screener);
    const screenerId = (await t.http().get('/me').set(bearer(screener))).body.id;
    const { act, invitedCase } = caseFlow(t);
    const c = await invitedCase({ opdrachtgever: burgemeester, screenerId, email: EMAIL, name: NAME, plannedAppointmentDate: inDays(30) });
    await act(c.candidate, c.id, 'GIVE_CONSENT', { consentTextVersion: '3' });
    await t.http().put(`/cases/${c.id}/questionnaire/answers`).set(bearer(c.candidate)).send({ answers: { ...completeAnswers(), 'overig.toelichting': { value: MARKER } } }).expect(200);
    await act(c.candidate, c.id, 'SUBMIT_QUESTIONNAIRE');
    // The voluntary safety intake goes with the rest.
    await t.http().put(`/cases/${c.id}/safety-intake`).set(bearer(c.candidate)).send({ answers: { 'veiligheid.bedreigd': { value: true, explanation: MARKER } } }).expect(200);
    await t.http().post(`/cases/${c.id}/sources`).set(bearer(screener)).send({ kind: 'internet', consultedOn: today(), query: NAME, found: MARKER, isFinding: true }).expect(201);
    await act(screener, c.id, 'COMPLETE_RESEARCH');
    await t.http().put(`/cases/${c.id}/interview`).set(bearer(screener)).send({ heldOn: today(), participants: [NAME], summaries: [{ theme: 'overig', summary: MARKER }] }).expect(200);
    await act(screener, c.id, 'RECORD_INTERVIEW', { date: today() });
    await t.http().post(`/cases/${c.id}/risks`).set(bearer(screener)).send({ theme: 'overig', description: MARKER, likelihood: 'klein', impact: 'beperkt', facts: {}, measures: [] }).expect(201);
    await t.http().put(`/cases/${c.id}/assessment/draft`).set(bearer(screener)).send({ conclusion: 'geen_risicos', explanation: MARKER }).expect(200);
    await act(screener, c.id, 'SUBMIT_DRAFT');
    await t.http().put(`/cases/${c.id}/wederhoor/response`).set(bearer(c.candidate)).send({ response: `${NAME}: ${MARKER}` }).expect(200);
    await act(c.candidate, c.id, 'RESPOND_TO_FINDINGS');
    // A correction request and its accepted earlier wording go with the rest.
    const [finding] = (await t.http().get(`/cases/${c.id}/wederhoor`).set(bearer(c.candidate)).expect(200)).body.findings;
    const correction = (await t.http().post(`/cases/${c.id}/corrections`).set(bearer(c.candidate)).send({ findingId: finding.id, request: MARKER }).expect(201)).body;
    await t.http().post(`/cases/${c.id}/corrections/${correction.id}/decision`).set(bearer(screener)).send({ accept: true, correctedWording: `Gecorrigeerd: ${MARKER}` }).expect(201);
    await act(screener, c.id, 'SUBMIT_FINAL', { conclusion: 'geen_risicos' });
    const report = (await t.http().post(`/cases/${c.id}/report`).set(bearer(burgemeester)).expect(201)).body;
    await act(burgemeester, c.id, 'STOP_CASE', { reason: 'formatie_gewijzigd', explanation: MARKER });
    expect((await outbox(t)).length).toBeGreaterThan(0);

    // Before destruction the content is there (encrypted), so the scan below can find its absence.
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM questionnaire_answers WHERE case_id = $1', [c.id]))[0].n).toBeGreaterThan(0);
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM safety_intakes WHERE case_id = $1', [c.id]))[0].n).toBe(1);
    await t.dataSource.query(`UPDATE scheduled_jobs SET due_at = now() - interval '1 second' WHERE case_id = $1 AND kind = 'bewaartermijn' AND status = 'pending'`, [c.id]);
    expect(await t.app.get(JobsService).runDue()).toBeGreaterThanOrEqual(1);

    const view = await t.http().get(`/cases/${c.id}`).set(bearer(burgemeester)).expect(200);
    expect(view.body).toMatchObject({ phase: 'vernietigd', candidate: null });
    // The report's PDF is gone; what a printed copy is checked against stays.
    expect((await t.http().get(`/reports/${report.reportId}/pdf`).set(bearer(burgemeester)).expect(409)).body.code).toBe('REPORT_DESTROYED');
    const [tombstone] = await t.dataSource.query('SELECT pdf_encrypted, sha256, destroyed_at FROM reports WHERE id = $1', [report.reportId]);
    expect(tombstone).toMatchObject({ pdf_encrypted: null, sha256: report.sha256, destroyed_at: expect.any(Date) });
    await t.http().post(`/cases/${c.id}/report`).set(bearer(burgemeester)).expect(409);

    // Every table, every row, as text.
    const tables: { table_name: string }[] = await t.dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
    expect(tables.length).toBeGreaterThan(15);
    for (const { table_name } of tables) {
      const [{ dump }] = await t.dataSource.query(`SELECT coalesce(string_agg(x::text, ''), '') AS dump FROM "${table_name}" x`);
      for (const needle of NEEDLES) expect([table_name, dump.includes(needle)]).toEqual([table_name, false]);
    }
    for (const table of ['case_subjects', 'questionnaire_answers', 'research_sources', 'interviews', 'risks', 'assessments', 'wederhoor_responses', 'case_notes', 'case_keys', 'outbox_mail', 'case_invitations', 'safety_intakes', 'correction_requests']) {
      expect([table, (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE case_id = $1`, [c.id]))[0].n]).toEqual([table, 0]);
    }

    // Every file under DATA_DIR: the database files (the embedded engine's), keys, and the outbox.
    await t.dataSource.query('CHECKPOINT');
    for (const file of filesUnder(t.config.dataDir)) {
      const bytes = fs.readFileSync(file);
      for (const needle of NEEDLES) expect([path.relative(t.config.dataDir, file), bytes.includes(Buffer.from(needle))]).toEqual([path.relative(t.config.dataDir, file), false]);
    }

    // The log output of the whole run.
    const log = logged.join('');
    expect(log.length).toBeGreaterThan(1000);
    for (const needle of NEEDLES) expect(log.includes(needle)).toBe(false);

    // The trail of how the case went is still there, and still verifies.
    const auditor = await t.login(DEMO.auditor);
    expect((await t.http().get('/audit/verify').set(bearer(auditor)).expect(200)).body.valid).toBe(true);
    const steps = (await t.http().get(`/cases/${c.id}/trail`).set(bearer(auditor)).expect(200)).body;
    expect(steps.map((s: { type: string }) => s.type)).toEqual([
      'COMMISSION', 'ASSIGN_SCREENER', 'INVITE_CANDIDATE', 'GIVE_CONSENT', 'SUBMIT_QUESTIONNAIRE', 'COMPLETE_RESEARCH', 'RECORD_INTERVIEW', 'SUBMIT_DRAFT',
      'RESPOND_TO_FINDINGS', 'SUBMIT_FINAL', 'STOP_CASE', 'RETENTION_EXPIRED',
    ]);
    for (const needle of NEEDLES) expect(JSON.stringify(steps)).not.toContain(needle);
    const trail = await t.dataSource.query(`SELECT action FROM audit_log WHERE object = $1 ORDER BY seq`, [`case:${c.id}`]);
    expect(trail.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['case.create', 'case.event.STOP_CASE', 'case.event.RETENTION_EXPIRED']));
  });
});
