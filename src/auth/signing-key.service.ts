import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { createHash, createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/**
 * The service's own Ed25519 key for local access tokens: from JWT_PRIVATE_KEY, or generated once
 * under DATA_DIR/keys and reused on every start.
 */
@Injectable()
export class SigningKeyService implements OnModuleInit {
  private readonly logger = new Logger('SigningKey');
  private _privateKey: KeyObject;
  private _publicKey: KeyObject;
  private _keyId: string;
  private _hmacSecret: Buffer;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onModuleInit(): void {
    const pem = this.config.jwtPrivateKeyPem ?? this.loadOrGenerate();
    this._privateKey = createPrivateKey(pem);
    if (this._privateKey.asymmetricKeyType !== 'ed25519') {
      throw new Error('JWT_PRIVATE_KEY must be an Ed25519 private key in PKCS#8 PEM form');
    }
    this._publicKey = createPublicKey(this._privateKey);
    const spki = this._publicKey.export({ type: 'spki', format: 'der' });
    this._keyId = createHash('sha256').update(spki).digest('base64url').slice(0, 16);
    this._hmacSecret = createHash('sha256').update('basisscan:hmac:').update(this._privateKey.export({ type: 'pkcs8', format: 'der' })).digest();
  }

  get privateKey(): KeyObject {
    return this._privateKey;
  }
  get publicKey(): KeyObject {
    return this._publicKey;
  }
  get keyId(): string {
    return this._keyId;
  }

  /** A keyed hash for values that must be recognisable but not readable (e.g. throttling keys). */
  pseudonym(purpose: string, value: string): string {
    return createHmac('sha256', this._hmacSecret).update(`${purpose}\u0000${value}`).digest('hex');
  }

  private loadOrGenerate(): string {
    const file = path.join(this.config.dataDir, 'keys', 'jwt-ed25519.pem');
    if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    try {
      fs.writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
      this.logger.log(`Generated a new token signing key in ${file}`);
      return pem;
    } catch (error) {
      // Another instance sharing DATA_DIR won the race: use its key.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8');
      throw error;
    }
  }
}
