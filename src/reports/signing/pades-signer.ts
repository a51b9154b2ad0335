import { createHash, sign as cryptoSign } from 'node:crypto';
import { DEFAULT_SIGNATURE_LENGTH, Signer } from '@signpdf/utils';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { SigningConfigurationError, SigningIdentity } from './keystore';
import { OID_SHA256, OID_SIGNED_DATA, requestTimestampToken, TimestampError } from './timestamp';

export const OID_DATA = '1.2.840.113549.1.7.1';
export const OID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
export const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
export const OID_SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';
export const OID_SIGNATURE_TIMESTAMP_TOKEN = '1.2.840.113549.1.9.16.2.14';
const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const OID_ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';

/**
 * A real qualified certificate arrives with two or three CA certificates (1.5–2 kB each); a timestamp
 * token brings the authority's chain on top. Unused placeholder bytes only cost file size.
 */
const TIMESTAMP_TOKEN_RESERVE = 12_288;

export interface PadesSignerOptions {
  /** RFC 3161 authority; when set every signature gets a signature timestamp (PAdES B-T). */
  tsaUrl?: string;
  tsaTimeoutMs?: number;
}

/** Bytes to reserve with the placeholder's `signatureLength` for a signature made with these options. */
export function signatureLengthFor(options: { tsaUrl?: string }): number {
  return DEFAULT_SIGNATURE_LENGTH + (options.tsaUrl ? TIMESTAMP_TOKEN_RESERVE : 0);
}

/**
 * PAdES baseline B-B (B-T with a TSA): a detached CMS SignedData over the byte range, with
 * content-type, message-digest and ESS signing-certificate-v2 as signed attributes. No signing-time
 * attribute: ETSI EN 319 142-1 puts the claimed time in the signature dictionary's /M instead.
 */
export class PadesSigner extends Signer {
  private readonly certificate: pkijs.Certificate;
  private readonly certificates: pkijs.Certificate[];
  private readonly signingCertificateAttribute: pkijs.Attribute;
  private readonly signatureAlgorithm: pkijs.AlgorithmIdentifier;

  constructor(
    private readonly identity: SigningIdentity,
    private readonly options: PadesSignerOptions = {},
  ) {
    super();
    this.signatureAlgorithm = signatureAlgorithmFor(identity);
    this.certificate = pkijs.Certificate.fromBER(identity.certificate);
    this.certificates = [identity.certificate, ...identity.chain].map((der) => pkijs.Certificate.fromBER(der));
    this.signingCertificateAttribute = signingCertificateV2Attribute(identity.certificate, this.certificate);
  }

  override async sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
    this.assertCertificateValidAt(signingTime ?? new Date());
    const signedAttributes = sortedForDer([
      new pkijs.Attribute({ type: OID_CONTENT_TYPE, values: [new asn1js.ObjectIdentifier({ value: OID_DATA })] }),
      new pkijs.Attribute({ type: OID_MESSAGE_DIGEST, values: [new asn1js.OctetString({ valueHex: sha256(pdfBuffer) })] }),
      this.signingCertificateAttribute,
    ]);
    const signatureValue = cryptoSign('sha256', encodeAsSet(signedAttributes), this.identity.privateKey);
    const unsignedAttributes = this.options.tsaUrl ? [await this.signatureTimestamp(this.options.tsaUrl, signatureValue)] : [];
    return this.encodeSignedData(signedAttributes, signatureValue, unsignedAttributes);
  }

  private assertCertificateValidAt(time: Date): void {
    if (time < this.identity.notBefore || time > this.identity.notAfter) {
      throw new SigningConfigurationError(
        `Het certificaat voor rapportondertekening is niet geldig op ${time.toISOString()} ` +
          `(geldig van ${this.identity.notBefore.toISOString()} tot ${this.identity.notAfter.toISOString()}).`,
      );
    }
  }

  private async signatureTimestamp(tsaUrl: string, signatureValue: Buffer): Promise<pkijs.Attribute> {
    const token = await requestTimestampToken(tsaUrl, sha256(signatureValue), { timeoutMs: this.options.tsaTimeoutMs });
    const parsed = asn1js.fromBER(token);
    // The token is embedded re-encoded; only DER survives that unchanged, and a changed token would not verify.
    if (parsed.offset !== token.length || !Buffer.from(parsed.result.toBER()).equals(token)) {
      throw new TimestampError('De tijdstempel van de tijdstempeldienst is niet DER-gecodeerd en kan niet worden opgenomen.');
    }
    return new pkijs.Attribute({ type: OID_SIGNATURE_TIMESTAMP_TOKEN, values: [parsed.result] });
  }

  private encodeSignedData(signedAttributes: pkijs.Attribute[], signatureValue: Buffer, unsignedAttributes: pkijs.Attribute[]): Buffer {
    const signerInfo = new pkijs.SignerInfo({
      version: 1,
      sid: new pkijs.IssuerAndSerialNumber({ issuer: this.certificate.issuer, serialNumber: this.certificate.serialNumber }),
      digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID_SHA256 }),
      signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: signedAttributes }),
      signatureAlgorithm: this.signatureAlgorithm,
      signature: new asn1js.OctetString({ valueHex: signatureValue }),
      // pkijs treats a present-but-undefined key as set, so the key must be absent without attributes.
      ...(unsignedAttributes.length > 0
        ? { unsignedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 1, attributes: unsignedAttributes }) }
        : {}),
    });
    const signedData = new pkijs.SignedData({
      version: 1,
      digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OID_SHA256 })],
      encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID_DATA }),
      certificates: this.certificates,
      signerInfos: [signerInfo],
    });
    const contentInfo = new pkijs.ContentInfo({ contentType: OID_SIGNED_DATA, content: signedData.toSchema() });
    return Buffer.from(contentInfo.toSchema().toBER());
  }
}

function signatureAlgorithmFor(identity: SigningIdentity): pkijs.AlgorithmIdentifier {
  switch (identity.privateKey.asymmetricKeyType) {
    case 'rsa':
      return new pkijs.AlgorithmIdentifier({ algorithmId: OID_RSA_ENCRYPTION, algorithmParams: new asn1js.Null() });
    case 'ec':
      return new pkijs.AlgorithmIdentifier({ algorithmId: OID_ECDSA_WITH_SHA256 });
    default:
      throw new SigningConfigurationError(
        `Het sleuteltype ${identity.privateKey.asymmetricKeyType ?? 'onbekend'} wordt niet ondersteund voor rapportondertekening; gebruik RSA of EC.`,
      );
  }
}

/**
 * RFC 5035 SigningCertificateV2 with one ESSCertIDv2: SHA-256 (the DEFAULT, so the algorithm is
 * omitted) of the certificate plus issuer and serial, which validators such as EU DSS match too.
 */
function signingCertificateV2Attribute(certificateDer: Buffer, certificate: pkijs.Certificate): pkijs.Attribute {
  const issuerSerial = new asn1js.Sequence({
    value: [
      new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: certificate.issuer })] }).toSchema(),
      certificate.serialNumber,
    ],
  });
  const essCertIdV2 = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: sha256(certificateDer) }), issuerSerial] });
  const signingCertificateV2 = new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
  return new pkijs.Attribute({ type: OID_SIGNING_CERTIFICATE_V2, values: [signingCertificateV2] });
}

/** DER requires SET OF members in ascending order of their encodings; the signature covers that order. */
function sortedForDer(attributes: pkijs.Attribute[]): pkijs.Attribute[] {
  return attributes
    .map((attribute) => ({ attribute, der: Buffer.from(attribute.toSchema().toBER()) }))
    .sort((a, b) => Buffer.compare(a.der, b.der))
    .map(({ attribute }) => attribute);
}

/** The signature is computed over the attributes as a universal SET, not the [0] they are stored under. */
function encodeAsSet(attributes: pkijs.Attribute[]): Buffer {
  return Buffer.from(new asn1js.Set({ value: attributes.map((attribute) => attribute.toSchema()) }).toBER());
}

function sha256(data: Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}
