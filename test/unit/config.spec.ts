import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/app-config';

describe('configuration', () => {
  it('has working defaults: embedded database under ./data with the demo seeded', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      publicUrl: 'http://localhost:3000',
      databaseUrl: undefined,
      dataDir: path.resolve('./data'),
      seedDemo: true,
      accessTokenTtlSeconds: 3600,
      loginMaxFailures: 5,
      oidc: undefined,
    });
  });

  it('does not seed demo data on a configured database unless asked', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db.example:5432/basisscan' }).seedDemo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db.example:5432/basisscan', SEED_DEMO: 'true' }).seedDemo).toBe(true);
  });

  it('reads OIDC settings: the issuer and audience suffice, explicit URLs override discovery', () => {
    expect(loadConfig({ OIDC_ISSUER: 'https://login.voorbeeldstad.nl/realms/gemeente', OIDC_AUDIENCE: 'basisscan', OIDC_CLIENT_ID: 'basisscan-web' }).oidc).toMatchObject({
      issuer: 'https://login.voorbeeldstad.nl/realms/gemeente',
      overrides: { jwksUri: undefined, authorizationEndpoint: undefined, tokenEndpoint: undefined, endSessionEndpoint: undefined },
      discoveryCacheSeconds: 3600,
      web: { clientId: 'basisscan-web' },
    });
    const config = loadConfig({ OIDC_ISSUER: 'https://login.voorbeeldstad.nl/realms/gemeente', OIDC_JWKS_URL: 'https://login.voorbeeldstad.nl/certs', OIDC_AUDIENCE: 'basisscan', OIDC_ROLES_CLAIM: 'realm_access.roles' });
    expect(config.oidc).toEqual({
      issuer: 'https://login.voorbeeldstad.nl/realms/gemeente',
      overrides: { jwksUri: 'https://login.voorbeeldstad.nl/certs', authorizationEndpoint: undefined, tokenEndpoint: undefined, endSessionEndpoint: undefined },
      discoveryCacheSeconds: 3600,
      web: undefined,
      audience: 'basisscan',
      rolesClaim: 'realm_access.roles',
      organisationClaim: 'organisation',
      emailClaim: 'email',
      nameClaim: 'name',
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://localhost/x' }, 'DATABASE_URL'],
    [{ SEED_DEMO: 'misschien' }, 'SEED_DEMO'],
    [{ ACCESS_TOKEN_TTL_SECONDS: '5' }, 'ACCESS_TOKEN_TTL_SECONDS'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DEMO_PASSWORD: 'kort' }, 'DEMO_PASSWORD'],
    [{ OIDC_ISSUER: 'https://login.example.nl' }, 'OIDC_AUDIENCE'],
    [{ OIDC_ISSUER: 'https://login.example.nl', OIDC_AUDIENCE: 'x', OIDC_JWKS_URL: 'geen-url' }, 'OIDC_JWKS_URL'],
  ])('refuses %j, naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as ConfigError).problems.some((p) => p.startsWith(`${variable}=`))).toBe(true);
    }
  });

  it('refuses TRUST_PROXY=true, which lets clients choose their address, and takes a hop count or the proxies\' networks (#14)', () => {
    for (const value of ['true', 'yes', '11', '10.0.0.0/33', '10.0.0.300', 'proxy.example.nl']) {
      expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
    }
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.7,fd00::/8 , loopback' }).trustProxy).toEqual(['10.0.0.0/8', '192.168.1.7', 'fd00::/8', 'loopback']);
  });

  it('never repeats a secret in its error message', () => {
    try {
      loadConfig({ DATABASE_URL: 'postgres://user:geheim-wachtwoord@/', DEMO_PASSWORD: 'geheim' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as Error).message).not.toMatch(/geheim/);
      expect((error as Error).message).toMatch(/DEMO_PASSWORD=\(hidden\)/);
    }
  });

  it('stops the service at boot with a clear message and exit code 78', () => {
    const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, '../../src/main.ts')], {
      env: { ...process.env, PORT: 'geen-poort', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('Basisscan cannot start: Invalid configuration');
    expect(result.stderr).toContain('PORT="geen-poort"');
  });
});
