import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/**
 * The SSRF guard of webhook targets: https, and an address outside loopback, link-local, private,
 * shared, multicast and reserved ranges, unless the host is explicitly allowed
 * (WEBHOOK_ALLOWED_HOSTS, for development and tests). Checked when an endpoint is configured and
 * again before each delivery, on the addresses the name resolves to then (DNS rebinding).
 */
export type TargetProblem = 'not_a_url' | 'not_https' | 'credentials' | 'private_address' | 'unresolvable';

export function isPrivateAddress(address: string): boolean {
  const v4 = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  if (isIP(v4) === 4) {
    const [a, b] = v4.split('.').map(Number);
    return (
      a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) || (a === 192 && b === 0) || (a === 198 && (b === 18 || b === 19)) || a >= 224
    );
  }
  const v6 = address.toLowerCase();
  return v6 === '::' || v6 === '::1' || v6.startsWith('fe8') || v6.startsWith('fe9') || v6.startsWith('fea') || v6.startsWith('feb') || v6.startsWith('fc') || v6.startsWith('fd') || v6.startsWith('ff') || v6.startsWith('::ffff:');
}

/** The problem with a target URL, or null; `resolve` looks the name up (injected for tests). */
export async function targetProblem(raw: string, allowedHosts: string[], resolve: (host: string) => Promise<string[]> = defaultResolve): Promise<TargetProblem | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not_a_url';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'not_a_url';
  if (url.username || url.password) return 'credentials';
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const allowed = allowedHosts.includes(host) || allowedHosts.includes(url.host.toLowerCase());
  if (allowed) return null;
  if (url.protocol !== 'https:') return 'not_https';
  if (host === 'localhost' || host.endsWith('.localhost')) return 'private_address';
  if (isIP(host)) return isPrivateAddress(host) ? 'private_address' : null;
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch {
    return 'unresolvable';
  }
  if (!addresses.length) return 'unresolvable';
  return addresses.some(isPrivateAddress) ? 'private_address' : null;
}

async function defaultResolve(host: string): Promise<string[]> {
  return (await lookup(host, { all: true })).map((a) => a.address);
}

export const TARGET_PROBLEMS: Record<TargetProblem, string> = {
  not_a_url: 'is geen geldige http(s)-URL',
  not_https: 'moet met https:// beginnen',
  credentials: 'mag geen gebruikersnaam of wachtwoord bevatten',
  private_address: 'wijst naar een intern, lokaal of privé-netwerkadres; dat is niet toegestaan',
  unresolvable: 'heeft een hostnaam die niet te vinden is',
};
