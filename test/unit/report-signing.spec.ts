import { createHash, generateKeyPairSync, KeyObject, randomBytes, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pdfkitAddPlaceholder } from '@signpdf/placeholder-pdfkit';
import signpdf from '@signpdf/signpdf';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import * as asn1js from 'asn1js';
import forge from 'node-forge';
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
import { appendIncrementalUpdate, describeWithTools, runOnPdf } from '../support/tools';

const ORGANISATION = 'Gemeente Voorbeeld';
const COMMON_NAME = `${ORGANISATION} – testcertificaat rapportondertekening`;
const REASON = 'Risicoanalyse integriteit – vastgesteld';
/** Whole seconds: /M has no fractions. */
const CLAIMED_SIGNING_TIME = new Date(Math.floor(Date.now() / 1000) * 1000);
/** A /M that cannot coincide with a timestamp taken during the test, yet lies within the test certificate's validity. */
const EARLIER_CLAIMED_SIGNING_TIME = new Date(CLAIMED_SIGNING_TIME.getTime() - 60_000);

const OID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const OID_SIGNING_TIME = '1.2.840.113549.1.9.5';
const OID_SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';

const CHANGED_DOCUMENT = 'Het document is na ondertekening gewijzigd.';
const APPENDED_UPDATE = 'Na de handtekening is een wijziging aan het document toegevoegd.';
const FOREIGN_DATA = 'Het handtekeningveld bevat gegevens die niet bij de handtekening horen.';
const UNTRUSTED_SELF_SIGNED = 'Het certificaat van de ondertekenaar is zelfondertekend (testcertificaat) en niet als vertrouwd opgegeven.';
const UNTRUSTED = 'Het certificaat van de ondertekenaar is niet uitgegeven door een vertrouwde uitgever.';
const UNTRUSTED_TIMESTAMP =
  'De tijdstempeldienst is niet als vertrouwd opgegeven; als moment van ondertekening geldt daarom de tijd die de ondertekenaar zelf opgaf.';

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
    expect(check.problems).toEqual([UNTRUSTED_SELF_SIGNED]);
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

  it('finds a report re-signed with an own self-signed certificate of the same name intact, but not trusted', async () => {
    const attackerFiles = createTestSigningIdentity({ commonName: COMMON_NAME, organisation: ORGANISATION });
    const attacker = loadSigningIdentity(attackerFiles.p12, attackerFiles.password);
    const forged = await signpdf.sign(await buildPdf({ text: 'Geen risico gevonden' }), new PadesSigner(attacker));

    const check = await verifyPdfSignature(forged, { trustAnchors: [identity.certificate] });

    expect(check).toMatchObject({
      valid: true,
      trusted: false,
      signer: { commonName: COMMON_NAME, organisation: ORGANISATION, certificateSha256: sha256(attacker.certificate).toString('hex') },
      problems: [UNTRUSTED_SELF_SIGNED],
    });
    // Trust follows the anchor given, not the name: the attacker's own certificate as anchor is trusted.
    expect(await verifyPdfSignature(forged, { trustAnchors: [attacker.certificate] })).toMatchObject({ valid: true, trusted: true });
  });

  it('rejects /Contents with one hex digit upper-cased, although it decodes to the same bytes', async () => {
    const [cmsStart, cmsEnd] = cmsHexSpan(signedPdf);
    const position = cmsStart + signedPdf.subarray(cmsStart, cmsEnd).toString('latin1').search(/[a-f]/);
    const changed = Buffer.from(signedPdf);
    changed[position] = changed.toString('latin1', position, position + 1).toUpperCase().charCodeAt(0);
    expect(signedDataBytes(changed).equals(signedDataBytes(signedPdf))).toBe(true);

    const check = await verifyPdfSignature(changed, { trustAnchors: [identity.certificate] });

    expect(check.valid).toBe(false);
    expect(check.problems).toContain('De handtekeningwaarde is gewijzigd: de hexadecimale codering bevat hoofdletters.');
  });

  it.each<[string, (signedData: pkijs.SignedData) => void]>([
    [
      'an unrelated certificate',
      (signedData) => void signedData.certificates!.push(pkijs.Certificate.fromBER(issueCertificate('Iemand anders', { keyUsage: null }).der)),
    ],
    ['a second copy of the signer certificate', (signedData) => void signedData.certificates!.push(pkijs.Certificate.fromBER(identity.certificate))],
    [
      'revocation data',
      (signedData) => {
        const signer = pkijs.Certificate.fromBER(identity.certificate);
        // Only the field's presence matters here, so the list's own signature is left blank.
        const algorithm = new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.840.113549.1.1.11', algorithmParams: new asn1js.Null() });
        const crl = new pkijs.CertificateRevocationList({
          version: 1,
          signature: algorithm,
          issuer: signer.subject,
          thisUpdate: new pkijs.Time({ type: 1, value: new Date() }),
          signatureAlgorithm: algorithm,
          signatureValue: new asn1js.BitString({ valueHex: new Uint8Array(384) }),
        });
        // SignedData encodes its CRLs from their received TBS bytes, so supply those.
        crl.tbsView = new Uint8Array(crl.toSchema(true).valueBlock.value[0].toBER());
        signedData.crls = [crl];
      },
    ],
  ])('rejects a CMS that also carries %s', async (_name, add) => {
    const signedData = signedDataOf(signedPdf);
    add(signedData);

    const check = await verifyPdfSignature(replaceSignature(signedPdf, encodeSignedData(signedData)), { trustAnchors: [identity.certificate] });

    expect(check.valid).toBe(false);
    expect(check.problems).toContain(FOREIGN_DATA);
    // The signature itself is fine: only the unprotected extras are the problem.
    expect(check.trusted).toBe(true);
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

  async function signWithTimestamp(text?: string, opts: { authority?: TestTsa; signingTime?: Date } = {}): Promise<Buffer> {
    const url = (opts.authority ?? tsa).url;
    const pdf = await buildPdf({ tsaUrl: url, text, signingTime: opts.signingTime });
    return signpdf.sign(pdf, new PadesSigner(identity, { tsaUrl: url }));
  }

  it('adds an RFC 3161 timestamp over the signature value, which the verifier checks and, trusting the authority, uses as signing time', async () => {
    const before = tsa.requests();
    const signed = await signWithTimestamp(undefined, { signingTime: EARLIER_CLAIMED_SIGNING_TIME });

    const check = await verifyPdfSignature(signed, { trustAnchors: [identity.certificate, tsa.certificate] });

    expect(tsa.requests()).toBe(before + 1);
    expect(check).toMatchObject({
      valid: true,
      trusted: true,
      coversWholeDocument: true,
      timestamp: { time: tsa.lastGenTime(), authority: 'Test-TSA basisscan', valid: true, trusted: true },
      signedAt: tsa.lastGenTime(),
      problems: [],
    });
    expect(check.signedAt).not.toEqual(EARLIER_CLAIMED_SIGNING_TIME);
  });

  it('shows, but does not take the time of, an intact timestamp from an authority that is not trusted', async () => {
    const otherTsa = await startTestTsa({ commonName: 'Test-TSA basisscan' });
    try {
      const signed = await signWithTimestamp(undefined, { authority: otherTsa, signingTime: EARLIER_CLAIMED_SIGNING_TIME });

      // Trusted anchors: the signer and the first authority, which has the same name as the second.
      const check = await verifyPdfSignature(signed, { trustAnchors: [identity.certificate, tsa.certificate] });

      expect(otherTsa.lastGenTime()).not.toEqual(EARLIER_CLAIMED_SIGNING_TIME);
      expect(check).toMatchObject({
        valid: true,
        trusted: true,
        timestamp: { time: otherTsa.lastGenTime(), authority: 'Test-TSA basisscan', valid: true, trusted: false },
        signedAt: EARLIER_CLAIMED_SIGNING_TIME,
        problems: [UNTRUSTED_TIMESTAMP],
      });
      expect(await verifyPdfSignature(signed, { trustAnchors: [identity.certificate, otherTsa.certificate] })).toMatchObject({
        timestamp: { valid: true, trusted: true },
        signedAt: otherTsa.lastGenTime(),
      });
    } finally {
      await otherTsa.close();
    }
  });

  it('checks the signer certificate at the trusted timestamp, and otherwise at the claimed time', async () => {
    // A /M before the certificate existed: only a trusted timestamp can show when it really was signed.
    const beforeCertificate = new Date(identity.notBefore.getTime() - 24 * 60 * 60_000);
    const signed = await signWithTimestamp(undefined, { signingTime: beforeCertificate });

    const withTsa = await verifyPdfSignature(signed, { trustAnchors: [identity.certificate, tsa.certificate] });
    const withoutTsa = await verifyPdfSignature(signed, { trustAnchors: [identity.certificate] });

    expect(withTsa).toMatchObject({ valid: true, trusted: true, signedAt: tsa.lastGenTime(), problems: [] });
    expect(withoutTsa).toMatchObject({ valid: true, trusted: false, signedAt: beforeCertificate });
    expect(withoutTsa.problems).toContain('Het certificaat van de ondertekenaar was niet geldig op het moment van ondertekening.');
  });

  it('rejects a signature-timestamp attribute with a second token', async () => {
    const signed = await signWithTimestamp();
    const signedData = signedDataOf(signed);
    const attribute = signedData.signerInfos[0].unsignedAttrs!.attributes[0];
    attribute.values.push(attribute.values[0]);

    const check = await verifyPdfSignature(replaceSignature(signed, encodeSignedData(signedData)), {
      trustAnchors: [identity.certificate, tsa.certificate],
    });

    expect(check.valid).toBe(false);
    expect(check.problems).toContain('De handtekening moet precies één tijdstempel bevatten.');
  });

  it('rejects a timestamp token that carries a certificate the authority does not need', async () => {
    const signed = await signWithTimestamp();
    const signedData = signedDataOf(signed);
    const attribute = signedData.signerInfos[0].unsignedAttrs!.attributes[0];
    const token = new pkijs.ContentInfo({ schema: attribute.values[0] });
    const tokenSignedData = new pkijs.SignedData({ schema: token.content });
    tokenSignedData.certificates!.push(pkijs.Certificate.fromBER(identity.certificate));
    attribute.values[0] = new pkijs.ContentInfo({ contentType: token.contentType, content: tokenSignedData.toSchema() }).toSchema();

    const check = await verifyPdfSignature(replaceSignature(signed, encodeSignedData(signedData)), {
      trustAnchors: [identity.certificate, tsa.certificate],
    });

    expect(check.valid).toBe(false);
    expect(check.timestamp).toMatchObject({ valid: false, trusted: true });
    expect(check.problems).toEqual(['De tijdstempel bevat gegevens die niet bij de tijdstempel horen.']);
    expect(check.signedAt).toEqual(CLAIMED_SIGNING_TIME);
  });

  it('rejects a timestamp taken from another signature', async () => {
    const target = await signWithTimestamp('Document A');
    const donor = await signWithTimestamp('Document B');
    const signedData = signedDataOf(target);
    signedData.signerInfos[0].unsignedAttrs = signedDataOf(donor).signerInfos[0].unsignedAttrs;

    const check = await verifyPdfSignature(replaceSignature(target, encodeSignedData(signedData)), { trustAnchors: [tsa.certificate] });

    expect(check.valid).toBe(false);
    expect(check.timestamp).toMatchObject({ valid: false, trusted: true });
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
      const output = runOnPdf('pdfsig', await signWithTimestamp()).output;

      expect(output).toContain('- Signature Validation: Signature is Valid.');
      expect(output).toMatch(/^\s*- Total document signed$/m);
    });
  });
});

describe('trust path through certificate authorities', () => {
  const CA_USAGE = { keyCertSign: true, cRLSign: true };
  const SIGNING_USAGE = { digitalSignature: true, nonRepudiation: true };
  let root: TestCertificate;

  beforeAll(() => {
    root = issueCertificate('Test-root basisscan', { ca: true, keyUsage: CA_USAGE });
  });

  /** Signs with a leaf issued by `intermediate` (itself issued by `root`), both in the CMS, and verifies with `root` as anchor. */
  async function verifyThrough(intermediate: TestCertificate, leafOptions: CertificateOptions = {}) {
    const leaf = issueCertificate(COMMON_NAME, { keyUsage: SIGNING_USAGE, ...leafOptions, issuer: intermediate });
    const signed = await signpdf.sign(await buildPdf({}), new PadesSigner(chainIdentity(leaf, [intermediate, root])));
    return verifyPdfSignature(signed, { trustAnchors: [root.der] });
  }

  it('trusts a signer whose CA chain leads to the anchor, and the chain certificates are no foreign data', async () => {
    const intermediate = issueCertificate('Test-tussen-CA', { issuer: root, ca: true, pathLength: 0, keyUsage: CA_USAGE });

    const check = await verifyThrough(intermediate);

    expect(check).toMatchObject({ valid: true, trusted: true, problems: [], signer: { commonName: COMMON_NAME, selfSigned: false } });
  });

  it.each<[string, CertificateOptions]>([
    ['an end-entity (cA=false) certificate', { ca: false }],
    ['a certificate without basicConstraints', { ca: undefined }],
    ['a CA certificate whose keyUsage lacks keyCertSign', { ca: true, keyUsage: { digitalSignature: true, cRLSign: true } }],
  ])('does not trust a chain through %s', async (_name, options) => {
    const intermediate = issueCertificate('Test-tussen-CA', { keyUsage: null, ...options, issuer: root });

    const check = await verifyThrough(intermediate);

    expect(check).toMatchObject({ trusted: false, problems: [UNTRUSTED] });
  });

  it("respects the root's pathLenConstraint", async () => {
    const limitedRoot = issueCertificate('Test-root basisscan (pathLen 0)', { ca: true, pathLength: 0, keyUsage: CA_USAGE });
    const intermediate = issueCertificate('Test-tussen-CA', { issuer: limitedRoot, ca: true, keyUsage: CA_USAGE });
    const leaf = issueCertificate(COMMON_NAME, { issuer: intermediate, keyUsage: SIGNING_USAGE });
    const signed = await signpdf.sign(await buildPdf({}), new PadesSigner(chainIdentity(leaf, [intermediate])));

    expect(await verifyPdfSignature(signed, { trustAnchors: [limitedRoot.der] })).toMatchObject({
      valid: true,
      trusted: false,
      problems: [UNTRUSTED],
    });
    // The same chain is fine when the intermediate itself is the anchor: no CA below it.
    expect(await verifyPdfSignature(signed, { trustAnchors: [intermediate.der] })).toMatchObject({ valid: true, trusted: true });
  });

  it('does not trust a signer certificate whose keyUsage does not allow signatures', async () => {
    const intermediate = issueCertificate('Test-tussen-CA', { issuer: root, ca: true, keyUsage: CA_USAGE });

    const check = await verifyThrough(intermediate, { keyUsage: { keyEncipherment: true } });

    expect(check).toMatchObject({
      valid: true,
      trusted: false,
      problems: ['Het certificaat van de ondertekenaar is niet bedoeld voor digitale handtekeningen.'],
    });
  });
});

describeWithTools(['pdfsig'], 'pdfsig (poppler) as independent second opinion', () => {
  it('accepts the signature as valid over the whole document and only doubts the trust', () => {
    const output = runOnPdf('pdfsig', signedPdf).output;

    expect(output).toContain('- Signature Type: ETSI.CAdES.detached');
    expect(output).toContain('- Signing Hash Algorithm: SHA-256');
    expect(output).toContain(`- Signer Certificate Common Name: ${COMMON_NAME}`);
    expect(output).toContain('- Signature Validation: Signature is Valid.');
    expect(output).toMatch(/^\s*- Total document signed$/m);
    expect(output).toMatch(/- Certificate Validation: Certificate issuer (is unknown|isn't Trusted)\.$/m);
  });

  it('reports a digest mismatch for a changed byte', () => {
    const output = runOnPdf('pdfsig', tamperSignedContent(signedPdf)).output;

    expect(output).toContain('- Signature Validation: Digest Mismatch.');
    expect(output).not.toContain('Signature is Valid.');
  });

  it('no longer says the whole document is signed after an incremental update', () => {
    const output = runOnPdf('pdfsig', appendIncrementalUpdate(signedPdf)).output;

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

interface TestCertificate {
  der: Buffer;
  privateKey: KeyObject;
  certificate: forge.pki.Certificate;
  forgeKey: forge.pki.rsa.PrivateKey;
}

interface CertificateOptions {
  /** Self-signed without. */
  issuer?: TestCertificate;
  /** basicConstraints cA; undefined leaves the extension out. */
  ca?: boolean;
  pathLength?: number;
  /** keyUsage bits by forge name; null leaves the extension out. */
  keyUsage?: Record<string, boolean> | null;
}

/**
 * Certificates made with node-forge, not with the code under test. RSA 2048 from node:crypto,
 * because forge's own key generation is slow.
 */
function issueCertificate(commonName: string, opts: CertificateOptions): TestCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const forgeKey = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  certificate.serialNumber = `4${randomBytes(15).toString('hex')}`;
  certificate.validity.notBefore = new Date(Date.now() - 60 * 60_000);
  certificate.validity.notAfter = new Date(Date.now() + 365 * 24 * 60 * 60_000);
  const name = [
    { name: 'commonName', value: commonName, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class },
    { name: 'organizationName', value: ORGANISATION },
  ];
  certificate.setSubject(name);
  certificate.setIssuer(opts.issuer ? opts.issuer.certificate.subject.attributes : name);
  certificate.setExtensions([
    ...(opts.ca === undefined
      ? []
      : [{ name: 'basicConstraints', cA: opts.ca, critical: true, ...(opts.pathLength === undefined ? {} : { pathLenConstraint: opts.pathLength }) }]),
    ...(opts.keyUsage ? [{ name: 'keyUsage', critical: true, ...opts.keyUsage }] : []),
  ]);
  certificate.sign(opts.issuer?.forgeKey ?? forgeKey, forge.md.sha256.create());
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes(), 'binary');
  return { der, privateKey, certificate, forgeKey };
}

function chainIdentity(leaf: TestCertificate, chain: TestCertificate[]): SigningIdentity {
  const x509 = new X509Certificate(leaf.der);
  return {
    privateKey: leaf.privateKey,
    certificate: leaf.der,
    chain: chain.map((certificate) => certificate.der),
    subject: { commonName: COMMON_NAME, organisation: ORGANISATION },
    selfSigned: false,
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
  };
}

async function buildPdf(opts: { tsaUrl?: string; text?: string; placeholder?: boolean; signingTime?: Date }): Promise<Buffer> {
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
      signingTime: opts.signingTime ?? CLAIMED_SIGNING_TIME,
      signatureLength: signatureLengthFor({ tsaUrl: opts.tsaUrl }),
      subFilter: SUBFILTER_ETSI_CADES_DETACHED,
      widgetRect: [0, 0, 0, 0],
      appName: 'basisscan',
    });
  }
  doc.end();
  return ended;
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

/** The bytes the /Contents hex string decodes to, padding included. */
function signedDataBytes(pdf: Buffer): Buffer {
  const [, gapStart, gapEnd] = byteRangeOf(pdf);
  return Buffer.from(pdf.subarray(gapStart + 1, gapEnd - 1).toString('latin1'), 'hex');
}

function signedDataOf(pdf: Buffer): pkijs.SignedData {
  const parsed = asn1js.fromBER(signedDataBytes(pdf));
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
