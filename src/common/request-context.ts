import { AsyncLocalStorage } from 'node:async_hooks';

/** What every part of a request may need without passing it along: its trace id. */
export interface RequestContext {
  traceId: string;
  spanId?: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

export const currentTraceId = (): string | null => requestContext.getStore()?.traceId ?? null;
export const currentSpanId = (): string | null => requestContext.getStore()?.spanId ?? null;
