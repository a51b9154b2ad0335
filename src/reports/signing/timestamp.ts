import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/** Messages are Dutch because they end up in front of the person who requested the report. */
export class TimestampError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimestampError';
  }
}

export const OID_SHA256 = '2.16.840.1.101.3.4.2.1';
export const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
export const OID_TST_INFO = '1.2.840.113549.1.9.16.1.4';

const DEFAULT_TIMEOUT_MS = 10_000;
const PKI_STATUS_GRANTED = 0;
const PKI_STATUS_GRANTED_WITH_MODS = 1;

/** The parts of a TimeStampToken both the client and the verifier look at. */
export interface TimestampTokenContents {
  signedData: pkijs.SignedData;
  tstInfo: pkijs.TSTInfo;
  /** The DER the token's signature (via message-digest) covers. */
  tstInfoDer: Buffer;
  genTime: Date;
  imprintAlgorithm: string;
  imprint: Buffer;
  nonce: Buffer | null;
}

/**
 * Asks an RFC 3161 authority to timestamp `messageDigestSha256` and returns the TimeStampToken
 * (a CMS ContentInfo, DER) exactly as the authority sent it.
 */
export async function requestTimestampToken(
  url: string,
  messageDigestSha256: Buffer,
  opts: { timeoutMs?: number } = {},
): Promise<Buffer> {
  if (messageDigestSha256.length !== 32) {
    throw new TimestampError('Intern: de waarde voor de tijdstempel is geen SHA-256-hash.');
  }
  const nonce = positiveNonce();
  const body = await postTimestampQuery(url, encodeTimestampRequest(messageDigestSha256, nonce), opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const token = tokenFromResponse(body);
  checkTokenAnswersRequest(token, messageDigestSha256, nonce);
  return token;
}

/** Eight bytes, top bit clear and second bit set, so the INTEGER is positive and minimally encoded. */
function positiveNonce(): Buffer {
  const nonce = randomBytes(8);
  nonce[0] = (nonce[0] & 0x7f) | 0x40;
  return nonce;
}

function encodeTimestampRequest(digest: Buffer, nonce: Buffer): Buffer {
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      // NULL parameters: RFC 5754 lets receivers accept both, and some older authorities insist on NULL.
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID_SHA256, algorithmParams: new asn1js.Null() }),
      hashedMessage: new asn1js.OctetString({ valueHex: digest }),
    }),
    nonce: new asn1js.Integer({ valueHex: nonce }),
    certReq: true,
  });
  return Buffer.from(request.toSchema().toBER());
}

async function postTimestampQuery(url: string, query: Buffer, timeoutMs: number): Promise<Buffer> {
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetchTimestampReply(url, query, signal).catch((error: unknown) => {
      // A reused keep-alive connection the authority has just closed fails at once; retry once on a fresh one.
      if (isAbort(error)) throw error;
      return fetchTimestampReply(url, query, signal);
    });
  } catch (error) {
    if (isAbort(error)) {
      throw new TimestampError(`De tijdstempeldienst antwoordde niet binnen ${dutchSeconds(timeoutMs)}.`);
    }
    throw new TimestampError('De tijdstempeldienst is niet bereikbaar.');
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new TimestampError(`De tijdstempeldienst gaf een foutmelding (HTTP ${response.status}).`);
  }
  try {
    return Buffer.from(await response.arrayBuffer());
  } catch {
    throw new TimestampError('Het antwoord van de tijdstempeldienst kwam niet volledig binnen.');
  }
}

function fetchTimestampReply(url: string, query: Buffer, signal: AbortSignal): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
    body: query,
    signal,
  });
}

/** By name, not instanceof: fetch's DOMException may come from another realm (e.g. under jest). */
function isAbort(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

function dutchSeconds(milliseconds: number): string {
  const seconds = milliseconds / 1000;
  return seconds === 1 ? '1 seconde' : `${String(seconds).replace('.', ',')} seconden`;
}

/** Returns the token's original bytes: re-encoding it could change what the authority signed. */
function tokenFromResponse(body: Buffer): Buffer {
  const parsed = asn1js.fromBER(body);
  let response: pkijs.TimeStampResp;
  try {
    if (parsed.offset === -1) throw new Error('not BER');
    response = new pkijs.TimeStampResp({ schema: parsed.result });
  } catch {
    throw new TimestampError('Het antwoord van de tijdstempeldienst is geen geldig RFC 3161-antwoord.');
  }
  const status = response.status.status;
  if (status !== PKI_STATUS_GRANTED && status !== PKI_STATUS_GRANTED_WITH_MODS) {
    throw new TimestampError(`De tijdstempeldienst weigerde de tijdstempel (status ${status}).`);
  }
  const tokenBlock = (parsed.result as asn1js.Sequence).valueBlock.value[1];
  if (!response.timeStampToken || !tokenBlock) {
    throw new TimestampError('Het antwoord van de tijdstempeldienst bevat geen tijdstempel.');
  }
  return Buffer.from(tokenBlock.valueBeforeDecodeView);
}

function checkTokenAnswersRequest(token: Buffer, digest: Buffer, nonce: Buffer): void {
  let contents: TimestampTokenContents;
  try {
    contents = readTimestampToken(token);
  } catch {
    throw new TimestampError('De tijdstempel van de tijdstempeldienst is onleesbaar.');
  }
  if (contents.imprintAlgorithm !== OID_SHA256 || !contents.imprint.equals(digest)) {
    throw new TimestampError('De tijdstempel hoort niet bij deze handtekening (andere hash).');
  }
  if (!contents.nonce || !integerBytesEqual(contents.nonce, nonce)) {
    throw new TimestampError('De tijdstempel hoort niet bij dit verzoek (ander volgnummer).');
  }
}

/** INTEGER contents may carry a leading zero octet the other side did not; compare the values. */
function integerBytesEqual(a: Buffer, b: Buffer): boolean {
  const strip = (value: Buffer): Buffer => {
    let start = 0;
    while (start < value.length - 1 && value[start] === 0) start += 1;
    return value.subarray(start);
  };
  return strip(a).equals(strip(b));
}

/** Parses a TimeStampToken without judging it; throws on anything that is not one. */
export function readTimestampToken(token: Buffer): TimestampTokenContents {
  const contentInfo = pkijs.ContentInfo.fromBER(token);
  if (contentInfo.contentType !== OID_SIGNED_DATA) throw new Error('token is not SignedData');
  const signedData = new pkijs.SignedData({ schema: contentInfo.content });
  const encapsulated = signedData.encapContentInfo;
  if (encapsulated.eContentType !== OID_TST_INFO || !encapsulated.eContent) throw new Error('token carries no TSTInfo');
  const tstInfoDer = Buffer.from(encapsulated.eContent.getValue());
  const tstInfo = pkijs.TSTInfo.fromBER(tstInfoDer);
  return {
    signedData,
    tstInfo,
    tstInfoDer,
    genTime: tstInfo.genTime,
    imprintAlgorithm: tstInfo.messageImprint.hashAlgorithm.algorithmId,
    imprint: Buffer.from(tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView),
    nonce: tstInfo.nonce ? Buffer.from(tstInfo.nonce.valueBlock.valueHexView) : null,
  };
}
