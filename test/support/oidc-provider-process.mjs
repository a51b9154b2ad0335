// A real, certified OpenID Provider (the `oidc-provider` package) for the tests, in a process of
// its own because the package is ESM-only. Configured from the environment:
//   OP_PORT        port to listen on (127.0.0.1)
//   OP_CLIENT      JSON of the one client: { client_id, client_secret, redirect_uris, post_logout_redirect_uris }
//   OP_AUDIENCE    the `aud` of the access tokens it issues (JWT access tokens, via resource indicators)
//   OP_ACCOUNTS    JSON { "<login>": { email, name, organisation, roles } }; any password signs in
// It prints "ready <issuer>" when it listens, then one line per request path (for assertions).
import { generateKeyPairSync } from 'node:crypto';
import process from 'node:process';
import Provider from 'oidc-provider';

const port = Number(process.env.OP_PORT);
const client = JSON.parse(process.env.OP_CLIENT);
const audience = process.env.OP_AUDIENCE;
const accounts = JSON.parse(process.env.OP_ACCOUNTS);
const issuer = `http://127.0.0.1:${port}`;
const resource = 'urn:basisscan:api';
const scope = 'openid email profile';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'op-1', alg: 'RS256', use: 'sig' };

const provider = new Provider(issuer, {
  clients: [{ grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: client.client_secret ? 'client_secret_post' : 'none', ...client }],
  jwks: { keys: [jwk] },
  cookies: { keys: ['test-cookie-key'] },
  pkce: { required: () => true },
  claims: { email: ['email', 'email_verified'], profile: ['name'] },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => resource,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({ scope, audience, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
    },
  },
  findAccount: (ctx, id) =>
    accounts[id] ? { accountId: id, claims: () => ({ sub: id, email: accounts[id].email, email_verified: true, name: accounts[id].name }) } : undefined,
  // What the service reads from the access token: organisation, roles, e-mail, name.
  extraTokenClaims: (ctx, token) => {
    const account = accounts[token.accountId];
    return account ? { email: account.email, name: account.name, organisation: account.organisation, roles: account.roles } : undefined;
  },
  // A first-party client: no consent screen (the grant is made on the fly).
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope(scope);
    grant.addResourceScope(resource, scope);
    await grant.save();
    return grant;
  },
});

provider.use(async (ctx, next) => {
  process.stdout.write(`request ${ctx.method} ${ctx.path}\n`);
  await next();
});

provider.listen(port, '127.0.0.1', () => process.stdout.write(`ready ${issuer}\n`));
