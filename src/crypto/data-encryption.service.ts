import { Global, Inject, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { APP_CONFIG, AppConfig } from '../config/app-config';

const VERSION = 'v1';

/**
 * Encrypts personal data at rest (AES-256-GCM, random 96-bit IV per value). The key comes from
 * DATA_ENCRYPTION_KEY or is generated once under DATA_DIR/keys.
 */
@Injectable()
export class DataEncryptionService implements OnModuleInit {
  private readonly logger = new Logger('DataEncryption');
  private key: Buffer;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onModuleInit(): void {
    this.key = this.config.dataEncryptionKey ? Buffer.from(this.config.dataEncryptionKey, 'base64') : this.loadOrGenerate();
    if (this.key.length !== 32) throw new Error('DATA_ENCRYPTION_KEY must be 32 bytes, base64-encoded');
  }

  encrypt(plaintext: string, associatedData: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(associatedData));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
  }

  /** `associatedData` binds a value to its row (e.g. the case id), so ciphertexts cannot be swapped. */
  decrypt(stored: string, associatedData: string): string {
    const [version, iv, tag, body] = stored.split(':');
    if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('Unknown ciphertext format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  }

  private loadOrGenerate(): Buffer {
    const file = path.join(this.config.dataDir, 'keys', 'data-encryption.key');
    if (fs.existsSync(file)) return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const key = randomBytes(32);
    try {
      fs.writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
      this.logger.log(`Generated a new data encryption key in ${file}`);
      return key;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
      throw error;
    }
  }
}

@Global()
@Module({ providers: [DataEncryptionService], exports: [DataEncryptionService] })
export class CryptoModule {}
