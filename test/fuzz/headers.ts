import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { World } from './world';

export type Headers = Record<string, string | string[]>;

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Tokens a caller could not make (signed with the service's key) and ones anyone can (unsigned, forged). */
export interface ForgedTokens {
  expired: string;
  unknownUser: string;
  malformedSubject: string;
  candidateMalformed: string;
  candidateOtherCase: string;
  withoutExpiry: string;
  algNone: string;
  foreignIssuer: string;
  oidcUnreachable: string;
}

export async function forgeTokens(world: World): Promise<ForgedTokens> {
  const issuer = world.t.config.publicUrl;
  const sign = (claims: Record<string, unknown>, subject: string, expires: number | null) => {
    let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' }).setSubject(subject).setIssuer(issuer).setAudience('basisscan').setIssuedAt();
    if (expires !== null) jwt = jwt.setExpirationTime(expires);
    return jwt.sign(world.tokenKey);
  };
  const now = Math.floor(Date.now() / 1000);
  const unsigned = (header: object, payload: object, signature = '') => `${b64(header)}.${b64(payload)}.${signature}`;
  return {
    expired: await sign({}, world.users.opdrachtgever, now - 60),
    unknownUser: await sign({}, randomUUID(), now + 3600),
    // Shaped like an id to a quick check (36 of [0-9a-f-]), but not a UUID.
    malformedSubject: await sign({}, '-'.repeat(36), now + 3600),
    candidateMalformed: await sign({ scope: 'kandidaat', case: 'geen-uuid' }, `kandidaat:${randomUUID()}`, now + 3600),
    candidateOtherCase: await sign({ scope: 'kandidaat', case: world.cases.anderdorp }, `kandidaat:${randomUUID()}`, now + 3600),
    withoutExpiry: await sign({}, world.users.opdrachtgever, null),
    algNone: unsigned({ alg: 'none', typ: 'JWT' }, { sub: world.users.beheerder, iss: issuer, aud: 'basisscan', exp: now + 3600 }),
    foreignIssuer: unsigned({ alg: 'EdDSA' }, { sub: world.users.beheerder, iss: 'https://elders.example', aud: 'basisscan', exp: now + 3600 }, 'AAAA'),
    oidcUnreachable: unsigned({ alg: 'RS256', kid: 'sleutel-1' }, { sub: 'x', iss: world.oidcIssuer, aud: 'basisscan-fuzz', exp: now + 3600 }, 'AAAA'),
  };
}

const COOKIE = 'basisscan_sessie';

/**
 * Changes to the headers of an otherwise ordinary call: broken and forged credentials, the session
 * cookie in its odd forms, oversized values, a bad traceparent, a spoofed client address.
 */
export const HEADER_MUTATIONS: { name: string; apply: (h: Headers, token: string | undefined, forged: ForgedTokens, other: string) => void }[] = [
  { name: 'no Authorization', apply: (h) => void delete h.authorization },
  { name: 'empty Bearer', apply: (h) => void (h.authorization = 'Bearer') },
  { name: 'Bearer and spaces', apply: (h) => void (h.authorization = 'Bearer    ') },
  { name: 'scheme in lower case', apply: (h, token) => void (h.authorization = `bearer ${token ?? 'x'}`) },
  { name: 'no space after Bearer', apply: (h, token) => void (h.authorization = `Bearer${token ?? 'x'}`) },
  { name: 'tab after Bearer', apply: (h, token) => void (h.authorization = `Bearer\t${token ?? 'x'}`) },
  { name: 'Basic scheme', apply: (h) => void (h.authorization = `Basic ${Buffer.from('beheerder@voorbeeldstad.nl:wachtwoord').toString('base64')}`) },
  { name: 'signature tampered', apply: (h, token) => void (h.authorization = `Bearer ${token ? `${token.slice(0, -4)}${token.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}` : 'a.b.c'}`) },
  { name: 'signature removed', apply: (h, token) => void (h.authorization = `Bearer ${(token ?? 'a.b.c').split('.').slice(0, 2).join('.')}.`) },
  { name: 'two dots only', apply: (h) => void (h.authorization = 'Bearer ..') },
  { name: 'not base64', apply: (h) => void (h.authorization = 'Bearer ~~~.+++.///') },
  { name: 'two tokens', apply: (h, token, _f, other) => void (h.authorization = `Bearer ${token ?? 'x'}, Bearer ${other}`) },
  { name: 'alg none', apply: (h, _t, f) => void (h.authorization = `Bearer ${f.algNone}`) },
  { name: 'expired', apply: (h, _t, f) => void (h.authorization = `Bearer ${f.expired}`) },
  { name: 'without expiry', apply: (h, _t, f) => void (h.authorization = `Bearer ${f.withoutExpiry}`) },
  { name: 'unknown user', apply: (h, _t, f) => void (h.authorization = `Bearer ${f.unknownUser}`) },
  { name: 'foreign issuer', apply: (h, _t, f) => void (h.authorization = `Bearer ${f.foreignIssuer}`) },
  { name: 'OIDC issuer, provider unreachable', apply: (h, _t, f) => void (h.authorization = `Bearer ${f.oidcUnreachable}`) },
  { name: 'candidate token of an unknown invitation', apply: (h, _t, f) => void (h.authorization = `Bearer ${f.candidateOtherCase}`) },
  { name: 'subject that only looks like a UUID', apply: (h, _t, f) => void (h.authorization = `Bearer ${f.malformedSubject}`) },
  { name: 'candidate token with a case claim that is no UUID', apply: (h, _t, f) => void (h.authorization = `Bearer ${f.candidateMalformed}`) },
  { name: '8 KB token', apply: (h) => void (h.authorization = `Bearer ${'a'.repeat(8000)}`) },
  { name: '20 KB token', apply: (h) => void (h.authorization = `Bearer ${'a'.repeat(20_000)}`) },
  { name: 'latin-1 bytes', apply: (h) => void (h.authorization = 'Bearer \u00e9\u00ff\u00a0') },
  { name: 'session cookie, no web header', apply: (h, token) => void (delete h.authorization, (h.cookie = `${COOKIE}=${token ?? 'x'}`)) },
  { name: 'session cookie with web header', apply: (h, token) => void (delete h.authorization, (h.cookie = `${COOKIE}=${token ?? 'x'}`), (h['x-requested-with'] = 'basisscan')) },
  { name: 'session cookie twice', apply: (h, token, _f, other) => void (delete h.authorization, (h.cookie = `${COOKIE}=${token ?? 'x'}; ${COOKIE}=${other}`), (h['x-requested-with'] = 'basisscan')) },
  { name: 'two Cookie headers', apply: (h, token, _f, other) => void (delete h.authorization, (h.cookie = [`${COOKIE}=${token ?? 'x'}`, `${COOKIE}=${other}`])) },
  { name: 'session cookie, broken encoding', apply: (h) => void (delete h.authorization, (h.cookie = `${COOKIE}=%E0%A4%A`)) },
  { name: 'session cookie empty', apply: (h) => void (delete h.authorization, (h.cookie = `${COOKIE}=`)) },
  { name: 'secure-prefixed cookie', apply: (h, token) => void (delete h.authorization, (h.cookie = `__Host-${COOKIE}=${token ?? 'x'}`)) },
  { name: 'cookie junk', apply: (h) => void (h.cookie = `;;=;${COOKIE};a=b=c; ${'x'.repeat(4000)}=1`) },
  { name: 'bearer and a cookie of someone else', apply: (h, _t, _f, other) => void (h.cookie = `${COOKIE}=${other}`) },
  { name: 'web header wrong', apply: (h) => void (h['x-requested-with'] = 'XMLHttpRequest') },
  { name: 'traceparent garbage', apply: (h) => void (h.traceparent = '00-zz-<script>-01') },
  { name: 'traceparent all zero', apply: (h) => void (h.traceparent = '00-00000000000000000000000000000000-0000000000000000-01') },
  { name: 'traceparent valid', apply: (h) => void (h.traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01') },
  { name: 'traceparent huge', apply: (h) => void (h.traceparent = `00-${'a'.repeat(8000)}-01`) },
  { name: 'spoofed client address', apply: (h) => void ((h['x-forwarded-for'] = '1.2.3.4, <script>, ::1'), (h['x-real-ip'] = '10.0.0.1')) },
  { name: 'accepts HTML only', apply: (h) => void (h.accept = 'text/html') },
  { name: 'accepts XML only', apply: (h) => void (h.accept = 'application/xml') },
  { name: 'odd Accept-Language', apply: (h) => void (h['accept-language'] = '*;q=abc, ,,;, x'.repeat(20)) },
];
