import type { NextFunction, Request, Response } from 'express';

/** Every API route lives under this base; the major version is part of the URI (NL API Design Rules, /core/uri-version). */
export const API_PREFIX = 'api/v1';
export const API_BASE = `/${API_PREFIX}`;

/**
 * The full version of the API contract, answered in the `API-Version` header of every API answer
 * (/core/version-header) and in the OpenAPI document. Its major number is the one in the URI.
 * Raise the minor for additions, the patch for fixes; a breaking change is a new base path.
 */
export const API_VERSION = '1.0.0';

/**
 * The unversioned paths (`/cases`, `/auth/login`, …) were the API until this release. They keep
 * working for one release as a deprecated alias: the same handler, with a `Deprecation` header
 * (RFC 9745, the date they were deprecated) and a `Link` to the successor.
 */
export const UNVERSIONED_DEPRECATED_AT = Date.UTC(2026, 11, 3) / 1000;

/** Operational paths that stay unversioned for good: load balancers and orchestrators probe them. */
const PERMANENT_ALIASES = new Set(['health']);

/**
 * Serves the unversioned alias and stamps `API-Version` on every answer of the API. `roots` are
 * the first path segments of the API's routes (`cases`, `auth`, …), read from the routes
 * themselves once they are known, so the alias never shadows the web pages (`/zaken`,
 * `/inloggen`, …), `/docs` or the assets.
 */
export function apiVersioning(roots: () => ReadonlySet<string>) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const url = req.url;
    if (url === API_BASE || url.startsWith(`${API_BASE}/`) || url.startsWith(`${API_BASE}?`)) {
      res.setHeader('API-Version', API_VERSION);
      return next();
    }
    const root = /^\/([^/?#]+)/.exec(url)?.[1];
    if (!root || !roots().has(root)) return next();
    res.setHeader('API-Version', API_VERSION);
    if (!PERMANENT_ALIASES.has(root)) {
      const path = url.split('?')[0];
      res.setHeader('Deprecation', `@${UNVERSIONED_DEPRECATED_AT}`);
      res.setHeader('Link', `<${API_BASE}${linkSafe(path)}>; rel="successor-version"`);
    }
    req.url = `${API_BASE}${url}`;
    next();
  };
}

/** A path as it may stand inside `<…>` of a Link header: every byte outside a safe set percent-encoded. */
function linkSafe(path: string): string {
  let out = '';
  for (const byte of Buffer.from(path, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~!$&'()*+=:@/%]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
