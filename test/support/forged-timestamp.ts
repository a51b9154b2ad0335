import * as asn1js from 'asn1js';
import { createHash } from 'node:crypto';
import * as pkijs from 'pkijs';
import { requestTimestampToken } from '../../src/reports/signing';

const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_SIGNATURE_TIMESTAMP_TOKEN = '1.2.840.113549.1.9.16.2.14';

function byteRangeOf(pdf: Buffer): number[] {
  const ranges = [...pdf.toString('latin1').matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  return ranges[ranges.length - 1].slice(1, 5).map(Number);
}

/**
 * What an attacker can do to a signed report without its key: add a signature timestamp from an
 * authority of their own to the unsigned part of the signature, after signing. The signature stays
 * intact; the file's hash changes.
 */
export async function addTimestampAfterSigning(pdf: Buffer, tsaUrl: string): Promise<Buffer> {
  const [, gapStart, gapEnd] = byteRangeOf(pdf);
  const der = Buffer.from(pdf.subarray(gapStart + 1, gapEnd - 1).toString('latin1'), 'hex');
  const contentInfo = new pkijs.ContentInfo({ schema: asn1js.fromBER(der).result });
  const signedData = new pkijs.SignedData({ schema: contentInfo.content });
  const signerInfo = signedData.signerInfos[0];
  const signatureValue = Buffer.from(signerInfo.signature.valueBlock.valueHexView);
  const token = await requestTimestampToken(tsaUrl, createHash('sha256').update(signatureValue).digest());
  signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 1,
    attributes: [new pkijs.Attribute({ type: OID_SIGNATURE_TIMESTAMP_TOKEN, values: [asn1js.fromBER(token).result] })],
  });
  const encoded = Buffer.from(new pkijs.ContentInfo({ contentType: OID_SIGNED_DATA, content: signedData.toSchema() }).toSchema().toBER());
  const hex = encoded.toString('hex').padEnd(gapEnd - gapStart - 2, '0');
  if (hex.length !== gapEnd - gapStart - 2) throw new Error('the forged signature does not fit the placeholder');
  return Buffer.concat([pdf.subarray(0, gapStart + 1), Buffer.from(hex, 'latin1'), pdf.subarray(gapEnd - 1)]);
}
