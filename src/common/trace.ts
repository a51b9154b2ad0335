import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-([\da-f]{16})-[\da-f]{2}$/;

/**
 * The trace id of a request: taken from a valid W3C `traceparent` header, otherwise new.
 * Answered in `traceparent` (with a span id of ours) so callers can correlate.
 */
export function traceIdFor(req: IncomingMessage, res: ServerResponse): string {
  const existing = (req as IncomingMessage & { traceId?: string }).traceId;
  if (existing) return existing;
  const header = req.headers['traceparent'];
  const match = typeof header === 'string' ? TRACEPARENT.exec(header.trim().toLowerCase()) : null;
  const traceId = match && !/^0+$/.test(match[1]) ? match[1] : randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  (req as IncomingMessage & { traceId?: string; spanId?: string }).traceId = traceId;
  (req as IncomingMessage & { spanId?: string }).spanId = spanId;
  if (!res.headersSent) res.setHeader('traceparent', `00-${traceId}-${spanId}-01`);
  return traceId;
}
