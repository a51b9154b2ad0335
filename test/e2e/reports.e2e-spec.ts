import { createHash, X509Certificate } from 'node:crypto';
import { checkReportPdf } from '../../src/reports/check-report';
import { demoReport } from '../../src/reports/demo-fixture';
import { bindReport, renderAndSign } from '../../src/reports/produce';
import { createTestSigningIdentity, loadSigningIdentity } from '../../src/reports/signing';
import { caseAtAdvies, caseFlow, demoRoles } from '../support/cases';
import { startTestTsa } from '../support/test-tsa';
import { bearer, binaryBody, DEMO, startTestApp, TestApp } from '../support/test-app';
import { appendIncrementalUpdate, describeWithTools, runOnPdf } from '../support/tools';

const NAME = 'Meryem Öztürk-de Graaf';
const RESPONSE = 'Ik herken de bevinding.\n\nMijn adviespraktijk beëindig ik per 1 januari; de laatste opdracht (€ 4.250) rond ik vóór die datum af.';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');


describe('the signed risk report', () => {
  let t: TestApp;
  let roles: Awaited<ReturnType<typeof demoRoles>>;
  let caseId: string;
  let candidate: string;

  beforeAll(async () => {
    t = await startTestApp();
    roles = await demoRoles(t);
    ({ id: caseId, candidate } = await caseAtAdvies(t, roles, { email: 'meryem@example.nl', name: NAME, response: RESPONSE }));
  });
  afterAll(() => t.destroy());

  const download = (token: string, reportId: string) => t.http().get(`/reports/${reportId}/pdf`).set(bearer(token)).buffer(true).parse(binaryBody);
  const verify = (token: string, pdf: Buffer) => t.http().post('/reports/verify').set(bearer(token)).set('Content-Type', 'application/pdf').send(pdf);

  it('is refused until hoor en wederhoor is over, and says why', async () => {
    const c = await caseFlow(t).invitedCase({ opdrachtgever: roles.burgemeester, screenerId: roles.screenerId, email: 'vroeg@example.nl' });
    const res = await t.http().post(`/cases/${c.id}/report`).set(bearer(roles.burgemeester)).expect(409);
    expect(res.body).toMatchObject({ code: 'REPORT_NOT_ALLOWED', details: { phase: 'toestemmingGevraagd' } });
    expect(res.body.message).toContain('hoor en wederhoor');
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM reports WHERE case_id = $1', [c.id]))[0].n).toBe(0);
  });

  it('is generated, stored encrypted, downloaded unchanged and audited', async () => {
    const created = await t.http().post(`/cases/${caseId}/report`).set(bearer(roles.burgemeester)).expect(201);
    expect(created.body).toEqual({ reportId: expect.any(String), version: 1, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const res = await download(roles.burgemeester, created.body.reportId).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="risicoanalyse-BS-\d{4}-[0-9A-F]{6}-v1\.pdf"$/);
    const pdf = res.body as Buffer;
    expect(sha256(pdf)).toBe(created.body.sha256);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    // At rest the PDF is ciphertext: neither the candidate's name nor the PDF header are in the row.
    const [row] = await t.dataSource.query('SELECT pdf_encrypted, sha256, case_phase, audit_head_seq FROM reports WHERE id = $1', [created.body.reportId]);
    expect(row).toMatchObject({ sha256: created.body.sha256, case_phase: 'advies' });
    expect(Number(row.audit_head_seq)).toBeGreaterThan(0);
    expect(row.pdf_encrypted.includes(Buffer.from('%PDF'))).toBe(false);

    const actions = (await t.dataSource.query(`SELECT action FROM audit_log WHERE object = $1 ORDER BY seq`, [`case:${caseId}`])).map((r: { action: string }) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['report.generate', 'report.download']));
    const log = await t.dataSource.query(`SELECT activity_id, operation FROM processing_log WHERE case_id = $1 AND operation LIKE 'report.%'`, [caseId]);
    expect(log).toEqual(expect.arrayContaining([{ activity_id: 'reporting', operation: 'report.generate' }, { activity_id: 'reporting', operation: 'report.download' }]));
  });

  it('keeps every version: generating again makes version 2, and version 1 stays retrievable', async () => {
    const second = await t.http().post(`/cases/${caseId}/report`).set(bearer(roles.screener)).expect(201);
    expect(second.body.version).toBe(2);
    const list = await t.http().get(`/cases/${caseId}/reports`).set(bearer(roles.auditor)).expect(200);
    expect(list.body.map((r: { version: number }) => r.version)).toEqual([1, 2]);
    expect(list.body[0]).toMatchObject({ caseId, testCertificate: true, timestamped: false, destroyed: false, verificationCode: expect.stringMatching(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/) });
    for (const report of list.body) {
      const pdf = (await download(roles.screener, report.reportId).expect(200)).body as Buffer;
      expect(sha256(pdf)).toBe(report.sha256);
    }
    expect(list.body[0].sha256).not.toBe(list.body[1].sha256);
    expect(list.body.map((r: { upToDate: boolean }) => r.upToDate)).toEqual([true, true]);

    // Once the case moves on, the versions say they no longer reflect it.
    await caseFlow(t).act(roles.burgemeester, caseId, 'GIVE_ADVICE', { conclusion: 'beheersbaar' });
    const after = await t.http().get(`/cases/${caseId}/reports`).set(bearer(roles.burgemeester)).expect(200);
    expect(after.body.map((r: { upToDate: boolean }) => r.upToDate)).toEqual([false, false]);
    // The candidate's inzage names the reports about them.
    const exported = await t.http().get(`/cases/${caseId}/export`).set(bearer(candidate)).expect(200);
    expect(exported.body.reports.map((r: { version: number; sha256: string }) => [r.version, r.sha256])).toEqual(list.body.map((r: { version: number; sha256: string }) => [r.version, r.sha256]));
  });

  it('verifies a genuine report, and rejects one changed byte and an appended update', async () => {
    const [report] = (await t.http().get(`/cases/${caseId}/reports`).set(bearer(roles.auditor)).expect(200)).body;
    const pdf = (await download(roles.burgemeester, report.reportId).expect(200)).body as Buffer;

    const genuine = await verify(roles.auditor, pdf).expect(200);
    expect(genuine.body).toMatchObject({
      valid: true,
      trusted: false,
      signer: { testCertificate: true, signedByThisService: true },
      reportId: report.reportId,
      caseId,
      version: 1,
      sha256: report.sha256,
      matchesStoredReport: true,
      auditHead: report.auditHead,
      auditHeadMatches: true,
      verificationCode: report.verificationCode,
      // Intact, but signed with the generated test certificate: only the trust check says so.
      problems: [expect.stringContaining('testcertificaat')],
    });
    expect(Date.parse(genuine.body.signedAt)).toBeGreaterThan(Date.now() - 600_000);

    const changed = Buffer.from(pdf);
    const at = changed.indexOf('Vertrouwelijk');
    changed[at] = 'v'.charCodeAt(0);
    const tampered = await verify(roles.auditor, changed).expect(200);
    expect(tampered.body).toMatchObject({ valid: false, matchesStoredReport: false });
    expect(tampered.body.problems.length).toBeGreaterThan(0);

    const updated = await verify(roles.auditor, appendIncrementalUpdate(pdf)).expect(200);
    expect(updated.body).toMatchObject({ valid: false, matchesStoredReport: false });

    const garbage = await verify(roles.auditor, Buffer.from('%PDF-1.7\nnep\n%%EOF')).expect(200);
    expect(garbage.body).toMatchObject({ valid: false, reportId: null, matchesStoredReport: false });
    const json = await t.http().post('/reports/verify').set(bearer(roles.auditor)).send({ pdf: 'x' }).expect(400);
    expect(json.body.code).toBe('PDF_REQUIRED');
  });

  describeWithTools(['pdfsig', 'pdftotext', 'pdfinfo'], 'checked by poppler, independently of our code', () => {
    it('pdfsig: valid, covering the whole document; not after one changed byte or an appended update', async () => {
      const [report] = (await t.http().get(`/cases/${caseId}/reports`).set(bearer(roles.auditor)).expect(200)).body;
      const pdf = (await download(roles.burgemeester, report.reportId).expect(200)).body as Buffer;
      const genuine = runOnPdf('pdfsig', pdf);
      expect(genuine.output).toContain('Signature Validation: Signature is Valid.');
      expect(genuine.output).toContain('Total document signed');
      expect(genuine.output).toContain('ETSI.CAdES.detached');

      const changed = Buffer.from(pdf);
      changed[changed.indexOf('Vertrouwelijk') + 1] ^= 0x01;
      expect(runOnPdf('pdfsig', changed).output).not.toContain('Signature is Valid');
      expect(runOnPdf('pdfsig', appendIncrementalUpdate(pdf)).output).not.toContain('Total document signed');
    });

    it('holds the case in Dutch, the wederhoor verbatim, and no personal data in its metadata', async () => {
      const [report] = (await t.http().get(`/cases/${caseId}/reports`).set(bearer(roles.auditor)).expect(200)).body;
      const pdf = (await download(roles.burgemeester, report.reportId).expect(200)).body as Buffer;
      const text = runOnPdf('pdftotext', pdf).output.replace(/\s+/g, ' ');
      expect(text).toContain(NAME);
      for (const paragraph of RESPONSE.split('\n\n')) expect(text).toContain(paragraph);
      expect(text).toContain('Schijn van belangenverstrengeling');
      expect(text).toContain('Beëindigen van de adviespraktijk vóór de benoeming');
      expect(text).toContain(report.verificationCode);
      const info = runOnPdf('pdfinfo', pdf).output;
      expect(info).toContain('Risicoanalyse integriteit');
      expect(info).not.toContain('Öztürk');
    });
  });

  it('is found by its verification code within the organisation only', async () => {
    const [report] = (await t.http().get(`/cases/${caseId}/reports`).set(bearer(roles.auditor)).expect(200)).body;
    const found = await t.http().get(`/reports/verify/${report.verificationCode.toLowerCase().replace(/-/g, ' ')}`).set(bearer(roles.auditor)).expect(200);
    expect(found.body).toMatchObject({ reportId: report.reportId, sha256: report.sha256 });
    const anderdorp = await t.login(DEMO.burgemeesterAnderdorp);
    const other = await t.http().get(`/reports/verify/${report.verificationCode}`).set(bearer(anderdorp)).expect(404);
    const missing = await t.http().get('/reports/verify/0000-0000-0000').set(bearer(anderdorp)).expect(404);
    expect(other.body.message).toBe(missing.body.message);
    expect((await t.http().get('/reports/verify/kort').set(bearer(roles.auditor)).expect(400)).body.code).toBe('VALIDATION_FAILED');
    // Another organisation sees no match for a genuine report of ours, and learns nothing more.
    const pdf = (await download(roles.burgemeester, report.reportId).expect(200)).body as Buffer;
    const elsewhere = (await verify(anderdorp, pdf).expect(200)).body;
    expect(elsewhere).toMatchObject({ valid: true, matchesStoredReport: false, signer: { signedByThisService: true } });
    expect(elsewhere.problems).toContain('Dit rapport is in uw organisatie niet opgeslagen.');
  });

  it('is not taken for ours when someone re-signs a report with a certificate of their own', async () => {
    const [report] = (await t.http().get(`/cases/${caseId}/reports`).set(bearer(roles.auditor)).expect(200)).body;
    const made = createTestSigningIdentity({ commonName: 'Basisscan – testcertificaat rapportondertekening', organisation: 'Basisscan' });
    const forger = loadSigningIdentity(made.p12, made.password);
    const { content, binding } = demoReport();
    const forged = await renderAndSign(content, bindReport(content, forger, { ...binding, reportId: report.reportId, signerRole: binding.signer.role }), { identity: forger });
    const res = (await verify(roles.auditor, forged).expect(200)).body;
    expect(res).toMatchObject({ valid: false, reportId: report.reportId, matchesStoredReport: false, signer: { signedByThisService: false } });
    expect(res.problems).toContain('Het rapport is niet ondertekend met het certificaat van deze dienst.');
  });

  it('answers a crafted file with malformed report data as invalid, not with an error', async () => {
    const binding = Buffer.from(JSON.stringify({ reportId: "x'", version: 1e300, caseId: 'y' })).toString('base64');
    const crafted = Buffer.from(`%PDF-1.7\n1 0 obj\n<< /Type /Sig /ByteRange [0 10 20 30] /Contents <00> >>\nendobj\n2 0 obj\n<< /BasisscanBinding (${binding}) >>\nendobj\n%%EOF\n`);
    const res = (await verify(roles.auditor, crafted).expect(200)).body;
    expect(res).toMatchObject({ valid: false, reportId: null });
  });

  it('gives its signing certificate, with which an auditor establishes a report\'s origin offline', async () => {
    const res = await t.http().get('/reports/certificate').set(bearer(roles.auditor)).buffer(true).parse(binaryBody).expect(200);
    expect(res.headers['content-type']).toContain('application/x-pem-file');
    const certificate = Buffer.from(new X509Certificate(res.body as Buffer).raw);
    const [report] = (await t.http().get(`/cases/${caseId}/reports`).set(bearer(roles.auditor)).expect(200)).body;
    const pdf = (await download(roles.burgemeester, report.reportId).expect(200)).body as Buffer;
    expect((await checkReportPdf(pdf, { trustAnchors: [certificate] })).signature.trusted).toBe(true);
    expect((await checkReportPdf(pdf)).signature.trusted).toBe(false);
  });

  it('says a report is out of date once the screener changes the file', async () => {
    const c = await caseAtAdvies(t, roles, { email: 'later@example.nl', name: 'Lotte Later', until: 'eindrapportage' });
    await t.http().post(`/cases/${c.id}/report`).set(bearer(roles.screener)).expect(201);
    expect((await t.http().get(`/cases/${c.id}/reports`).set(bearer(roles.screener)).expect(200)).body[0].upToDate).toBe(true);
    await t.http().put(`/cases/${c.id}/assessment/draft`).set(bearer(roles.screener)).send({ conclusion: 'beheersbaar', explanation: 'Aangescherpt na de reactie.' }).expect(200);
    expect((await t.http().get(`/cases/${c.id}/reports`).set(bearer(roles.screener)).expect(200)).body[0].upToDate).toBe(false);
  });

  it('is not for auditors to read, nor for another organisation', async () => {
    const [report] = (await t.http().get(`/cases/${caseId}/reports`).set(bearer(roles.auditor)).expect(200)).body;
    await download(roles.auditor, report.reportId).expect(403);
    const anderdorp = await t.login(DEMO.burgemeesterAnderdorp);
    await download(anderdorp, report.reportId).expect(404);
    await t.http().post(`/cases/${caseId}/report`).set(bearer(anderdorp)).expect(404);
  });
});

describe('the signed risk report with a timestamp authority', () => {
  it('carries an RFC 3161 timestamp (PAdES B-T), and is not made when the authority fails', async () => {
    const tsa = await startTestTsa();
    const failing = await startTestTsa({ fail: 'http-error' });
    const t = await startTestApp({ REPORT_TSA_URL: tsa.url });
    try {
      const roles = await demoRoles(t);
      const { id } = await caseAtAdvies(t, roles, { email: 'tijdstempel@example.nl', name: 'Tijs Stempel' });
      const created = await t.http().post(`/cases/${id}/report`).set(bearer(roles.burgemeester)).expect(201);
      expect(tsa.requests()).toBe(1);
      const pdf = (await t.http().get(`/reports/${created.body.reportId}/pdf`).set(bearer(roles.burgemeester)).buffer(true).parse(binaryBody).expect(200)).body as Buffer;
      const checked = await t.http().post('/reports/verify').set(bearer(roles.auditor)).set('Content-Type', 'application/pdf').send(pdf).expect(200);
      // The test authority is nobody the service trusts: its time is shown, not taken as the signing time.
      expect(checked.body).toMatchObject({ valid: true, matchesStoredReport: true, timestamp: { valid: true, trusted: false } });
      expect(Math.abs(Date.parse(checked.body.signedAt) - Date.parse(checked.body.timestamp.time))).toBeLessThan(60_000);
      const list = (await t.http().get(`/cases/${id}/reports`).set(bearer(roles.auditor)).expect(200)).body;
      expect(list[0].timestamped).toBe(true);
      await t.close();

      const down = await startTestApp({ REPORT_TSA_URL: failing.url }, t);
      try {
        const burgemeester = await down.login(DEMO.burgemeester);
        const res = await down.http().post(`/cases/${id}/report`).set(bearer(burgemeester)).expect(503);
        expect(res.body.code).toBe('TIMESTAMP_UNAVAILABLE');
        expect(res.headers['retry-after']).toBe('30');
        expect((await down.dataSource.query('SELECT count(*)::int AS n FROM reports WHERE case_id = $1', [id]))[0].n).toBe(1);
      } finally {
        await down.destroy();
      }
    } finally {
      await tsa.close();
      await failing.close();
    }
  });
});
