import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pdfkitAddPlaceholder } from '@signpdf/placeholder-pdfkit';
import signpdf from '@signpdf/signpdf';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import * as asn1js from 'asn1js';
import PDFDocument from 'pdfkit';
import * as pkijs from 'pkijs';
import {
  createTestSigningIdentity,
  ensureTestSigningIdentity,
  loadSigningIdentity,
  PadesSigner,
  signatureLengthFor,
  SigningConfigurationError,
  SigningIdentity,
  TimestampError,
  verifyPdfSignature,
} from '../../src/reports/signing';
import { startTestTsa, TestTsa, TestTsaFailure } from '../support/test-tsa';
import { describeWithTools } from '../support/tools';

const ORGANISATION = 'Gemeente Voorbeeld';
const COMMON_NAME = `${ORGANISATION} – testcertificaat rapportondertekening`;
const REASON = 'Risicoanalyse integriteit – vastgesteld';
/** Whole seconds: /M has no fractions. */
const CLAIMED_SIGNING_TIME = new Date(Math.floor(Date.now() / 1000) * 1000);

const OID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const OID_SIGNING_TIME = '1.2.840.113549.1.9.5';
const OID_SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';

const CHANGED_DOCUMENT = 'Het document is na ondertekening gewijzigd.';
const APPENDED_UPDATE = 'Na de handtekening is een wijziging aan het document toegevoegd.';

let identity: SigningIdentity;
let signedPdf: Buffer;
let workDir: string;

beforeAll(async () => {
  const { p12, password } = createTestSigningIdentity({ commonName: COMMON_NAME, organisation: ORGANISATION });
  identity = loadSigningIdentity(p12, password);
  signedPdf = await signpdf.sign(await buildPdf({}), new PadesSigner(identity));
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-signing-'));
});

afterAll(() => {
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe('PAdES signing and independent verification', () => {
  it('signs a pdfkit document so that the verifier accepts it as intact, but not as trusted', async () => {
    const check = await verifyPdfSignature(signedPdf);

    expect(check).toMatchObject({
      valid: true,
      trusted: false,
      coversWholeDocument: true,
      subFilter: 'ETSI.CAdES.detached',
      reason: REASON,
      timestamp: null,
      signedAt: CLAIMED_SIGNING_TIME,
      signer: {
        commonName: COMMON_NAME,
        organisation: ORGANISATION,
        selfSigned: true,
        certificateSha256: sha256(identity.certificate).toString('hex'),
      },
    });
    expect(check.byteRange?.[0]).toBe(0);
    expect(check.problems).toEqual([
      'Het certificaat van de ondertekenaar is zelfondertekend (testcertificaat) en niet als vertrouwd opgegeven.',
    ]);
  });

  it('trusts the signature once the signer certificate is given as trust anchor', async () => {
    const check = await verifyPdfSignature(signedPdf, { trustAnchors: [identity.certificate] });

    expect(check).toMatchObject({ valid: true, trusted: true, problems: [] });
  });

  it('does not trust the signature on an unrelated anchor', async () => {
    const other = createTestSigningIdentity({ commonName: 'Andere organisatie', organisation: 'Andere organisatie' });
    const otherCertificate = loadSigningIdentity(other.p12, other.password).certificate;

    const check = await verifyPdfSignature(signedPdf, { trustAnchors: [otherCertificate] });

    expect(check).toMatchObject({ valid: true, trusted: false });
  });

  it('puts exactly the PAdES B-B signed attributes in the CMS: no signing-time, ESS v2 naming the signer certificate', () => {
    const signerInfo = signedDataOf(signedPdf).signerInfos[0];
    const attributes = signerInfo.signedAttrs?.attributes ?? [];

    expect(attributes.map((attribute) => attribute.type).sort()).toEqual(
      [OID_CONTENT_TYPE, OID_MESSAGE_DIGEST, OID_SIGNING_CERTIFICATE_V2].sort(),
    );
    expect(attributes.map((attribute) => attribute.type)).not.toContain(OID_SIGNING_TIME);
    const essCertIdV2 = (attributes.find((attribute) => attribute.type === OID_SIGNING_CERTIFICATE_V2)!.values[0] as asn1js.Sequence)
      .valueBlock.value[0] as asn1js.Sequence;
    const certHash = (essCertIdV2.valueBlock.value[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.OctetString;
    expect(Buffer.from(certHash.valueBlock.valueHexView).equals(sha256(identity.certificate))).toBe(true);
    expect(signerInfo.digestAlgorithm.algorithmId).toBe('2.16.840.1.101.3.4.2.1');
    expect(signedDataOf(signedPdf).encapContentInfo.eContent).toBeUndefined();
  });

  it('reports a document changed after signing', async () => {
    const check = await verifyPdfSignature(tamperSignedContent(signedPdf));

    expect(check.valid).toBe(false);
    expect(check.coversWholeDocument).toBe(true);
    expect(check.problems).toContain(CHANGED_DOCUMENT);
  });

  it('reports an incremental update appended after signing', async () => {
    const check = await verifyPdfSignature(appendIncrementalUpdate(signedPdf));

    expect(check.valid).toBe(false);
    expect(check.coversWholeDocument).toBe(false);
    expect(check.problems).toContain(APPENDED_UPDATE);
    expect(check.problems).not.toContain(CHANGED_DOCUMENT);
  });

  it('rejects a signature whose certificate was swapped for another with the same name', async () => {
    const impostorFiles = createTestSigningIdentity({ commonName: COMMON_NAME, organisation: ORGANISATION });
    const impostor = loadSigningIdentity(impostorFiles.p12, impostorFiles.password);
    const signedData = signedDataOf(signedPdf);
    signedData.certificates = [pkijs.Certificate.fromBER(impostor.certificate)];

    const check = await verifyPdfSignature(replaceSignature(signedPdf, encodeSignedData(signedData)), { trustAnchors: [impostor.certificate] });

    // Issuer and serial differ, so the signer's certificate is simply not there.
    expect(check.valid).toBe(false);
    expect(check.problems).toContain('Het certificaat van de ondertekenaar ontbreekt in de handtekening.');
  });

  it('never accepts a changed byte: sampled over the file, every nibble of the CMS header, sampled over the CMS', async () => {
    const [cmsStart, cmsEnd] = cmsHexSpan(signedPdf);
    const positions = [
      ...range(0, signedPdf.length, Math.floor(signedPdf.length / 150)),
      ...range(cmsStart, cmsStart + 128, 1),
      ...range(cmsStart, cmsEnd, 17),
    ];

    expect(await acceptedAfterFlipping(signedPdf, positions)).toEqual([]);
  });

  it.each([
    ['empty input', () => Buffer.alloc(0)],
    ['random bytes', () => Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 7919) % 256))],
    ['a PDF header with a broken ByteRange', () => Buffer.from('%PDF-1.7\n1 0 obj << /ByteRange [0 10 99999999 5] /Contents <zz> >> endobj')],
    ['a truncated signed PDF', () => signedPdf.subarray(0, Math.floor(signedPdf.length / 2))],
    ['a signed PDF cut off before its last bytes', () => signedPdf.subarray(0, signedPdf.length - 10)],
  ])('returns valid:false with a problem for %s', async (_name, input) => {
    const check = await verifyPdfSignature(input());

    expect(check.valid).toBe(false);
    expect(check.trusted).toBe(false);
    expect(check.problems.length).toBeGreaterThan(0);
  });

  it('says an unsigned PDF has no signature, also one with an unfilled placeholder', async () => {
    const unsigned = await buildPdf({ placeholder: false });
    const placeholderOnly = await buildPdf({});

    expect(await verifyPdfSignature(unsigned)).toMatchObject({
      valid: false,
      signer: null,
      problems: ['Het document bevat geen digitale handtekening.'],
    });
    expect(await verifyPdfSignature(placeholderOnly)).toMatchObject({ valid: false, signer: null });
  });
});

describe('PAdES B-T: signature timestamp', () => {
  let tsa: TestTsa;

  beforeAll(async () => {
    tsa = await startTestTsa();
  });

  afterAll(async () => {
    await tsa.close();
  });

  async function signWithTimestamp(text?: string): Promise<Buffer> {
    const pdf = await buildPdf({ tsaUrl: tsa.url, text });
    return signpdf.sign(pdf, new PadesSigner(identity, { tsaUrl: tsa.url }));
  }

  it('adds an RFC 3161 timestamp over the signature value, which the verifier checks and uses as signing time', async () => {
    const before = tsa.requests();
    const signed = await signWithTimestamp();

    const check = await verifyPdfSignature(signed);

    expect(tsa.requests()).toBe(before + 1);
    expect(check).toMatchObject({
      valid: true,
      coversWholeDocument: true,
      timestamp: { time: tsa.lastGenTime(), authority: 'Test-TSA basisscan', valid: true },
      signedAt: tsa.lastGenTime(),
    });
  });

  it('rejects a timestamp taken from another signature', async () => {
    const target = await signWithTimestamp('Document A');
    const donor = await signWithTimestamp('Document B');
    const signedData = signedDataOf(target);
    signedData.signerInfos[0].unsignedAttrs = signedDataOf(donor).signerInfos[0].unsignedAttrs;

    const check = await verifyPdfSignature(replaceSignature(target, encodeSignedData(signedData)));

    expect(check.valid).toBe(false);
    expect(check.timestamp?.valid).toBe(false);
    expect(check.problems).toContain('De tijdstempel hoort niet bij deze handtekening.');
    expect(check.problems).not.toContain(CHANGED_DOCUMENT);
    // An untrustworthy timestamp must not lend its time to the signature.
    expect(check.signedAt).toEqual(CLAIMED_SIGNING_TIME);
  });

  it.each<[TestTsaFailure, RegExp]>([
    ['http-error', /HTTP 500/],
    ['rejection', /weigerde/],
    ['wrong-nonce', /hoort niet bij dit verzoek/],
    ['no-answer', /antwoordde niet binnen 0,3 seconden/],
  ])('fails signing instead of dropping the timestamp when the TSA gives %s', async (failure, message) => {
    const failing = await startTestTsa({ fail: failure });
    try {
      const signer = new PadesSigner(identity, { tsaUrl: failing.url, tsaTimeoutMs: 300 });
      const pdf = await buildPdf({ tsaUrl: failing.url });

      const attempt = signpdf.sign(pdf, signer);

      await expect(attempt).rejects.toBeInstanceOf(TimestampError);
      await expect(attempt).rejects.toThrow(message);
      expect(failing.requests()).toBe(1);
    } finally {
      await failing.close();
    }
  });

  it('fails signing when the TSA cannot be reached', async () => {
    const gone = await startTestTsa();
    await gone.close();

    await expect(new PadesSigner(identity, { tsaUrl: gone.url }).sign(Buffer.from('%PDF-1.7'))).rejects.toThrow(
      new TimestampError('De tijdstempeldienst is niet bereikbaar.'),
    );
  });

  it('never accepts a changed byte in a timestamped signature (sampled)', async () => {
    const signed = await signWithTimestamp();
    const [cmsStart, cmsEnd] = cmsHexSpan(signed);

    expect(await acceptedAfterFlipping(signed, range(cmsStart, cmsEnd, 47))).toEqual([]);
  });

  describeWithTools(['pdfsig'], 'pdfsig on a timestamped signature', () => {
    it('still reports a valid signature over the whole document', async () => {
      const output = pdfsig(await signWithTimestamp(), 'timestamped.pdf');

      expect(output).toContain('- Signature Validation: Signature is Valid.');
      expect(output).toMatch(/^\s*- Total document signed$/m);
    });
  });
});

describeWithTools(['pdfsig'], 'pdfsig (poppler) as independent second opinion', () => {
  it('accepts the signature as valid over the whole document and only doubts the trust', () => {
    const output = pdfsig(signedPdf, 'signed.pdf');

    expect(output).toContain('- Signature Type: ETSI.CAdES.detached');
    expect(output).toContain('- Signing Hash Algorithm: SHA-256');
    expect(output).toContain(`- Signer Certificate Common Name: ${COMMON_NAME}`);
    expect(output).toContain('- Signature Validation: Signature is Valid.');
    expect(output).toMatch(/^\s*- Total document signed$/m);
    expect(output).toMatch(/- Certificate Validation: Certificate issuer (is unknown|isn't Trusted)\.$/m);
  });

  it('reports a digest mismatch for a changed byte', () => {
    const output = pdfsig(tamperSignedContent(signedPdf), 'tampered.pdf');

    expect(output).toContain('- Signature Validation: Digest Mismatch.');
    expect(output).not.toContain('Signature is Valid.');
  });

  it('no longer says the whole document is signed after an incremental update', () => {
    const output = pdfsig(appendIncrementalUpdate(signedPdf), 'appended.pdf');

    expect(output).not.toMatch(/^\s*- Total document signed$/m);
    expect(output).toContain('- Not total document signed');
  });
});

describe('signing identity (PKCS#12)', () => {
  it('loads key, certificate and subject from the PKCS#12 it created', () => {
    expect(identity.subject).toEqual({ commonName: COMMON_NAME, organisation: ORGANISATION });
    expect(identity.selfSigned).toBe(true);
    expect(identity.chain).toEqual([]);
    expect(identity.privateKey.asymmetricKeyType).toBe('rsa');
    expect(identity.privateKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
    expect(identity.notBefore.getTime()).toBeLessThanOrEqual(Date.now());
    expect(identity.notAfter.getUTCFullYear()).toBe(new Date().getUTCFullYear() + 5);
  });

  it('refuses a wrong password without revealing it', () => {
    const { p12 } = createTestSigningIdentity({ commonName: 'Test', organisation: 'Test', validYears: 1 });
    const wrongPassword = 'Zomer2026!geheim';

    let thrown: unknown;
    try {
      loadSigningIdentity(p12, wrongPassword);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(SigningConfigurationError);
    expect((thrown as Error).message).toMatch(/wachtwoord is onjuist/);
    expect((thrown as Error).message).not.toContain(wrongPassword);
  });

  it('refuses a file that is not PKCS#12', () => {
    expect(() => loadSigningIdentity(Buffer.from('geen pkcs12'), 'x')).toThrow(SigningConfigurationError);
  });

  it('generates the test identity once per folder, private to the owner, and reuses it', () => {
    const dir = path.join(workDir, 'data', 'keys');

    const first = ensureTestSigningIdentity(dir, ORGANISATION);
    const second = ensureTestSigningIdentity(dir, ORGANISATION);

    expect(second.certificate.equals(first.certificate)).toBe(true);
    expect(first.subject.commonName).toBe(COMMON_NAME);
    for (const file of ['report-signing.p12', 'report-signing.pass']) {
      expect(fs.statSync(path.join(dir, file)).mode & 0o777).toBe(0o600);
    }
    expect(fs.readdirSync(dir).sort()).toEqual(['report-signing.p12', 'report-signing.pass']);
  });
});

// ---------------------------------------------------------------------------------------------

async function buildPdf(opts: { tsaUrl?: string; text?: string; placeholder?: boolean }): Promise<Buffer> {
  const doc = new PDFDocument({ autoFirstPage: true });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.text(opts.text ?? 'Vertrouwelijk – ë é ï');
  if (opts.placeholder !== false) {
    pdfkitAddPlaceholder({
      pdf: doc,
      // Declared required in the typings, but the pdfkit variant never reads it.
      pdfBuffer: Buffer.alloc(0),
      reason: REASON,
      contactInfo: 'integriteit@voorbeeld.nl',
      name: ORGANISATION,
      location: 'Voorbeeldstad',
      signingTime: CLAIMED_SIGNING_TIME,
      signatureLength: signatureLengthFor({ tsaUrl: opts.tsaUrl }),
      subFilter: SUBFILTER_ETSI_CADES_DETACHED,
      widgetRect: [0, 0, 0, 0],
      appName: 'basisscan',
    });
  }
  doc.end();
  return ended;
}

function pdfsig(pdf: Buffer, name: string): string {
  const file = path.join(workDir, name);
  fs.writeFileSync(file, pdf);
  const result = spawnSync('pdfsig', [file], { encoding: 'utf8' });
  return `${result.stdout}${result.stderr}`;
}

function sha256(data: Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}

function range(start: number, end: number, step: number): number[] {
  return Array.from({ length: Math.ceil((end - start) / step) }, (_, index) => start + index * step);
}

/** File offsets of the hex digits that encode the CMS, without the zero padding after it. */
function cmsHexSpan(pdf: Buffer): [number, number] {
  const [, gapStart] = byteRangeOf(pdf);
  const derLength = Buffer.from(encodeSignedData(signedDataOf(pdf))).length;
  return [gapStart + 1, gapStart + 1 + derLength * 2];
}

/** Positions where flipping the lowest bit still yields a valid verdict (or throws, which also counts). */
async function acceptedAfterFlipping(pdf: Buffer, positions: number[]): Promise<number[]> {
  const accepted: number[] = [];
  for (const position of positions) {
    const mutated = Buffer.from(pdf);
    mutated[position] ^= 0x01;
    const check = await verifyPdfSignature(mutated).catch(() => null);
    if (!check || check.valid || check.problems.length === 0) accepted.push(position);
  }
  return accepted;
}

function byteRangeOf(pdf: Buffer): number[] {
  const ranges = [...pdf.toString('latin1').matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  return ranges[ranges.length - 1].slice(1, 5).map(Number);
}

/** Flips a letter of the /Producer entry, which the signature covers. */
function tamperSignedContent(pdf: Buffer): Buffer {
  const [, gapStart, gapEnd] = byteRangeOf(pdf);
  const position = pdf.indexOf('PDFKit') + 3;
  expect(position < gapStart || position >= gapEnd).toBe(true);
  const tampered = Buffer.from(pdf);
  tampered[position] = tampered[position] === 0x4b ? 0x6b : 0x4b;
  return tampered;
}

/** What an editor saving a change does: new objects, an xref section and a trailer with /Prev. */
function appendIncrementalUpdate(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const root = [...text.matchAll(/\/Root (\d+ \d+ R)/g)].pop()![1];
  const size = Number([...text.matchAll(/\/Size (\d+)/g)].pop()![1]);
  const previousXref = Number([...text.matchAll(/startxref\s+(\d+)/g)].pop()![1]);
  const objectOffset = pdf.length + 1;
  const object = `\n${size} 0 obj\n<< /Title (Gewijzigd na ondertekening) /Producer (Ander programma) >>\nendobj\n`;
  const xrefOffset = pdf.length + object.length;
  const update =
    object +
    `xref\n0 1\n0000000000 65535 f \n${size} 1\n${String(objectOffset).padStart(10, '0')} 00000 n \n` +
    `trailer\n<< /Size ${size + 1} /Root ${root} /Info ${size} 0 R /Prev ${previousXref} >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.concat([pdf, Buffer.from(update, 'latin1')]);
}

function signedDataOf(pdf: Buffer): pkijs.SignedData {
  const [, gapStart, gapEnd] = byteRangeOf(pdf);
  const der = Buffer.from(pdf.subarray(gapStart + 1, gapEnd - 1).toString('latin1'), 'hex');
  const parsed = asn1js.fromBER(der);
  return new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: parsed.result }).content });
}

function encodeSignedData(signedData: pkijs.SignedData): Buffer {
  const contentInfo = new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: signedData.toSchema() });
  return Buffer.from(contentInfo.toSchema().toBER());
}

/** Writes another CMS into the signature's /Contents, padded like signpdf does. */
function replaceSignature(pdf: Buffer, der: Buffer): Buffer {
  const [, gapStart, gapEnd] = byteRangeOf(pdf);
  const hex = der.toString('hex').padEnd(gapEnd - gapStart - 2, '0');
  expect(hex.length).toBe(gapEnd - gapStart - 2);
  return Buffer.concat([pdf.subarray(0, gapStart + 1), Buffer.from(hex, 'latin1'), pdf.subarray(gapEnd - 1)]);
}
