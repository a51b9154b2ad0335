import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, randomBytes, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import forge from 'node-forge';
import * as pkijs from 'pkijs';

/** The key and certificate the reports are signed with, loaded from a PKCS#12 file. */
export interface SigningIdentity {
  privateKey: KeyObject;
  /** Signer certificate, DER. */
  certificate: Buffer;
  /** Further certificates from the PKCS#12 (DER), may be empty. */
  chain: Buffer[];
  subject: { commonName: string; organisation: string | null };
  /** Issuer equals subject and the certificate's signature verifies with its own key. */
  selfSigned: boolean;
  notBefore: Date;
  notAfter: Date;
}

/** Messages are shown to administrators; they never contain the password or key material. */
export class SigningConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SigningConfigurationError';
  }
}

export interface CertificateDescription {
  commonName: string;
  organisation: string | null;
  /** Hex, upper case, as Node and most viewers show it. */
  serialNumber: string;
  selfSigned: boolean;
  notBefore: Date;
  notAfter: Date;
}

const OID_COMMON_NAME = '2.5.4.3';
const OID_ORGANISATION = '2.5.4.10';

export const P12_FILE_NAME = 'report-signing.p12';
export const PASSWORD_FILE_NAME = 'report-signing.pass';
/** How long a process waits for another one that is publishing the test identity right now. */
const PUBLISH_WAIT_MS = 15_000;

/** Throws on anything that is not a parseable X.509 certificate. */
export function describeCertificate(der: Buffer): CertificateDescription {
  const x509 = new X509Certificate(der);
  const parsed = pkijs.Certificate.fromBER(der);
  return {
    commonName: nameAttribute(parsed.subject, OID_COMMON_NAME) ?? '',
    organisation: nameAttribute(parsed.subject, OID_ORGANISATION),
    serialNumber: x509.serialNumber.toUpperCase(),
    selfSigned: isSelfSigned(x509, parsed),
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
  };
}

/**
 * Compares the names directly: OpenSSL's checkIssued() also demands keyCertSign, which a
 * self-signed end-entity certificate (our test certificate) rightly lacks.
 */
function isSelfSigned(x509: X509Certificate, parsed: pkijs.Certificate): boolean {
  try {
    return parsed.subject.isEqual(parsed.issuer) && x509.verify(x509.publicKey);
  } catch {
    return false;
  }
}

function nameAttribute(name: pkijs.RelativeDistinguishedNames, oid: string): string | null {
  const attribute = name.typesAndValues.find((candidate) => candidate.type === oid);
  const value: unknown = attribute?.value.valueBlock.value;
  return typeof value === 'string' ? value : null;
}

export function loadSigningIdentity(p12: Buffer, password: string): SigningIdentity {
  const bags = readPkcs12Bags(p12, password);
  if (bags.keys.length === 0) {
    throw new SigningConfigurationError('Het PKCS#12-bestand voor rapportondertekening bevat geen privésleutel.');
  }
  if (bags.certificates.length === 0) {
    throw new SigningConfigurationError('Het PKCS#12-bestand voor rapportondertekening bevat geen certificaat.');
  }
  const privateKey = bags.keys[0];
  const certificate = findCertificateForKey(privateKey, bags.certificates);
  if (!certificate) {
    throw new SigningConfigurationError(
      'Het PKCS#12-bestand voor rapportondertekening bevat geen certificaat dat bij de privésleutel hoort.',
    );
  }
  const description = describeOrReject(certificate);
  return {
    privateKey,
    certificate,
    chain: bags.certificates.filter((candidate) => !candidate.equals(certificate)),
    subject: { commonName: description.commonName, organisation: description.organisation },
    selfSigned: description.selfSigned,
    notBefore: description.notBefore,
    notAfter: description.notAfter,
  };
}

function describeOrReject(certificate: Buffer): CertificateDescription {
  try {
    return describeCertificate(certificate);
  } catch {
    throw new SigningConfigurationError('Het certificaat in het PKCS#12-bestand voor rapportondertekening is onleesbaar.');
  }
}

function readPkcs12Bags(p12: Buffer, password: string): { keys: KeyObject[]; certificates: Buffer[] } {
  let parsed: forge.pkcs12.Pkcs12Pfx;
  try {
    parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(p12.toString('binary')), false, password);
  } catch {
    // forge reports a bad MAC and a malformed file alike; both mean the configuration is wrong.
    throw new SigningConfigurationError(
      'Het PKCS#12-bestand voor rapportondertekening kan niet worden geopend: het wachtwoord is onjuist of het bestand is beschadigd.',
    );
  }
  const keyBags = [
    ...(parsed.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []),
    ...(parsed.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
  ];
  const certificateBags = parsed.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
  return {
    keys: keyBags.map(keyFromBag).filter((key): key is KeyObject => key !== null),
    certificates: certificateBags.map(certificateFromBag).filter((der): der is Buffer => der !== null),
  };
}

/** forge only understands RSA keys; other key types arrive as raw PKCS#8 and go straight to node:crypto. */
function keyFromBag(bag: forge.pkcs12.Bag): KeyObject | null {
  try {
    if (bag.key) return createPrivateKey(forge.pki.privateKeyToPem(bag.key));
    if (bag.asn1) return createPrivateKey({ key: derBuffer(bag.asn1), format: 'der', type: 'pkcs8' });
  } catch {
    // An unreadable key bag is reported as "no key" by the caller.
  }
  return null;
}

function certificateFromBag(bag: forge.pkcs12.Bag): Buffer | null {
  try {
    if (bag.cert) return derBuffer(forge.pki.certificateToAsn1(bag.cert));
    if (bag.asn1) return derBuffer(bag.asn1);
  } catch {
    // Ignored like an absent certificate; the caller reports what is missing.
  }
  return null;
}

function derBuffer(asn1: forge.asn1.Asn1): Buffer {
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

function findCertificateForKey(privateKey: KeyObject, certificates: Buffer[]): Buffer | undefined {
  const publicKey = spki(createPublicKey(privateKey));
  return certificates.find((der) => {
    try {
      return spki(new X509Certificate(der).publicKey).equals(publicKey);
    } catch {
      return false;
    }
  });
}

function spki(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' });
}

export function createTestSigningIdentity(opts: { commonName: string; organisation: string; validYears?: number }): {
  p12: Buffer;
  password: string;
} {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
  const forgePrivateKey = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  const forgePublicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  const certificate = selfSignedCertificate(forgePrivateKey, forgePublicKey, opts);
  const password = randomBytes(24).toString('base64url');
  const pfx = forge.pkcs12.toPkcs12Asn1(forgePrivateKey, [certificate], password, {
    algorithm: 'aes256',
    friendlyName: opts.commonName,
    generateLocalKeyId: true,
  });
  return { p12: derBuffer(pfx), password };
}

function selfSignedCertificate(
  privateKey: forge.pki.rsa.PrivateKey,
  publicKey: forge.pki.rsa.PublicKey,
  opts: { commonName: string; organisation: string; validYears?: number },
): forge.pki.Certificate {
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = publicKey;
  certificate.serialNumber = positiveSerialHex();
  const now = new Date();
  // Backdated a little so a report signed right after generation is not "not yet valid" on a skewed clock.
  certificate.validity.notBefore = new Date(now.getTime() - 5 * 60_000);
  certificate.validity.notAfter = new Date(now);
  certificate.validity.notAfter.setUTCFullYear(now.getUTCFullYear() + (opts.validYears ?? 5));
  // UTF8String, because organisation names and the en dash in the test name are not PrintableString.
  const name = [
    { name: 'commonName', value: opts.commonName, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class },
    { name: 'organizationName', value: opts.organisation, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class },
    { name: 'countryName', value: 'NL' },
  ];
  certificate.setSubject(name);
  certificate.setIssuer(name);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  certificate.sign(privateKey, forge.md.sha256.create());
  return certificate;
}

/** 16 random bytes with the top bit cleared: RFC 5280 wants a positive serial of at most 20 octets. */
function positiveSerialHex(): string {
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x40;
  return serial.toString('hex');
}

export function ensureTestSigningIdentity(dir: string, organisation: string): SigningIdentity {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const p12File = path.join(dir, P12_FILE_NAME);
  const passwordFile = path.join(dir, PASSWORD_FILE_NAME);
  if (!fs.existsSync(p12File)) {
    const generated = createTestSigningIdentity({
      commonName: `${organisation} – testcertificaat rapportondertekening`,
      organisation,
    });
    publishTestIdentity(dir, generated);
  }
  return loadPublishedIdentity(p12File, passwordFile);
}

/**
 * Creating the key file is the single decision point: link() fails when the file exists, so of two
 * processes racing here exactly one key wins and the loser simply loads it. The password file is
 * replaced (rename) rather than linked so a stale one from an interrupted run cannot outlive its key.
 */
function publishTestIdentity(dir: string, generated: { p12: Buffer; password: string }): void {
  const suffix = `${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  const p12Temp = path.join(dir, `.${P12_FILE_NAME}.${suffix}`);
  const passwordTemp = path.join(dir, `.${PASSWORD_FILE_NAME}.${suffix}`);
  try {
    fs.writeFileSync(p12Temp, generated.p12, { mode: 0o600, flag: 'wx' });
    fs.writeFileSync(passwordTemp, generated.password, { mode: 0o600, flag: 'wx' });
    if (claimFile(p12Temp, path.join(dir, P12_FILE_NAME))) {
      fs.renameSync(passwordTemp, path.join(dir, PASSWORD_FILE_NAME));
    }
  } finally {
    fs.rmSync(p12Temp, { force: true });
    fs.rmSync(passwordTemp, { force: true });
  }
}

/** True when this process created `target`; false when another process got there first. */
function claimFile(source: string, target: string): boolean {
  try {
    fs.linkSync(source, target);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw error;
  }
  // Filesystems without hard links: an exclusive copy still elects one winner; a reader that sees a
  // half-written copy fails to load it and retries in loadPublishedIdentity.
  try {
    fs.copyFileSync(source, target, fs.constants.COPYFILE_EXCL);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** The winner of a race may still be writing the password file; wait for a loadable pair. */
function loadPublishedIdentity(p12File: string, passwordFile: string): SigningIdentity {
  const deadline = Date.now() + PUBLISH_WAIT_MS;
  for (;;) {
    try {
      return loadSigningIdentity(fs.readFileSync(p12File), fs.readFileSync(passwordFile, 'utf8').trim());
    } catch (error) {
      if (Date.now() >= deadline) {
        if (error instanceof SigningConfigurationError) throw error;
        throw new SigningConfigurationError(
          `Het testcertificaat voor rapportondertekening in ${path.dirname(p12File)} is onvolledig; ` +
            `verwijder ${P12_FILE_NAME} en ${PASSWORD_FILE_NAME} zodat er een nieuw wordt aangemaakt.`,
        );
      }
      sleepSync(50);
    }
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
