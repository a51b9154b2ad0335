import { createHash, generateKeyPairSync, randomBytes, webcrypto } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/**
 * A local RFC 3161 timestamp authority. It is built with pkijs/WebCrypto on purpose, not with the
 * code under test, so the verifier is shown to accept tokens it did not produce itself.
 */
export interface TestTsa {
  url: string;
  /** The authority's self-signed certificate, DER. */
  certificate: Buffer;
  requests: () => number;
  /** genTime of the last token issued, null before the first. */
  lastGenTime: () => Date | null;
  close(): Promise<void>;
}

export type TestTsaFailure =
  /** HTTP 500 with a text body. */
  | 'http-error'
  /** HTTP 200 with PKIStatus rejection. */
  | 'rejection'
  /** A correctly signed token that answers with another nonce, as a replayed answer would. */
  | 'wrong-nonce'
  /** Accepts the request and never answers. */
  | 'no-answer';

const OID_TST_INFO = '1.2.840.113549.1.9.16.1.4';
const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const OID_SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';
const OID_KP_TIME_STAMPING = '1.3.6.1.5.5.7.3.8';
/** Under 2.999, the arc X.660 reserves for examples. */
const TEST_POLICY = '2.999.3161.1';
const PKI_STATUS_GRANTED = 0;
const PKI_STATUS_REJECTION = 2;
const MAX_REQUEST_BYTES = 64 * 1024;

const engine = new pkijs.CryptoEngine({
  name: 'test-tsa',
  crypto: webcrypto as unknown as ConstructorParameters<typeof pkijs.CryptoEngine>[0]['crypto'],
});

interface TsaKey {
  privateKey: webcrypto.CryptoKey;
  certificate: pkijs.Certificate;
  certificateDer: Buffer;
}

/** `commonName` defaults to 'Test-TSA basisscan'; every call makes a new key and self-signed certificate. */
export async function startTestTsa(opts: { fail?: TestTsaFailure; commonName?: string } = {}): Promise<TestTsa> {
  const key = await createTsaKey(opts.commonName ?? 'Test-TSA basisscan');
  let requestCount = 0;
  let serial = 1;
  let lastGenTime: Date | null = null;

  const server = http.createServer((request, response) => {
    requestCount += 1;
    if (opts.fail === 'no-answer') return;
    void readBody(request)
      .then(async (body) => {
        if (request.method !== 'POST' || request.headers['content-type'] !== 'application/timestamp-query') {
          return send(response, 400, 'text/plain', Buffer.from('expected POST application/timestamp-query'));
        }
        if (opts.fail === 'http-error') return send(response, 500, 'text/plain', Buffer.from('internal error'));
        if (opts.fail === 'rejection') return send(response, 200, 'application/timestamp-reply', encodeResponse(PKI_STATUS_REJECTION));
        const genTime = wholeSeconds(new Date());
        const token = await issueToken(key, pkijs.TimeStampReq.fromBER(body), serial++, genTime, opts.fail === 'wrong-nonce');
        lastGenTime = genTime;
        return send(response, 200, 'application/timestamp-reply', encodeResponse(PKI_STATUS_GRANTED, token));
      })
      .catch(() => send(response, 400, 'text/plain', Buffer.from('bad request')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/tsa`,
    certificate: key.certificateDer,
    requests: () => requestCount,
    lastGenTime: () => lastGenTime,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // fetch keeps connections alive and 'no-answer' holds them open; close() would wait for both.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function readBody(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) request.destroy(new Error('request too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response: http.ServerResponse, status: number, contentType: string, body: Buffer): void {
  response.writeHead(status, { 'content-type': contentType, 'content-length': body.length });
  response.end(body);
}

/** TSAs commonly state whole seconds; it also makes equality checks in tests exact. */
function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

async function createTsaKey(commonName: string): Promise<TsaKey> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateCryptoKey = await webcrypto.subtle.importKey(
    'pkcs8',
    privateKey.export({ type: 'pkcs8', format: 'der' }),
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  certificate.serialNumber = new asn1js.Integer({ valueHex: positiveRandom(16) });
  for (const name of [certificate.subject, certificate.issuer]) {
    name.typesAndValues.push(
      new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: commonName }) }),
      new pkijs.AttributeTypeAndValue({ type: '2.5.4.10', value: new asn1js.Utf8String({ value: 'Basisscan testomgeving' }) }),
    );
  }
  const now = Date.now();
  certificate.notBefore.value = new Date(now - 60 * 60_000);
  certificate.notAfter.value = new Date(now + 365 * 24 * 60 * 60_000);
  certificate.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(publicKey.export({ type: 'spki', format: 'der' }));
  certificate.extensions = [
    // RFC 3161 2.3: the TSA certificate must have exactly this critical extended key usage.
    new pkijs.Extension({
      extnID: '2.5.29.37',
      critical: true,
      extnValue: new pkijs.ExtKeyUsage({ keyPurposes: [OID_KP_TIME_STAMPING] }).toSchema().toBER(false),
    }),
    new pkijs.Extension({
      extnID: '2.5.29.15',
      critical: true,
      extnValue: new asn1js.BitString({ valueHex: new Uint8Array([0x80]), unusedBits: 7 }).toBER(false),
    }),
  ];
  await certificate.sign(privateCryptoKey, 'SHA-256', engine);
  return { privateKey: privateCryptoKey, certificate, certificateDer: Buffer.from(certificate.toSchema().toBER()) };
}

function positiveRandom(length: number): Buffer {
  const value = randomBytes(length);
  value[0] = (value[0] & 0x7f) | 0x40;
  return value;
}

async function issueToken(key: TsaKey, request: pkijs.TimeStampReq, serial: number, genTime: Date, wrongNonce: boolean): Promise<pkijs.ContentInfo> {
  const tstInfo = new pkijs.TSTInfo({
    version: 1,
    policy: TEST_POLICY,
    messageImprint: request.messageImprint,
    serialNumber: new asn1js.Integer({ value: serial }),
    genTime,
    accuracy: new pkijs.Accuracy({ seconds: 1 }),
    ...(request.nonce ? { nonce: wrongNonce ? new asn1js.Integer({ valueHex: positiveRandom(8) }) : request.nonce } : {}),
    tsa: new pkijs.GeneralName({ type: 4, value: key.certificate.subject }),
  });
  const tstInfoDer = Buffer.from(tstInfo.toSchema().toBER());
  const signedData = new pkijs.SignedData({
    version: 3,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: OID_TST_INFO,
      eContent: new asn1js.OctetString({ valueHex: tstInfoDer }),
    }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: key.certificate.issuer, serialNumber: key.certificate.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            new pkijs.Attribute({ type: OID_CONTENT_TYPE, values: [new asn1js.ObjectIdentifier({ value: OID_TST_INFO })] }),
            new pkijs.Attribute({ type: OID_MESSAGE_DIGEST, values: [new asn1js.OctetString({ valueHex: sha256(tstInfoDer) })] }),
            signingCertificateV2(key.certificateDer),
          ],
        }),
      }),
    ],
    ...(request.certReq ? { certificates: [key.certificate] } : {}),
  });
  await signedData.sign(key.privateKey, 0, 'SHA-256', undefined, engine);
  return new pkijs.ContentInfo({ contentType: OID_SIGNED_DATA, content: signedData.toSchema(true) });
}

/** RFC 3161 requires the TSA to name its certificate in an ESS signing-certificate attribute. */
function signingCertificateV2(certificateDer: Buffer): pkijs.Attribute {
  const essCertIdV2 = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: sha256(certificateDer) })] });
  return new pkijs.Attribute({
    type: OID_SIGNING_CERTIFICATE_V2,
    values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] })],
  });
}

function encodeResponse(status: number, token?: pkijs.ContentInfo): Buffer {
  const response = new pkijs.TimeStampResp({
    status: new pkijs.PKIStatusInfo({ status }),
    ...(token ? { timeStampToken: token } : {}),
  });
  return Buffer.from(response.toSchema().toBER());
}

function sha256(data: Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}
