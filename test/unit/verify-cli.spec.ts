import { randomUUID, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { demoReport } from '../../src/reports/demo-fixture';
import { bindReport, renderAndSign } from '../../src/reports/produce';
import { createTestSigningIdentity, loadSigningIdentity } from '../../src/reports/signing';
import { main } from '../../src/reports/verify-cli';
import { addTimestampAfterSigning } from '../support/forged-timestamp';
import { startTestTsa } from '../support/test-tsa';
import { appendIncrementalUpdate } from '../support/tools';

describe('offline verification (npm run verify, basisscan-verify)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-cli-'));
  const file = (name: string) => path.join(dir, name);
  const pem = (der: Buffer) => new X509Certificate(der).toString();
  let output = '';
  let write: typeof process.stdout.write;

  beforeAll(async () => {
    const made = createTestSigningIdentity({ commonName: 'Gemeente Voorbeeldstad – testcertificaat', organisation: 'Gemeente Voorbeeldstad' });
    const identity = loadSigningIdentity(made.p12, made.password);
    const { content, binding: fixture } = demoReport();
    const binding = bindReport(content, identity, { reportId: randomUUID(), version: 1, generatedAt: new Date().toISOString(), auditHead: fixture.auditHead, signerRole: fixture.signer.role, reason: fixture.reason });
    const pdf = await renderAndSign(content, binding, { identity });
    fs.writeFileSync(file('rapport.pdf'), pdf);
    const changed = Buffer.from(pdf);
    changed[changed.indexOf('/BasisscanBinding') + 3] ^= 0x20;
    fs.writeFileSync(file('gewijzigd.pdf'), changed);
    fs.writeFileSync(file('bijgewerkt.pdf'), appendIncrementalUpdate(pdf));
    // An authority of the attacker's own, its timestamp added to the signed report afterwards.
    const attackerTsa = await startTestTsa({ commonName: 'Tijdstempeldienst van de aanvaller' });
    try {
      fs.writeFileSync(file('tijdstempel-achteraf.pdf'), await addTimestampAfterSigning(pdf, attackerTsa.url));
    } finally {
      await attackerTsa.close();
    }
    fs.writeFileSync(file('eigen.pem'), pem(identity.certificate));
    const other = createTestSigningIdentity({ commonName: 'Iemand anders', organisation: 'Elders' });
    fs.writeFileSync(file('ander.pem'), pem(loadSigningIdentity(other.p12, other.password).certificate));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  beforeEach(() => {
    output = '';
    write = process.stdout.write;
    process.stdout.write = ((chunk: string) => {
      output += chunk;
      return true;
    }) as typeof process.stdout.write;
  });
  afterEach(() => {
    process.stdout.write = write;
  });

  it('passes a genuine report signed by the trusted certificate (exit 0) and prints what it checked, in Dutch', async () => {
    expect(await main([file('rapport.pdf'), '--trust', file('eigen.pem')])).toBe(0);
    expect(output).toContain('Resultaat:          GELDIG');
    expect(output).toContain('Heel document:      ja');
    expect(output).toMatch(/Verificatiecode:\s+[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/);
    expect(output).toContain('testcertificaat (zelf ondertekend)');
  });

  it('fails one changed byte and an appended update (exit 1), telling the two apart and never calling either trusted', async () => {
    expect(await main([file('gewijzigd.pdf'), '--trust', file('eigen.pem')])).toBe(1);
    expect(output).toContain('Resultaat:          ONGELDIG');
    expect(output).toContain('Handtekening:       NIET intact: het ondertekende deel is gewijzigd');
    expect(output).toContain('Vertrouwd:          niet van toepassing: de handtekening houdt geen stand');
    output = '';
    expect(await main([file('bijgewerkt.pdf'), '--trust', file('eigen.pem')])).toBe(1);
    expect(output).toContain('Heel document:      NEE: niet het hele document is ondertekend');
    expect(output).toContain('Handtekening:       het ondertekende deel is intact, maar na ondertekening is er iets aan het bestand toegevoegd');
    expect(output).not.toContain('Vertrouwd:          ja');
  });

  it('establishes origin only with a certificate it is given (exit 2 otherwise: anyone can sign a PDF)', async () => {
    expect(await main([file('rapport.pdf'), '--trust', file('eigen.pem')])).toBe(0);
    expect(output).toContain('Vertrouwd:          ja');
    output = '';
    expect(await main([file('rapport.pdf'), '--trust', file('ander.pem')])).toBe(2);
    expect(output).toContain('HERKOMST NIET VASTGESTELD');
    expect(await main([file('rapport.pdf')])).toBe(2);
  });

  it('is never GELDIG with a timestamp added after signing by an authority of the attacker (exit 2), nor calls it "geldig"', async () => {
    expect(await main([file('tijdstempel-achteraf.pdf'), '--trust', file('eigen.pem')])).toBe(2);
    expect(output).not.toContain('Resultaat:          GELDIG');
    expect(output).toContain('HERKOMST NIET VASTGESTELD');
    expect(output).toMatch(/Tijdstempel:.*Tijdstempeldienst van de aanvaller \(NIET VERTROUWD/);
    expect(output).not.toMatch(/Tijdstempel:.*\(geldig\)/);
    output = '';
    expect(await main([file('tijdstempel-achteraf.pdf'), '--trust', file('eigen.pem'), '--json'])).toBe(2);
    expect(JSON.parse(output)).toMatchObject({ valid: true, trusted: false, signature: { trusted: true, timestamp: { valid: true, trusted: false } } });
  });

  it('prints JSON for scripts, and refuses bad usage and unreadable files', async () => {
    expect(await main([file('rapport.pdf'), '--trust', file('eigen.pem'), '--json'])).toBe(0);
    expect(JSON.parse(output)).toMatchObject({ valid: true, signature: { trusted: true }, binding: { version: 1 }, trustChecked: true });
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main([])).toBe(64);
      expect(await main([file('bestaat-niet.pdf')])).toBe(66);
      expect(await main([file('rapport.pdf'), '--onbekend'])).toBe(64);
    } finally {
      stderr.mockRestore();
    }
  });
});
