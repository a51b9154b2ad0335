import { Global, Inject, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { APP_CONFIG, AppConfig } from '../config/app-config';

const VERSION = 'v1';

/** Encrypts and decrypts with one key; `associatedData` binds a value to its place. */
export interface Cipher {
  encrypt(plaintext: string, associatedData: string): string;
  decrypt(stored: string, associatedData: string): string;
  /** For large binary values (report PDFs): version byte, IV, tag and ciphertext in one buffer. */
  encryptBytes(plaintext: Buffer, associatedData: string): Buffer;
  decryptBytes(stored: Buffer, associatedData: string): Buffer;
}

const BYTES_VERSION = 1;

function sealBytesWith(key: Buffer, plaintext: Buffer, associatedData: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associatedData));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([BYTES_VERSION]), iv, cipher.getAuthTag(), body]);
}

function openBytesWith(key: Buffer, stored: Buffer, associatedData: string): Buffer {
  if (stored.length < 29 || stored[0] !== BYTES_VERSION) throw new Error('Unknown ciphertext format');
  const decipher = createDecipheriv('aes-256-gcm', key, stored.subarray(1, 13));
  decipher.setAAD(Buffer.from(associatedData));
  decipher.setAuthTag(stored.subarray(13, 29));
  return Buffer.concat([decipher.update(stored.subarray(29)), decipher.final()]);
}

function sealWith(key: Buffer, plaintext: string, associatedData: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associatedData));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
}

function openWith(key: Buffer, stored: string, associatedData: string): string {
  const [version, iv, tag, body] = stored.split(':');
  if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('Unknown ciphertext format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAAD(Buffer.from(associatedData));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
}

export class CaseKeyMissingError extends Error {
  constructor() {
    super('The case key is gone: the case was destroyed');
  }
}

/**
 * Encrypts personal data at rest (AES-256-GCM, random 96-bit IV per value) with a key per case,
 * itself encrypted with the master key (DATA_ENCRYPTION_KEY, or generated once under
 * DATA_DIR/keys). Deleting a case's key destroys all of its content, wherever copies lie.
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

  /** A stable pseudonym for a value (e.g. a data subject), keyed with the master key. */
  pseudonym(purpose: string, value: string): string {
    return createHmac('sha256', this.key).update(`${purpose}\u0000${value}`).digest('hex').slice(0, 32);
  }

  /** Creates the key of a new case, in the caller's transaction. */
  async createCaseKey(manager: EntityManager, caseId: string): Promise<Cipher> {
    const key = randomBytes(32);
    await manager.query('INSERT INTO case_keys (case_id, key_encrypted) VALUES ($1, $2)', [caseId, sealWith(this.key, key.toString('base64'), `case-key:${caseId}`)]);
    return this.cipherOf(key);
  }

  /** The cipher of a case; throws CaseKeyMissingError once the case is destroyed. */
  async forCase(manager: EntityManager, caseId: string): Promise<Cipher> {
    const [row]: { key_encrypted: string }[] = await manager.query('SELECT key_encrypted FROM case_keys WHERE case_id = $1', [caseId]);
    if (!row) throw new CaseKeyMissingError();
    return this.forStoredKey(caseId, row.key_encrypted);
  }

  /**
   * A cipher for content that belongs to no case (a user's daily digest in the mail outbox), with a
   * key derived from the master key for that purpose.
   */
  forService(purpose: string): Cipher {
    return this.cipherOf(createHmac('sha256', this.key).update(`service-key\u0000${purpose}`).digest());
  }

  /** The cipher of a case from its stored key, for a caller that read the key with other data. */
  forStoredKey(caseId: string, keyEncrypted: string): Cipher {
    return this.cipherOf(Buffer.from(openWith(this.key, keyEncrypted, `case-key:${caseId}`), 'base64'));
  }

  /**
   * A new key for personal data that belongs to no case (e.g. a formation's formateur): the key
   * sealed with the master key for storing beside the data, and its cipher. `owner` binds it to its row.
   */
  createOwnedKey(owner: string): { keyEncrypted: string; cipher: Cipher } {
    const key = randomBytes(32);
    return { keyEncrypted: sealWith(this.key, key.toString('base64'), `owned-key:${owner}`), cipher: this.cipherOf(key) };
  }

  /** The cipher of a key made by `createOwnedKey` for the same owner. */
  forOwnedKey(owner: string, keyEncrypted: string): Cipher {
    return this.cipherOf(Buffer.from(openWith(this.key, keyEncrypted, `owned-key:${owner}`), 'base64'));
  }

  private cipherOf(key: Buffer): Cipher {
    return {
      encrypt: (plaintext, associatedData) => sealWith(key, plaintext, associatedData),
      decrypt: (stored, associatedData) => openWith(key, stored, associatedData),
      encryptBytes: (plaintext, associatedData) => sealBytesWith(key, plaintext, associatedData),
      decryptBytes: (stored, associatedData) => openBytesWith(key, stored, associatedData),
    };
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
