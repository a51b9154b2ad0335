import type { Request, Response } from 'express';

/**
 * The web application's session: the access token in an HttpOnly, SameSite=Strict cookie, so
 * script in the page never holds it and other sites cannot send it. API clients keep using
 * `Authorization: Bearer`.
 */
export const SESSION_COOKIE = 'basisscan_sessie';

/**
 * Requests that change something and are authenticated by the cookie must carry this header.
 * A browser sends custom headers only from our own origin (no CORS is allowed), so this stops a
 * forged form post even where SameSite does not.
 */
export const WEB_CLIENT_HEADER = 'x-requested-with';
export const WEB_CLIENT_VALUE = 'basisscan';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function setSessionCookie(res: Response, token: string, maxAgeSeconds: number, secure: boolean): void {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: maxAgeSeconds * 1000 });
}

export function clearSessionCookie(res: Response, secure: boolean): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
}

export function sessionToken(req: Request): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE && value.length) return decodeURIComponent(value.join('='));
  }
  return null;
}

export function needsWebClientHeader(req: Request): boolean {
  return !SAFE_METHODS.has(req.method) && req.headers[WEB_CLIENT_HEADER] !== WEB_CLIENT_VALUE;
}
