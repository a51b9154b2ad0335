import * as fs from 'node:fs';
import * as path from 'node:path';
import { caseAtAdvies, caseFlow, demoRoles, today } from '../support/cases';
import { completeAnswers } from '../support/questionnaire';
import { bearer, binaryBody, startTestApp, TestApp } from '../support/test-app';
import { describeWithTools, runOnPdf } from '../support/tools';

/**
 * Report template v2 on a case run through the API as the roles would, not on the fixture: what a
 * burgemeester signs off and a screener downloads.
 */
describeWithTools(['pdftotext', 'pdfsig'], 'the risk report v2, from a case run through the API', () => {
  let t: TestApp;
  let roles: Awaited<ReturnType<typeof demoRoles>>;
  let text: string;
  let pdf: Buffer;
  let candidate: string;
  let caseId: string;

  beforeAll(async () => {
    t = await startTestApp();
    roles = await demoRoles(t);
    const c = await caseAtAdvies(t, roles, { email: 'rapport-v2@example.nl', name: 'Rosa Rapport' });
    [candidate, caseId] = [c.candidate, c.id];
    // Before the final report there is no copy to give.
    const early = await t.api().get(`/cases/${c.id}/report/copy`).set(bearer(c.candidate)).expect(409);
    expect(early.body.code).toBe('NO_FINAL_REPORT');
    const { act } = caseFlow(t);
    await act(roles.burgemeester, c.id, 'GIVE_ADVICE', { conclusion: 'beheersbaar' });
    await act(roles.burgemeester, c.id, 'RECORD_COUNCIL_INFORMED', { date: today() });
    await act(roles.burgemeester, c.id, 'RECORD_OUTCOME', { appointed: true, date: today() });
    const created = await t.api().post(`/cases/${c.id}/report`).set(bearer(roles.burgemeester)).expect(201);
    pdf = (await t.api().get(`/reports/${created.body.reportId}/pdf`).set(bearer(roles.burgemeester)).buffer(true).parse(binaryBody).expect(200)).body as Buffer;
    text = runOnPdf('pdftotext', pdf, ['-layout']).output;
    if (process.env.SCREENSHOTS_DIR) fs.writeFileSync(path.join(process.env.SCREENSHOTS_DIR, 'rapport-v2.pdf'), pdf);
  }, 120_000);
  afterAll(() => t?.destroy());

  const annexA = () => text.slice(text.indexOf('Bijlage A'), text.indexOf('Bijlage B  Verificatie', text.indexOf('Bijlage A') + 10));

  it('names role and person for every step of Annex A, and the service only for what it did by itself', () => {
    const rows = annexA().split('\n').filter((line) => /^\s*\d+\s+\d{2}-\d{2}-\d{4} \d{2}:\d{2}/.test(line));
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) expect([row, /Burgemeester — |Screener — |Kandidaat/.test(row)]).toEqual([row, true]);
    expect(annexA()).not.toMatch(/systeem/i);
    expect(rows.find((row) => row.includes('Advies gegeven'))).toMatch(/Burgemeester — Burgemeester van/);
    expect(rows.find((row) => row.includes('Eindrapportage ingediend'))).toMatch(/Screener — Screener/);
    expect(rows.find((row) => row.includes('Toestemming gegeven'))).toMatch(/Kandidaat/);
    expect(rows.find((row) => row.includes('Opdracht verleend'))).toMatch(/Burgemeester — /);
  });

  it('says how the case ended and when the raad was informed, and keeps the legal requirements apart from the risks', () => {
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toMatch(/Uitkomst Benoemd Datum \d{1,2} \w+ \d{4} Raad geïnformeerd op \d{1,2} \w+ \d{4}/);
    expect(flat).toMatch(/Wettelijke vereisten/);
    expect(flat).toMatch(/Voldaan: VOG aanwezig en geldig op \d{1,2} \w+ \d{4}/);
    expect(flat).toMatch(/Voldaan: eindrapportage ingediend op/);
    expect(flat).toMatch(/Grenzen van het onderzoek/);
    expect(flat).toMatch(/Peildatum \d{1,2} \w+ \d{4}/);
  });

  it('carries no draft or developer wording, no VOG track, and no answer that grounds nothing', () => {
    const flat = text.replace(/\s+/g, ' ');
    for (const forbidden of [/te bevestigen/, /Kamerstuk/, /POST \//, /\/reports\/verify/, /npm run/, /aangevraagd/i, /voornemen tot weigering/i, /zienswijze/i, /\b\d{1,2}-\d{1,2}-\d{4}\b(?! \d{2}:\d{2})/]) {
      expect([forbidden.source, forbidden.test(flat.replace(annexA().replace(/\s+/g, ' '), ''))]).toEqual([forbidden.source, false]);
    }
    // The risk of this case rests on no answer: not one of the candidate's answers is printed.
    const answers = completeAnswers() as Record<string, { value: unknown; explanation?: string }>;
    for (const answer of Object.values(answers)) if (answer.explanation) expect(flat).not.toContain(answer.explanation);
    expect(flat).toMatch(/Antwoorden die niets aan het licht brachten, staan niet in dit rapport/);
    // Only the advice may say "benoeming afgeraden"; the verification annex speaks plain Dutch.
    expect(flat).toMatch(/Ga naar http:\/\/\S+\/controle en bied daar het PDF-bestand aan/);
  });

  it('gives the candidate their own copy of the final report (AVG art. 15), audited, and nobody else through that route', async () => {
    const copy = await t.api().get(`/cases/${caseId}/report/copy`).set(bearer(candidate)).buffer(true).parse(binaryBody).expect(200);
    expect([copy.headers['content-type'], (copy.body as Buffer).equals(pdf)]).toEqual(['application/pdf', true]);
    expect(copy.headers['content-disposition']).toMatch(/kandidaat\.pdf"$/);
    await t.api().get(`/cases/${caseId}/report/copy`).set(bearer(roles.burgemeester)).expect(403);
    const [entry] = await t.dataSource.query(`SELECT actor FROM audit_log WHERE action = 'report.copy.download'`);
    expect(entry.actor).toMatch(/^kandidaat:/);
  });

  it('is still signed over the whole document', () => {
    const checked = runOnPdf('pdfsig', pdf).output;
    expect(checked).toContain('Signature is Valid');
    expect(checked).toContain('Total document signed');
  });
});
