import * as http from 'node:http';

/**
 * A request exactly as the fuzzer means it: the path is sent as written (already percent-encoded,
 * or deliberately not), headers may repeat, the body is raw bytes. supertest would serialise a
 * Buffer as JSON and refuse some of these, so the fuzzer speaks HTTP itself.
 */
export interface RawRequest {
  method: string;
  /** Path and query string, as they go on the request line. */
  path: string;
  /** Header name to value; an array sends the header once per value. */
  headers: Record<string, string | string[]>;
  body?: Buffer;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
const guarded = new WeakSet<object>();

/** Sends one request to 127.0.0.1:port and reads the whole answer. */
export function send(port: number, req: RawRequest, timeoutMs = 60_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | string[]> = { ...req.headers };
    if (req.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) headers['content-length'] = String(req.body.length);
    const outgoing = http.request({ host: '127.0.0.1', port, method: req.method, path: req.path, headers, agent, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
      });
      res.on('error', reject);
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.on('error', reject);
    // A server that answers before reading a too-large body may close the socket while we write.
    outgoing.on('socket', (socket) => {
      if (guarded.has(socket)) return;
      guarded.add(socket);
      socket.on('error', () => undefined);
    });
    outgoing.end(req.body);
  });
}

export function closeAgent(): void {
  agent.destroy();
}
