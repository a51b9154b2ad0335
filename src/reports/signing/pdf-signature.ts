import { createHash, verify as cryptoVerify, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { describeCertificate } from './keystore';
import { OID_CONTENT_TYPE, OID_DATA, OID_MESSAGE_DIGEST, OID_SIGNATURE_TIMESTAMP_TOKEN, OID_SIGNING_CERTIFICATE_V2 } from './pades-signer';
import { OID_SIGNED_DATA, OID_TST_INFO, readTimestampToken } from './timestamp';

/** What an independent check of a signed report found; problems are Dutch and meant for people. */
export interface PdfSignatureCheck {
  /** Digest and signature correct, the signature covers the whole file, and it is the only one. */
  valid: boolean;
  /** The signer certificate chains to one of the given trust anchors and was valid when signed. */
  trusted: boolean;
  coversWholeDocument: boolean;
  /**
   * The bytes the signature covers are exactly what was signed (digest and signature correct),
   * whatever was appended after them: with `coversWholeDocument` false this tells "something was
   * added after signing" apart from "the signed part was changed".
   */
  signedPartIntact: boolean;
  problems: string[];
  signer: { commonName: string; organisation: string | null; serialNumber: string; selfSigned: boolean; certificateSha256: string } | null;
  /**
   * The timestamp's genTime when the timestamp is valid and its authority trusted, else the /M of the
   * signature dictionary (the time the signer claims). The signer certificate must be valid at this time.
   */
  signedAt: Date | null;
  /**
   * `valid`: the token is intact and belongs to this signature. `trusted`: the authority's certificate
   * chains to one of the trust anchors, was valid at genTime and is meant for timestamping; it says
   * nothing about the token itself, so only `valid && trusted` makes genTime the signing time.
   */
  timestamp: { time: Date; authority: string; valid: boolean; trusted: boolean } | null;
  subFilter: string | null;
  reason: string | null;
  byteRange: [number, number, number, number] | null;
}

const OID_SIGNING_CERTIFICATE_V1 = '1.2.840.113549.1.9.16.2.12';
const OID_KP_TIME_STAMPING = '1.3.6.1.5.5.7.3.8';
const MAX_CHAIN_LENGTH = 8;
/** More certificates than any real chain brings; beyond this the field is rejected and not searched. */
const MAX_EMBEDDED_CERTIFICATES = 16;

const OID_BASIC_CONSTRAINTS = '2.5.29.19';
const OID_KEY_USAGE = '2.5.29.15';
/** KeyUsage bit numbers (RFC 5280 4.2.1.3). */
const KU_DIGITAL_SIGNATURE = 0;
const KU_NON_REPUDIATION = 1;
const KU_KEY_CERT_SIGN = 5;

const DIGEST_ALGORITHMS: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
/** Signature algorithm OID → the digest it implies; null means "take the SignerInfo's digestAlgorithm". */
const SIGNATURE_ALGORITHMS: Record<string, string | null> = {
  '1.2.840.113549.1.1.1': null,
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};

const MESSAGES = {
  notPdf: 'Het bestand is geen PDF-document.',
  unsigned: 'Het document bevat geen digitale handtekening.',
  unreadable: 'De handtekening in het document kon niet worden gelezen.',
  multipleSignatures: 'Het document bevat meer dan één handtekening; alleen de laatste is gecontroleerd.',
  byteRangeMalformed: 'De handtekening is onvolledig of beschadigd: het ondertekende bereik (ByteRange) is ongeldig.',
  byteRangeNotFromStart: 'De handtekening dekt het begin van het document niet.',
  contentsMismatch: 'De handtekening is beschadigd: het uitgesloten deel van het document is niet precies de handtekeningwaarde.',
  truncated: 'Het document is na ondertekening ingekort of beschadigd.',
  appendedUpdate: 'Na de handtekening is een wijziging aan het document toegevoegd.',
  trailingBytes: 'Na het ondertekende deel bevat het bestand nog extra gegevens.',
  contentsTrailingData: 'De handtekeningwaarde bevat onverwachte extra gegevens.',
  contentsNotLowercaseHex: 'De handtekeningwaarde is gewijzigd: de hexadecimale codering bevat hoofdletters.',
  foreignData: 'Het handtekeningveld bevat gegevens die niet bij de handtekening horen.',
  notCms: 'De handtekeningwaarde is geen geldige CMS-handtekening.',
  notDer: 'De handtekeningwaarde is gewijzigd of niet volgens DER gecodeerd.',
  unknownUnsignedAttributes: 'De handtekening bevat onbekende, niet ondertekende toevoegingen.',
  cmsStructure: 'De handtekeningwaarde is gewijzigd: de opbouw van de CMS-handtekening klopt niet.',
  signerCount: 'De handtekening moet precies één ondertekenaar bevatten.',
  notDetached: 'De handtekening bevat zelf inhoud in plaats van het document te ondertekenen (niet "detached").',
  signerCertificateMissing: 'Het certificaat van de ondertekenaar ontbreekt in de handtekening.',
  signerCertificateUnreadable: 'Het certificaat van de ondertekenaar is onleesbaar.',
  timestampUnreadable: 'De tijdstempel bij de handtekening is onleesbaar.',
  timestampCount: 'De handtekening moet precies één tijdstempel bevatten.',
  timestampForeignData: 'De tijdstempel bevat gegevens die niet bij de tijdstempel horen.',
  timestampStructure: 'De tijdstempel is gewijzigd: de opbouw klopt niet.',
  timestampImprint: 'De tijdstempel hoort niet bij deze handtekening.',
  timestampCertificateMissing: 'De tijdstempel bevat het certificaat van de tijdstempeldienst niet.',
  timestampNotTsa: 'Het certificaat van de tijdstempeldienst is niet bedoeld voor tijdstempels.',
  timestampCertificateExpired: 'Het certificaat van de tijdstempeldienst was niet geldig op het moment van de tijdstempel.',
  timestampUntrusted:
    'De tijdstempeldienst is niet als vertrouwd opgegeven; als moment van ondertekening geldt daarom de tijd die de ondertekenaar zelf opgaf.',
  untrustedSelfSigned: 'Het certificaat van de ondertekenaar is zelfondertekend (testcertificaat) en niet als vertrouwd opgegeven.',
  untrusted: 'Het certificaat van de ondertekenaar is niet uitgegeven door een vertrouwde uitgever.',
  signerCertificateNotForSigning: 'Het certificaat van de ondertekenaar is niet bedoeld voor digitale handtekeningen.',
  signerCertificateNotValidThen: 'Het certificaat van de ondertekenaar was niet geldig op het moment van ondertekening.',
};

type SignerInfoFailure =
  | 'digest-algorithm'
  | 'no-signed-attributes'
  | 'content-type'
  | 'message-digest'
  | 'signature-algorithm'
  | 'signature'
  | 'ess-missing'
  | 'ess-mismatch';

const SIGNATURE_FAILURES: Record<SignerInfoFailure, string> = {
  'digest-algorithm': 'De handtekening gebruikt een niet-ondersteund of te zwak hashalgoritme.',
  'no-signed-attributes': 'De handtekening mist de ondertekende attributen die PAdES voorschrijft.',
  'content-type': 'De handtekening heeft een onjuist inhoudstype.',
  'message-digest': 'Het document is na ondertekening gewijzigd.',
  'signature-algorithm': 'De handtekening gebruikt een niet-ondersteund ondertekeningsalgoritme.',
  signature: 'De handtekeningwaarde klopt niet bij het certificaat van de ondertekenaar.',
  'ess-missing': 'De handtekening verwijst niet naar het certificaat van de ondertekenaar (signing-certificate ontbreekt).',
  'ess-mismatch': 'De handtekening verwijst naar een ander certificaat dan het meegeleverde.',
};

const TIMESTAMP_FAILURES: Record<SignerInfoFailure, string> = {
  'digest-algorithm': 'De tijdstempel gebruikt een niet-ondersteund of te zwak hashalgoritme.',
  'no-signed-attributes': 'De tijdstempel mist ondertekende attributen.',
  'content-type': 'De tijdstempel heeft een onjuist inhoudstype.',
  'message-digest': 'De inhoud van de tijdstempel is gewijzigd.',
  'signature-algorithm': 'De tijdstempel gebruikt een niet-ondersteund ondertekeningsalgoritme.',
  signature: 'De ondertekening van de tijdstempel klopt niet bij het certificaat van de tijdstempeldienst.',
  'ess-missing': 'De tijdstempel verwijst niet naar het certificaat van de tijdstempeldienst.',
  'ess-mismatch': 'De tijdstempel verwijst naar een ander certificaat dan het meegeleverde.',
};

interface LocatedSignature {
  byteRange: [number, number, number, number];
  /** Number of signature dictionaries (ByteRange entries) in the file. */
  count: number;
  /** The signature dictionary's object, for /SubFilter, /Reason and /M. */
  dictionary: string;
  contents: Buffer;
  /** The hex string uses lower case only, the one spelling the signer writes; any other spelling is a change. */
  lowercaseHex: boolean;
}

/** Checks the last signature of `pdf` without network access; never throws. */
export async function verifyPdfSignature(pdf: Buffer, options: { trustAnchors?: Buffer[] } = {}): Promise<PdfSignatureCheck> {
  const check = emptyCheck();
  try {
    inspect(Buffer.isBuffer(pdf) ? pdf : Buffer.from(pdf), options.trustAnchors ?? [], check);
  } catch {
    // Every parser above is wrapped; this is the last line against input nobody anticipated.
    check.problems.push(MESSAGES.unreadable);
    check.valid = false;
    check.trusted = false;
  }
  return check;
}

function emptyCheck(): PdfSignatureCheck {
  return {
    valid: false,
    trusted: false,
    coversWholeDocument: false,
    signedPartIntact: false,
    problems: [],
    signer: null,
    signedAt: null,
    timestamp: null,
    subFilter: null,
    reason: null,
    byteRange: null,
  };
}

function inspect(pdf: Buffer, trustAnchors: Buffer[], check: PdfSignatureCheck): void {
  if (!pdf.subarray(0, 1024).includes('%PDF-')) {
    check.problems.push(MESSAGES.notPdf);
    return;
  }
  const text = pdf.toString('latin1');
  const located = locateLastSignature(pdf, text);
  if (typeof located === 'string') {
    check.problems.push(located);
    return;
  }
  check.byteRange = located.byteRange;
  check.subFilter = readName(located.dictionary, 'SubFilter');
  check.reason = readTextString(located.dictionary, 'Reason');
  check.signedAt = readDate(located.dictionary, 'M');

  const integrityProblems: string[] = [];
  if (located.count > 1) integrityProblems.push(MESSAGES.multipleSignatures);
  if (!located.lowercaseHex) integrityProblems.push(MESSAGES.contentsNotLowercaseHex);
  const coverage = checkCoverage(pdf, located.byteRange);
  check.coversWholeDocument = coverage.problem === null;
  if (coverage.problem) integrityProblems.push(coverage.problem);

  const cms = readSignedData(located.contents);
  if (typeof cms === 'string') {
    check.problems.push(...integrityProblems, cms);
    return;
  }
  const signerCertificate = findCertificate(cms.signerInfo.sid, cms.certificates);
  if (!signerCertificate) {
    check.problems.push(...integrityProblems, MESSAGES.signerCertificateMissing);
    return;
  }
  check.signer = describeSigner(signerCertificate);
  if (!check.signer) {
    check.problems.push(...integrityProblems, MESSAGES.signerCertificateUnreadable);
    return;
  }

  if (coverage.covered) {
    const failures = checkSignerInfo(cms.signerInfo, signerCertificate, coverage.covered, cms.signedData.encapContentInfo.eContentType);
    if (cms.signedData.encapContentInfo.eContentType !== OID_DATA) failures.push('content-type');
    check.signedPartIntact = failures.length === 0;
    integrityProblems.push(...failures.map((failure) => SIGNATURE_FAILURES[failure]));
  }
  // Nothing outside the signed attributes protects the certificates: each must be one the signature needs.
  if (cms.foreignContent || !onlyIssuingChain(signerCertificate, cms.certificates)) integrityProblems.push(MESSAGES.foreignData);
  if (hasUnknownUnsignedAttributes(cms.signerInfo)) integrityProblems.push(MESSAGES.unknownUnsignedAttributes);
  const timestamp = checkSignatureTimestamp(cms.signerInfo, trustAnchors);
  check.timestamp = timestamp.timestamp;
  integrityProblems.push(...timestamp.problems);
  const notes: string[] = [];
  // Anyone can run a timestamp authority: only a trusted one may vouch for the time.
  if (check.timestamp?.valid && check.timestamp.trusted) check.signedAt = check.timestamp.time;
  else if (check.timestamp?.valid) notes.push(MESSAGES.timestampUntrusted);

  const pool = cms.certificates.length <= MAX_EMBEDDED_CERTIFICATES ? cms.certificates : [];
  const trustProblems = checkTrust(signerCertificate, check.signer.selfSigned, pool, trustAnchors, check.signedAt ?? new Date());
  check.trusted = trustProblems.length === 0;
  check.valid = integrityProblems.length === 0 && coverage.covered !== null;
  check.problems.push(...new Set([...integrityProblems, ...trustProblems, ...notes]));
}

function describeSigner(certificate: Buffer): PdfSignatureCheck['signer'] {
  const description = describeOrNull(certificate);
  if (!description) return null;
  return {
    commonName: description.commonName,
    organisation: description.organisation,
    serialNumber: description.serialNumber,
    selfSigned: description.selfSigned,
    certificateSha256: createHash('sha256').update(certificate).digest('hex'),
  };
}

function describeOrNull(certificate: Buffer): ReturnType<typeof describeCertificate> | null {
  try {
    return describeCertificate(certificate);
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Locating the signature in the file

function locateLastSignature(pdf: Buffer, text: string): LocatedSignature | string {
  const positions = allIndexesOf(text, '/ByteRange');
  if (positions.length === 0) return MESSAGES.unsigned;
  const position = positions[positions.length - 1];
  const match = /^\/ByteRange\s*\[\s*(\d{1,15})\s+(\d{1,15})\s+(\d{1,15})\s+(\d{1,15})\s*\]/.exec(text.slice(position, position + 120));
  if (!match) return MESSAGES.byteRangeMalformed;
  const byteRange = match.slice(1, 5).map(Number) as [number, number, number, number];
  if (byteRange[0] !== 0) return MESSAGES.byteRangeNotFromStart;
  const gapStart = byteRange[1];
  const gapEnd = byteRange[2];
  if (gapEnd <= gapStart + 1 || gapEnd > pdf.length) return MESSAGES.byteRangeMalformed;
  const contents = readContentsGap(text, gapStart, gapEnd);
  if (!contents || !sameObject(text, position, gapStart)) return MESSAGES.contentsMismatch;
  return { byteRange, count: positions.length, dictionary: enclosingObject(text, position), ...contents };
}

function allIndexesOf(text: string, needle: string): number[] {
  const found: number[] = [];
  for (let index = text.indexOf(needle); index !== -1; index = text.indexOf(needle, index + needle.length)) found.push(index);
  return found;
}

/**
 * The excluded gap must be exactly one hex string, and the value of a /Contents key. Hex digits are
 * case-insensitive, so a digit's case is the one thing in the gap that decoding cannot see: report it.
 */
function readContentsGap(text: string, gapStart: number, gapEnd: number): { contents: Buffer; lowercaseHex: boolean } | null {
  const gap = text.slice(gapStart, gapEnd);
  if (!/^<(?:[0-9a-fA-F]{2})+>$/.test(gap)) return null;
  if (!/\/Contents\s*$/.test(text.slice(Math.max(0, gapStart - 40), gapStart))) return null;
  return { contents: Buffer.from(gap.slice(1, -1), 'hex'), lowercaseHex: !/[A-F]/.test(gap) };
}

/** Guards against a /ByteRange in one object pointing at the /Contents of another. */
function sameObject(text: string, first: number, second: number): boolean {
  const between = text.slice(Math.min(first, second), Math.max(first, second));
  return !between.includes('endobj') && !/\bobj\b/.test(between);
}

function enclosingObject(text: string, position: number): string {
  const previousEnd = text.lastIndexOf('endobj', position);
  const nextEnd = text.indexOf('endobj', position);
  return text.slice(previousEnd === -1 ? 0 : previousEnd + 'endobj'.length, nextEnd === -1 ? text.length : nextEnd);
}

function checkCoverage(pdf: Buffer, [, firstLength, secondStart, secondLength]: [number, number, number, number]): {
  covered: Buffer | null;
  problem: string | null;
} {
  const end = secondStart + secondLength;
  if (end > pdf.length) return { covered: null, problem: MESSAGES.truncated };
  const covered = Buffer.concat([pdf.subarray(0, firstLength), pdf.subarray(secondStart, end)]);
  if (end === pdf.length) return { covered, problem: null };
  // An editor saving changes appends objects, an xref section and a trailer (an incremental update).
  const tail = pdf.subarray(end).toString('latin1');
  return { covered, problem: /\bobj\b|\bxref\b|\btrailer\b|startxref/.test(tail) ? MESSAGES.appendedUpdate : MESSAGES.trailingBytes };
}

// ---------------------------------------------------------------------------------------------
// The signature dictionary's informational entries

function readName(dictionary: string, key: string): string | null {
  const match = new RegExp(`/${key}\\s*/([^\\s/<>\\[\\]()%]+)`).exec(dictionary);
  return match ? match[1].replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : null;
}

function readTextString(dictionary: string, key: string): string | null {
  const match = new RegExp(`/${key}(?![A-Za-z0-9])\\s*([(<])`).exec(dictionary);
  if (!match) return null;
  const start = match.index + match[0].length - 1;
  const bytes = match[1] === '(' ? readLiteralString(dictionary, start) : readHexString(dictionary, start);
  return bytes ? decodeTextString(bytes) : null;
}

/** PDF literal strings: balanced parentheses, backslash escapes, octal codes (ISO 32000-1 7.3.4.2). */
function readLiteralString(text: string, open: number): Buffer | null {
  const bytes: number[] = [];
  let depth = 0;
  for (let index = open + 1; index < text.length; index += 1) {
    const char = text[index];
    if (char === '\\') {
      index += 1;
      const escaped = text[index];
      const simple: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };
      if (escaped in simple) bytes.push(simple[escaped]);
      else if (/[0-7]/.test(escaped)) {
        const octal = /^[0-7]{1,3}/.exec(text.slice(index, index + 3))![0];
        bytes.push(parseInt(octal, 8) & 0xff);
        index += octal.length - 1;
      } else if (escaped === '\r' && text[index + 1] === '\n') index += 1;
      // Any other escaped character (including a line break) stands for nothing or itself.
      else if (escaped !== '\n' && escaped !== '\r') bytes.push(escaped.charCodeAt(0));
      continue;
    }
    if (char === '(') depth += 1;
    if (char === ')') {
      if (depth === 0) return Buffer.from(bytes);
      depth -= 1;
    }
    bytes.push(char.charCodeAt(0) & 0xff);
  }
  return null;
}

function readHexString(text: string, open: number): Buffer | null {
  const close = text.indexOf('>', open);
  if (close === -1) return null;
  const hex = text.slice(open + 1, close).replace(/\s+/g, '');
  if (!/^[0-9a-fA-F]*$/.test(hex)) return null;
  return Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex');
}

/** Text strings are UTF-16BE with a BOM, UTF-8 with a BOM (PDF 2.0), or PDFDocEncoding (≈ Latin-1). */
function decodeTextString(bytes: Buffer): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2, 2 + ((bytes.length - 2) & ~1)));
    return swapped.swap16().toString('utf16le');
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  return bytes.toString('latin1');
}

/** D:YYYYMMDDHHmmSSOHH'mm' with everything after the year optional (ISO 32000-1 7.9.4). */
function readDate(dictionary: string, key: string): Date | null {
  const raw = readTextString(dictionary, key);
  const match = raw ? /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz+-])(\d{2})?'?(\d{2})?'?)?$/.exec(raw.trim()) : null;
  if (!match) return null;
  const [, year, month = '01', day = '01', hour = '00', minute = '00', second = '00', zone, zoneHours = '00', zoneMinutes = '00'] = match;
  const utc = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  const offsetMinutes = (Number(zoneHours) * 60 + Number(zoneMinutes)) * (zone === '-' ? -1 : zone === '+' ? 1 : 0);
  const date = new Date(utc - offsetMinutes * 60_000);
  return Number.isNaN(date.getTime()) ? null : date;
}

// ---------------------------------------------------------------------------------------------
// CMS

interface ParsedSignedData {
  signedData: pkijs.SignedData;
  signerInfo: pkijs.SignerInfo;
  /** As they appear in the SignedData: the ESS hash is over these exact bytes. */
  certificates: Buffer[];
  /** Revocation data, or certificate choices other than plain X.509 certificates: nothing this signature uses. */
  foreignContent: boolean;
}

function readSignedData(contents: Buffer): ParsedSignedData | string {
  const parsed = asn1js.fromBER(contents);
  if (parsed.offset === -1) return MESSAGES.notCms;
  // The placeholder is zero-padded; anything else after the DER would be smuggled, unsigned data.
  if (contents.subarray(parsed.offset).some((byte) => byte !== 0)) return MESSAGES.contentsTrailingData;
  // Only the signed attributes and the certificate are protected by the signature. Demanding
  // canonical DER (plus the structure checks below) makes every other changed byte visible too.
  if (!Buffer.from(parsed.result.toBER()).equals(contents.subarray(0, parsed.offset)) || containsEndOfContents(parsed.result)) {
    return MESSAGES.notDer;
  }
  let signedData: pkijs.SignedData;
  let fields: SignedDataFields;
  try {
    const contentInfo = new pkijs.ContentInfo({ schema: parsed.result });
    if (contentInfo.contentType !== OID_SIGNED_DATA) return MESSAGES.notCms;
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
    fields = signedDataFields(contentInfo.content);
  } catch {
    return MESSAGES.notCms;
  }
  if (signedData.signerInfos.length !== 1) return MESSAGES.signerCount;
  if (signedData.encapContentInfo.eContent) return MESSAGES.notDetached;
  const signerInfo = signedData.signerInfos[0];
  if (!hasConsistentStructure(signedData, signerInfo)) return MESSAGES.cmsStructure;
  return { signedData, signerInfo, certificates: fields.certificates, foreignContent: fields.otherCertificateChoices || fields.revocationData };
}

/** DER has definite lengths only, so end-of-contents octets can only be padding pulled in by a forged length. */
function containsEndOfContents(block: asn1js.AsnType): boolean {
  if (block instanceof asn1js.EndOfContent) return true;
  return block instanceof asn1js.Constructed && block.valueBlock.value.some(containsEndOfContents);
}

/** RFC 5652 versions, the digest algorithm announced up front, and parameters as RFC 5754/4055 allow. */
function hasConsistentStructure(signedData: pkijs.SignedData, signerInfo: pkijs.SignerInfo): boolean {
  const bySerial = signerInfo.sid instanceof pkijs.IssuerAndSerialNumber;
  const expectedVersion = bySerial && signedData.encapContentInfo.eContentType === OID_DATA ? 1 : 3;
  return (
    signedData.version === expectedVersion &&
    signerInfo.version === (bySerial ? 1 : 3) &&
    signedData.digestAlgorithms.some((algorithm) => algorithm.algorithmId === signerInfo.digestAlgorithm.algorithmId) &&
    signedData.digestAlgorithms.every(hasAbsentOrNullParameters) &&
    hasAbsentOrNullParameters(signerInfo.digestAlgorithm) &&
    hasAbsentOrNullParameters(signerInfo.signatureAlgorithm)
  );
}

function hasAbsentOrNullParameters(algorithm: pkijs.AlgorithmIdentifier): boolean {
  const parameters: unknown = algorithm.algorithmParams;
  return parameters === undefined || parameters instanceof asn1js.Null;
}

interface SignedDataFields {
  /** The plain X.509 certificates of the [0] certificates field, each in its original encoding. */
  certificates: Buffer[];
  /** The certificates field holds other CertificateChoices (attribute certificates, "other"). */
  otherCertificateChoices: boolean;
  /** The [1] crls field is present. */
  revocationData: boolean;
}

function signedDataFields(signedDataSchema: unknown): SignedDataFields {
  const none = { certificates: [], otherCertificateChoices: false, revocationData: false };
  if (!(signedDataSchema instanceof asn1js.Sequence)) return none;
  const elements = signedDataSchema.valueBlock.value;
  const revocationData = elements.some((element) => element.idBlock.tagClass === 3 && element.idBlock.tagNumber === 1);
  const field = elements.find((element) => element.idBlock.tagClass === 3 && element.idBlock.tagNumber === 0);
  if (!(field instanceof asn1js.Constructed)) return { ...none, revocationData };
  const isCertificate = (element: asn1js.AsnType): boolean => element.idBlock.tagClass === 1 && element.idBlock.tagNumber === 16;
  return {
    certificates: field.valueBlock.value.filter(isCertificate).map((element) => Buffer.from(element.valueBeforeDecodeView)),
    otherCertificateChoices: !field.valueBlock.value.every(isCertificate),
    revocationData,
  };
}

/**
 * True when `certificates` holds the leaf and otherwise only certificates that issue it or one of its
 * issuers, each once: the chain a validator may need, and nothing that could be swapped in unnoticed.
 */
function onlyIssuingChain(leafDer: Buffer, certificates: Buffer[]): boolean {
  if (certificates.length > MAX_EMBEDDED_CERTIFICATES) return false;
  if (new Set(certificates.map((der) => der.toString('base64'))).size !== certificates.length) return false;
  const parsed = certificates.map(parseOrNull);
  const onChain = new Set(certificates.flatMap((der, index) => (der.equals(leafDer) ? [index] : [])));
  if (onChain.size !== 1) return false;
  if (certificates.length === 1) return true;
  // Which certificate an unreadable one issues cannot be told, so it cannot be on the chain.
  if (parsed.some((certificate) => certificate === null)) return false;
  for (let grew = true; grew; ) {
    grew = false;
    parsed.forEach((candidate, index) => {
      if (!candidate || onChain.has(index)) return;
      if ([...onChain].some((member) => signedBy(parsed[member]!, candidate))) {
        onChain.add(index);
        grew = true;
      }
    });
  }
  return onChain.size === certificates.length;
}

function findCertificate(sid: pkijs.SignerInfo['sid'], certificates: Buffer[]): Buffer | null {
  for (const der of certificates) {
    try {
      const certificate = pkijs.Certificate.fromBER(der);
      if (sid instanceof pkijs.IssuerAndSerialNumber) {
        // Byte comparison: pkijs' isEqual() forgives string-type and case differences in names.
        const sameIssuer = Buffer.from(certificate.issuer.valueBeforeDecode).equals(Buffer.from(sid.issuer.valueBeforeDecode));
        const sameSerial = Buffer.from(certificate.serialNumber.valueBlock.valueHexView).equals(
          Buffer.from(sid.serialNumber.valueBlock.valueHexView),
        );
        if (sameIssuer && sameSerial) return der;
      } else if (sid instanceof asn1js.Primitive) {
        // [0] IMPLICIT SubjectKeyIdentifier: pkijs leaves it as a tagged primitive holding the key id.
        const keyIdentifier = subjectKeyIdentifier(certificate);
        if (keyIdentifier && keyIdentifier.equals(Buffer.from(sid.valueBlock.valueHexView))) return der;
      }
    } catch {
      // A certificate pkijs cannot read is simply not the signer's.
    }
  }
  return null;
}

function subjectKeyIdentifier(certificate: pkijs.Certificate): Buffer | null {
  const extension = certificate.extensions?.find((candidate) => candidate.extnID === '2.5.29.14');
  const value = extension?.parsedValue as asn1js.OctetString | undefined;
  return value ? Buffer.from(value.valueBlock.valueHexView) : null;
}

/**
 * RFC 5652 5.4/5.6 with signed attributes required: content-type, message-digest over `content`,
 * the signature over the attributes' SET OF encoding, and the ESS reference to `certificateDer`.
 */
function checkSignerInfo(signerInfo: pkijs.SignerInfo, certificateDer: Buffer, content: Buffer, expectedContentType: string): SignerInfoFailure[] {
  const digestName = DIGEST_ALGORITHMS[signerInfo.digestAlgorithm.algorithmId];
  if (!digestName) return ['digest-algorithm'];
  const attributes = signerInfo.signedAttrs?.attributes;
  if (!signerInfo.signedAttrs || !attributes) return ['no-signed-attributes'];
  const failures: SignerInfoFailure[] = [];

  const contentType = attributeValue(attributes, OID_CONTENT_TYPE);
  if (!(contentType instanceof asn1js.ObjectIdentifier) || contentType.valueBlock.toString() !== expectedContentType) failures.push('content-type');

  const messageDigest = attributeValue(attributes, OID_MESSAGE_DIGEST);
  const actualDigest = createHash(digestName).update(content).digest();
  if (!(messageDigest instanceof asn1js.OctetString) || !actualDigest.equals(Buffer.from(messageDigest.valueBlock.valueHexView))) {
    failures.push('message-digest');
  }

  const signatureFailure = checkSignatureValue(signerInfo, certificateDer, digestName);
  if (signatureFailure) failures.push(signatureFailure);
  const essFailure = checkSigningCertificateReference(attributes, certificateDer);
  if (essFailure) failures.push(essFailure);
  return failures;
}

function attributeValue(attributes: pkijs.Attribute[], oid: string): unknown {
  const matching = attributes.filter((attribute) => attribute.type === oid);
  // CMS forbids repeating these attributes; a second one could be a decoy.
  return matching.length === 1 && matching[0].values.length === 1 ? matching[0].values[0] : null;
}

function checkSignatureValue(signerInfo: pkijs.SignerInfo, certificateDer: Buffer, digestName: string): SignerInfoFailure | null {
  const algorithm = signerInfo.signatureAlgorithm.algorithmId;
  if (!(algorithm in SIGNATURE_ALGORITHMS)) return 'signature-algorithm';
  const hashName = SIGNATURE_ALGORITHMS[algorithm] ?? digestName;
  try {
    const signedBytes = signedAttributesDer(signerInfo.signedAttrs!);
    const publicKey = new X509Certificate(certificateDer).publicKey;
    const signature = Buffer.from(signerInfo.signature.valueBlock.valueHexView);
    return cryptoVerify(hashName, signedBytes, publicKey, signature) ? null : 'signature';
  } catch {
    return 'signature';
  }
}

/**
 * The signature is over the DER of the attributes as a SET OF, which sorts its members. Like
 * OpenSSL, re-encode rather than trust the received order, so a non-DER order fails here too.
 */
function signedAttributesDer(signedAttributes: pkijs.SignedAndUnsignedAttributes): Buffer {
  const parsed = asn1js.fromBER(signedAttributes.encodedValue);
  if (!(parsed.result instanceof asn1js.Constructed)) throw new Error('signed attributes are not constructed');
  const members = parsed.result.valueBlock.value.map((member) => Buffer.from(member.valueBeforeDecodeView)).sort(Buffer.compare);
  return Buffer.from(new asn1js.Set({ value: members.map((member) => asn1js.fromBER(member).result) }).toBER());
}

/** ESS signing-certificate-v2 (or v1, SHA-1): binds the signature to this very certificate. */
function checkSigningCertificateReference(attributes: pkijs.Attribute[], certificateDer: Buffer): SignerInfoFailure | null {
  const v2 = attributeValue(attributes, OID_SIGNING_CERTIFICATE_V2);
  const v1 = v2 ? null : attributeValue(attributes, OID_SIGNING_CERTIFICATE_V1);
  const reference = firstEssCertId(v2 ?? v1);
  if (!reference) return 'ess-missing';
  const first = reference.valueBlock.value[0];
  let hashName = v2 ? 'sha256' : 'sha1';
  let hash: asn1js.AsnType | undefined = first;
  if (v2 && first instanceof asn1js.Sequence) {
    const algorithm = first.valueBlock.value[0];
    const name = algorithm instanceof asn1js.ObjectIdentifier ? DIGEST_ALGORITHMS[algorithm.valueBlock.toString()] : undefined;
    if (!name) return 'ess-mismatch';
    hashName = name;
    hash = reference.valueBlock.value[1];
  }
  if (!(hash instanceof asn1js.OctetString)) return 'ess-missing';
  const expected = createHash(hashName).update(certificateDer).digest();
  return expected.equals(Buffer.from(hash.valueBlock.valueHexView)) ? null : 'ess-mismatch';
}

/** SigningCertificate(V2) ::= SEQUENCE { certs SEQUENCE OF ESSCertID(v2), ... }; the first is the signer's. */
function firstEssCertId(value: unknown): asn1js.Sequence | null {
  if (!(value instanceof asn1js.Sequence)) return null;
  const certs = value.valueBlock.value[0];
  if (!(certs instanceof asn1js.Sequence)) return null;
  const first = certs.valueBlock.value[0];
  return first instanceof asn1js.Sequence ? first : null;
}

// ---------------------------------------------------------------------------------------------
// Signature timestamp (PAdES B-T)

/** PAdES keeps validation data in the document (DSS), so the timestamp is the only unsigned attribute it uses. */
function hasUnknownUnsignedAttributes(signerInfo: pkijs.SignerInfo): boolean {
  const attributes = signerInfo.unsignedAttrs?.attributes ?? [];
  return attributes.some((attribute) => attribute.type !== OID_SIGNATURE_TIMESTAMP_TOKEN) || attributes.length > 1;
}

function checkSignatureTimestamp(
  signerInfo: pkijs.SignerInfo,
  trustAnchors: Buffer[],
): { timestamp: PdfSignatureCheck['timestamp']; problems: string[] } {
  const attribute = signerInfo.unsignedAttrs?.attributes.find((candidate) => candidate.type === OID_SIGNATURE_TIMESTAMP_TOKEN);
  if (!attribute) return { timestamp: null, problems: [] };
  // A second token would ride along unchecked, and could be swapped for anything.
  if (attribute.values.length !== 1) return { timestamp: null, problems: [MESSAGES.timestampCount] };
  const tokenBlock = attribute.values[0] as asn1js.BaseBlock | undefined;
  let token: ReturnType<typeof readTimestampToken>;
  let tokenFields: SignedDataFields;
  try {
    const tokenDer = Buffer.from(tokenBlock!.valueBeforeDecodeView);
    token = readTimestampToken(tokenDer);
    tokenFields = signedDataFields(pkijs.ContentInfo.fromBER(tokenDer).content);
  } catch {
    return { timestamp: null, problems: [MESSAGES.timestampUnreadable] };
  }
  const tokenCertificates = tokenFields.certificates;

  const problems: string[] = [];
  const imprintHash = DIGEST_ALGORITHMS[token.imprintAlgorithm];
  const signatureValue = Buffer.from(signerInfo.signature.valueBlock.valueHexView);
  if (!imprintHash || !createHash(imprintHash).update(signatureValue).digest().equals(token.imprint)) problems.push(MESSAGES.timestampImprint);

  const tokenSignerInfo = token.signedData.signerInfos.length === 1 ? token.signedData.signerInfos[0] : null;
  if (tokenSignerInfo && !hasConsistentStructure(token.signedData, tokenSignerInfo)) problems.push(MESSAGES.timestampStructure);
  const tsaCertificate = tokenSignerInfo ? findCertificate(tokenSignerInfo.sid, tokenCertificates) : null;
  let authority = 'onbekende tijdstempeldienst';
  let trusted = false;
  if (!tokenSignerInfo || !tsaCertificate) {
    problems.push(MESSAGES.timestampCertificateMissing);
  } else {
    problems.push(...checkSignerInfo(tokenSignerInfo, tsaCertificate, token.tstInfoDer, OID_TST_INFO).map((failure) => TIMESTAMP_FAILURES[failure]));
    const certificateProblems = checkTsaCertificate(tsaCertificate, token.genTime);
    problems.push(...certificateProblems);
    // The token sits in the unsigned part of the signature, so the same rule holds for its own extras.
    if (
      tokenFields.otherCertificateChoices ||
      tokenFields.revocationData ||
      tokenSignerInfo.unsignedAttrs !== undefined ||
      !onlyIssuingChain(tsaCertificate, tokenCertificates)
    ) {
      problems.push(MESSAGES.timestampForeignData);
    }
    authority = describeOrNull(tsaCertificate)?.commonName || authority;
    const pool = tokenCertificates.length <= MAX_EMBEDDED_CERTIFICATES ? tokenCertificates : [];
    trusted = certificateProblems.length === 0 && chainsToAnchor(tsaCertificate, pool, trustAnchors, token.genTime);
  }
  return { timestamp: { time: token.genTime, authority, valid: problems.length === 0, trusted }, problems };
}

function checkTsaCertificate(certificateDer: Buffer, genTime: Date): string[] {
  const certificate = new X509Certificate(certificateDer);
  const problems: string[] = [];
  // Node names the extended key usage list `keyUsage`.
  if (!(certificate.keyUsage ?? []).includes(OID_KP_TIME_STAMPING)) problems.push(MESSAGES.timestampNotTsa);
  if (!validAt(certificate, genTime)) problems.push(MESSAGES.timestampCertificateExpired);
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Trust

/**
 * Builds a path from the signer certificate through the certificates in the signature to one of
 * the anchors. Revocation is not checked: that needs the network, and this check must work offline.
 */
function checkTrust(signerDer: Buffer, selfSigned: boolean, pool: Buffer[], anchors: Buffer[], at: Date): string[] {
  const signer = parseOrNull(signerDer);
  if (!signer) return [MESSAGES.untrusted];
  if (!validAt(signer.x509, at)) return [MESSAGES.signerCertificateNotValidThen];
  if (!maySign(signer)) return [MESSAGES.signerCertificateNotForSigning];
  if (chainsToAnchor(signerDer, pool, anchors, at)) return [];
  return [selfSigned ? MESSAGES.untrustedSelfSigned : MESSAGES.untrusted];
}

interface ParsedCertificate {
  der: Buffer;
  x509: X509Certificate;
  /** basicConstraints cA; false without the extension. */
  ca: boolean;
  /** basicConstraints pathLenConstraint; null when absent (no limit). */
  pathLength: number | null;
  /** The keyUsage bits, or null without the extension (then every use is allowed). */
  keyUsage: Uint8Array | null;
  selfIssued: boolean;
}

/**
 * RFC 5280 6.1 as far as it applies offline: `leafDer` may sign (keyUsage), every certificate on
 * the path was valid at `at`, and each issuer is a CA (basicConstraints cA, pathLenConstraint,
 * keyUsage keyCertSign). A certificate that is itself an anchor ends the path: that is how a
 * self-signed test certificate is trusted when given as anchor.
 */
function chainsToAnchor(leafDer: Buffer, poolDers: Buffer[], anchorDers: Buffer[], at: Date): boolean {
  const leaf = parseOrNull(leafDer);
  if (!leaf || !validAt(leaf.x509, at) || !maySign(leaf)) return false;
  const anchors = anchorDers.map(parseOrNull).filter((anchor): anchor is ParsedCertificate => anchor !== null);
  const candidates = [...anchors, ...poolDers.map(parseOrNull).filter((candidate): candidate is ParsedCertificate => candidate !== null)];
  const isAnchor = (certificate: ParsedCertificate) => anchors.some((anchor) => anchor.der.equals(certificate.der));
  // A path that failed from a certificate with as many intermediates below it is not tried again:
  // keeps the search small when many certificates issue one another, and can only err towards "not trusted".
  const failed = new Set<string>();

  const search = (current: ParsedCertificate, intermediatesBelow: number, path: ParsedCertificate[]): boolean => {
    if (isAnchor(current)) return true;
    const key = `${current.der.toString('base64')}:${intermediatesBelow}`;
    if (path.length > MAX_CHAIN_LENGTH || failed.has(key)) return false;
    for (const issuer of candidates) {
      if (path.some((member) => member.der.equals(issuer.der))) continue;
      if (!mayIssue(issuer, intermediatesBelow, at) || !issuedBy(current, issuer)) continue;
      // Self-issued certificates (key rollover) do not count towards pathLenConstraint.
      if (search(issuer, intermediatesBelow + (issuer.selfIssued ? 0 : 1), [...path, issuer])) return true;
    }
    failed.add(key);
    return false;
  };
  return search(leaf, 0, [leaf]);
}

function maySign(certificate: ParsedCertificate): boolean {
  return certificate.keyUsage === null || hasBit(certificate.keyUsage, KU_DIGITAL_SIGNATURE) || hasBit(certificate.keyUsage, KU_NON_REPUDIATION);
}

/** `intermediatesBelow`: non-self-issued CA certificates between this issuer and the leaf. */
function mayIssue(issuer: ParsedCertificate, intermediatesBelow: number, at: Date): boolean {
  return (
    issuer.ca &&
    (issuer.pathLength === null || intermediatesBelow <= issuer.pathLength) &&
    (issuer.keyUsage === null || hasBit(issuer.keyUsage, KU_KEY_CERT_SIGN)) &&
    validAt(issuer.x509, at)
  );
}

function hasBit(bits: Uint8Array, bit: number): boolean {
  return ((bits[bit >> 3] ?? 0) & (0x80 >> (bit & 7))) !== 0;
}

/** Null for anything that is not a certificate, or whose constraints cannot be read unambiguously. */
function parseOrNull(der: Buffer): ParsedCertificate | null {
  try {
    const x509 = new X509Certificate(der);
    const extensions = pkijs.Certificate.fromBER(der).extensions ?? [];
    const basic = extensions.filter((extension) => extension.extnID === OID_BASIC_CONSTRAINTS);
    const usage = extensions.filter((extension) => extension.extnID === OID_KEY_USAGE);
    // RFC 5280 forbids repeating an extension; which one counts would be anybody's guess.
    if (basic.length > 1 || usage.length > 1) return null;
    const constraints = basic.length ? readBasicConstraints(basic[0]) : { ca: false, pathLength: null };
    const keyUsage = usage.length ? readKeyUsage(usage[0]) : null;
    return { der, x509, ...constraints, keyUsage, selfIssued: x509.subject === x509.issuer };
  } catch {
    return null;
  }
}

/** BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER (0..MAX) OPTIONAL } */
function readBasicConstraints(extension: pkijs.Extension): { ca: boolean; pathLength: number | null } {
  const value = asn1js.fromBER(extension.extnValue.valueBlock.valueHexView).result;
  if (!(value instanceof asn1js.Sequence)) throw new Error('basicConstraints is not a SEQUENCE');
  let ca = false;
  let pathLength: number | null = null;
  for (const element of value.valueBlock.value) {
    if (element instanceof asn1js.Boolean) ca = element.valueBlock.value;
    else if (element instanceof asn1js.Integer) {
      // Beyond what a JavaScript number holds exactly is no limit in practice.
      pathLength = element.valueBlock.isHexOnly ? Number.MAX_SAFE_INTEGER : element.valueBlock.valueDec;
      if (pathLength < 0) throw new Error('negative pathLenConstraint');
    } else throw new Error('unexpected basicConstraints element');
  }
  return { ca, pathLength };
}

function readKeyUsage(extension: pkijs.Extension): Uint8Array {
  const value = asn1js.fromBER(extension.extnValue.valueBlock.valueHexView).result;
  if (!(value instanceof asn1js.BitString)) throw new Error('keyUsage is not a BIT STRING');
  return new Uint8Array(value.valueBlock.valueHexView);
}

/**
 * Names and signature only: whether `issuer` may issue certificates is for the trust decision, so
 * that a misconfigured chain reads as not trusted rather than as a changed signature.
 */
function signedBy(certificate: ParsedCertificate, issuer: ParsedCertificate): boolean {
  try {
    return certificate.x509.issuer === issuer.x509.subject && certificate.x509.verify(issuer.x509.publicKey);
  } catch {
    return false;
  }
}

/** OpenSSL's view (names, key identifiers, keyUsage) plus the signature. */
function issuedBy(certificate: ParsedCertificate, issuer: ParsedCertificate): boolean {
  try {
    return certificate.x509.checkIssued(issuer.x509) && certificate.x509.verify(issuer.x509.publicKey);
  } catch {
    return false;
  }
}

function validAt(certificate: X509Certificate, at: Date): boolean {
  return new Date(certificate.validFrom) <= at && at <= new Date(certificate.validTo);
}
