export { createTestSigningIdentity, ensureTestSigningIdentity, loadSigningIdentity, SigningConfigurationError } from './keystore';
export type { SigningIdentity } from './keystore';
export { PadesSigner, signatureLengthFor } from './pades-signer';
export type { PadesSignerOptions } from './pades-signer';
export { verifyPdfSignature } from './pdf-signature';
export type { PdfSignatureCheck } from './pdf-signature';
export { requestTimestampToken, TimestampError } from './timestamp';
