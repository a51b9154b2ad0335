import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OidcDiscoveryService } from '../../src/auth/oidc-discovery.service';
import { SigningKeyService } from '../../src/auth/signing-key.service';
import { InvalidTokenError, TokenService } from '../../src/auth/token.service';
import { loadConfig } from '../../src/config/app-config';

describe('token verification', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'basisscan-tokens-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const keys = new SigningKeyService(config);
  keys.onModuleInit();
  const tokens = new TokenService(config, keys, new OidcDiscoveryService(config));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  afterEach(() => jest.useRealTimers());

  it('accepts a token it verified before only until the token expires', async () => {
    const { token } = await tokens.issueLocal('00000000-0000-4000-8000-000000000001', {}, 60);
    expect((await tokens.verify(token)).claims.sub).toBe('00000000-0000-4000-8000-000000000001');
    expect((await tokens.verify(token)).claims.sub).toBe('00000000-0000-4000-8000-000000000001');
    // The clock, for the remembered token and for the signature check alike.
    jest.useFakeTimers({ now: Date.now() + 61_000, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    await expect(tokens.verify(token)).rejects.toEqual(new InvalidTokenError('expired'));
    await expect(tokens.verify(token)).rejects.toEqual(new InvalidTokenError('expired'));
  });

  it('refuses a token whose signature does not match, also after the genuine one was accepted', async () => {
    const { token } = await tokens.issueLocal('00000000-0000-4000-8000-000000000002', {}, 60);
    await tokens.verify(token);
    const [header, payload, signature] = token.split('.');
    const forged = [header, payload, `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`].join('.');
    await expect(tokens.verify(forged)).rejects.toEqual(new InvalidTokenError('invalid'));
    const otherPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: '00000000-0000-4000-8000-000000000003' })).toString('base64url');
    await expect(tokens.verify([header, otherPayload, signature].join('.'))).rejects.toEqual(new InvalidTokenError('invalid'));
  });
});
