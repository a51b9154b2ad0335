/**
 * The one way the pages talk to the service: same origin, the session cookie (HttpOnly, never
 * seen here), and the header that marks requests as ours. Errors arrive as ApiError with the
 * service's Dutch message, field problems and allowed events.
 */
export interface FieldProblem {
  field: string;
  /** The field's Dutch name, from the service's one mapping (src/common/field-labels.ts). */
  label?: string;
  problems: { constraint: string; message: string }[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** Field problems of a 400/422, when the service named them. */
  get fields(): FieldProblem[] {
    return Array.isArray(this.details) ? (this.details as FieldProblem[]).filter((d) => typeof d?.field === 'string') : [];
  }
}

/** The versioned base of the API; every call below goes there (the unversioned paths are deprecated). */
export const API_BASE = '/api/v1';

type Listener = () => void;
const sessionEndListeners = new Set<Listener>();

/** Called when the service says the session is gone (401), so the app can show the sign-in page. */
export function onSessionEnd(listener: Listener): () => void {
  sessionEndListeners.add(listener);
  return () => sessionEndListeners.delete(listener);
}

async function request<T>(method: string, path: string, body?: unknown, init: RequestInit = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'X-Requested-With': 'basisscan' };
  let payload: BodyInit | undefined;
  if (body instanceof Blob) {
    payload = body;
    headers['Content-Type'] = body.type || 'application/octet-stream';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, { method, headers, body: payload, credentials: 'same-origin', ...init });
  } catch {
    throw new ApiError(0, 'NETWORK', 'De dienst is niet bereikbaar. Controleer uw verbinding en probeer het opnieuw.');
  }
  if (response.status === 401 && !path.startsWith('/auth/session') && !path.startsWith('/auth/invitation')) {
    sessionEndListeners.forEach((listener) => listener());
  }
  if (!response.ok) {
    const error = await response.json().catch(() => null);
    throw new ApiError(response.status, error?.code ?? 'ERROR', error?.message ?? `Er ging iets mis (${response.status}).`, error?.details);
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('Content-Type') ?? '';
  return (type.includes('application/json') ? response.json() : response.blob()) as Promise<T>;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
  /** Binary answers (PDF, PEM): a Blob. */
  blob: (path: string) => request<Blob>('GET', path, undefined, { headers: { Accept: '*/*', 'X-Requested-With': 'basisscan' } }),
  /** Sends a file as the raw body (e.g. a PDF for verification). */
  upload: <T>(path: string, file: Blob) => request<T>('POST', path, file),
};

/** Offers a Blob as a download with a given file name. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
