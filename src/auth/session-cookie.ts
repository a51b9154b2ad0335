import { HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError } from '../common/app-error';
import type { AppConfig } from '../config/app-config';

/**
 * The web application's session: the access token in an HttpOnly, SameSite=Strict cookie, so
 * script in the page never holds it and other sites cannot send it. Over https the name carries
 * the __Host- prefix, so no other host can plant one. API clients keep using Authorization: Bearer.
 */
const BASE_NAME = 'basisscan_sessie';

/** Cookies are Secure (and the session cookie __Host-) when the service is reached over https. */
export const cookiesAreSecure = (config: Pick<AppConfig, 'publicUrl'>): boolean => config.publicUrl.startsWith('https:');
export const sessionCookieName = (secure: boolean): string => (secure ? `__Host-${BASE_NAME}` : BASE_NAME);

/**
 * Requests that change something and are authenticated by the cookie, and the sign-in requests
 * that set it, must carry this header. A browser sends custom headers only from our own origin
 * (no CORS is allowed), so a forged form post from elsewhere never has it.
 */
export const WEB_CLIENT_HEADER = 'x-requested-with';
export const WEB_CLIENT_VALUE = 'basisscan';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Sessions renew while in use, but never beyond this long after signing in. */
export const SESSION_ABSOLUTE_SECONDS = 12 * 3600;

export function setSessionCookie(res: Response, token: string, maxAgeSeconds: number, secure: boolean): void {
  res.cookie(sessionCookieName(secure), token, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: maxAgeSeconds * 1000 });
}

export function clearSessionCookie(res: Response, secure: boolean): void {
  res.clearCookie(sessionCookieName(secure), { httpOnly: true, sameSite: 'strict', secure, path: '/' });
}

/**
 * The session token from the Cookie header; 'ambiguous' when the cookie comes more than once (one
 * of them planted) or cannot be decoded, which the caller refuses rather than guess.
 */
export function sessionToken(req: Request, secure: boolean): string | null | 'ambiguous' {
  const name = sessionCookieName(secure);
  const values: string[] = [];
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === name) values.push(part.slice(separator + 1).trim());
  }
  if (values.length === 0) return null;
  if (values.length > 1) return 'ambiguous';
  try {
    return decodeURIComponent(values[0]);
  } catch {
    return 'ambiguous';
  }
}

export function needsWebClientHeader(req: Request): boolean {
  return !SAFE_METHODS.has(req.method) && req.headers[WEB_CLIENT_HEADER] !== WEB_CLIENT_VALUE;
}

/** Sign-in into a cookie only from our own pages: a forged cross-site form would sign the victim in as the attacker. */
export function requireWebClient(req: Request): void {
  if (needsWebClientHeader(req)) {
    throw new AppError(HttpStatus.FORBIDDEN, 'WEB_CLIENT_HEADER_MISSING', 'Dit verzoek komt niet van de Basisscan-toepassing en is geweigerd.');
  }
}
