import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Logger } from '@nestjs/common';

export interface EmbeddedPostgres {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Runs PGlite (PostgreSQL compiled to WebAssembly) and serves it over the PostgreSQL wire protocol
 * on loopback, so the service talks to it through the same `pg` driver, migrations and SQL as to a
 * real server. PGlite is one backend; the worker below multiplexes the pool's connections onto
 * it (see WORKER_SOURCE). It runs in a worker thread, so a long query never blocks the HTTP event
 * loop.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
}): Promise<EmbeddedPostgres> {
  const pgDataDir = path.join(options.dataDir, 'pgdata');
  prepareDataDir(options.dataDir);
  const releaseLock = acquireDirectoryLock(path.join(options.dataDir, 'pgdata.lock'));
  const template = findTemplate();
  if (template && !fs.existsSync(pgDataDir)) fs.cpSync(template, pgDataDir, { recursive: true });
  // The copy keeps the template's modes (0644/0755, or looser under a permissive umask), and
  // files PGlite made earlier follow the umask: the cluster is its owner's alone, at every start.
  if (fs.existsSync(pgDataDir)) restrictTree(pgDataDir);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      dataDir: pgDataDir,
      port: options.port,
      pglite: require.resolve('@electric-sql/pglite'),
    },
  });
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      worker.once('message', (message: { type: string; port?: number; error?: string }) =>
        message.type === 'ready' ? resolve(message.port as number) : reject(new Error(`Embedded database failed to start: ${message.error}`)),
      );
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`Embedded database worker exited with code ${code}`)));
    });
  } catch (error) {
    await worker.terminate();
    releaseLock();
    throw error;
  }
  worker.removeAllListeners('exit');
  worker.removeAllListeners('message');
  // The worker reports only its own failures here, never SQL or data.
  worker.on('message', (message: { type: string; message?: string }) => {
    if (message.type === 'log') new Logger('EmbeddedPostgres').warn(`Embedded engine: ${message.message}`);
  });
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dataDir: pgDataDir,
    async stop() {
      await new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage({ type: 'stop' });
      });
      // Files the engine made while running followed the umask (inside the closed directory); close them too.
      restrictTree(pgDataDir);
      releaseLock();
    },
  };
}

/**
 * DATA_DIR holds the cluster, the keys and the outbox: made 0700 when it is new. An existing one
 * (a container volume, a directory made beforehand, systemd's StateDirectory=) is left as its
 * owner set it, with a warning when others may enter it; the cluster inside is closed anyway.
 */
export function prepareDataDir(dataDir: string): void {
  if (!fs.existsSync(dataDir)) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    fs.chmodSync(dataDir, 0o700); // mkdir's mode passes through the umask
    return;
  }
  const mode = fs.statSync(dataDir).mode & 0o777;
  if (mode & 0o077) {
    new Logger('EmbeddedPostgres').warn(
      `DATA_DIR ${dataDir} is open to other users (mode ${mode.toString(8).padStart(4, '0')}); the database files inside are made private, ` +
        'but make the directory 0700 (chmod 700, or StateDirectoryMode=0700) so nobody else can read the keys and mail in it either.',
    );
  }
}

/** Directories 0700 and files 0600 under `root` (and root itself); symbolic links are left alone. */
export function restrictTree(root: string): void {
  fs.chmodSync(root, 0o700);
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) restrictTree(full);
    else if (entry.isFile()) fs.chmodSync(full, 0o600);
  }
}

/**
 * An initialised, empty cluster made by `npm run build` (scripts/build-pgdata-template.mjs) for
 * this PGlite version: copying it replaces initdb on the first start. Absent, PGlite runs initdb.
 */
function findTemplate(): string | undefined {
  const manifest = path.join(path.dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json');
  const { version } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string };
  const name = `pgdata-template-${version}`;
  // From dist/src/database (built) or src/database (ts-node, tests).
  return [path.join(__dirname, '..', '..', name), path.join(__dirname, '..', '..', 'dist', name)].find((dir) => fs.existsSync(path.join(dir, 'PG_VERSION')));
}

// Plain CommonJS evaluated by the worker, so it runs the same from ts-jest and from dist/.
//
// PGlite is one backend session; this serves it to many client connections over the wire
// protocol. A client's messages run as a batch up to Sync (or a simple Query, or Flush), so no
// other connection's statements fall between its Parse, Bind and Execute; and a connection that
// leaves the backend inside a transaction (ReadyForQuery status other than idle, or no
// ReadyForQuery yet) keeps it until the transaction ends. A connection that drops mid-transaction
// is rolled back.
const WORKER_SOURCE = `
const net = require('node:net');
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglite);
const SSL_REQUEST = 80877103, GSSENC_REQUEST = 80877104, CANCEL_REQUEST = 80877102;
const BATCH_END = new Set(['S', 'Q', 'H', 'c', 'f']);

function readyStatus(response) {
  let status = null;
  for (let i = 0; i + 5 <= response.length; ) {
    const length = response.readInt32BE(i + 1);
    if (response[i] === 0x5a && length === 5) status = String.fromCharCode(response[i + 5]);
    i += 1 + length;
  }
  return status;
}

(async () => {
  let db;
  try {
    db = await PGlite.create(workerData.dataDir);
  } catch (error) {
    parentPort.postMessage({ type: 'error', error: String((error && error.message) || error) });
    process.exit(1);
  }
  let owner = null;
  let busy = false;
  const waiting = [];
  const connections = new Set();

  async function pump() {
    if (busy) return;
    busy = true;
    try {
      for (;;) {
        const index = waiting.findIndex((batch) => owner === null || batch.conn === owner);
        if (index < 0) break;
        const [batch] = waiting.splice(index, 1);
        if (batch.rollback) {
          await db.exec('ROLLBACK').catch(() => {});
          owner = null;
          continue;
        }
        if (batch.conn.closed) continue;
        const parts = [];
        try {
          await db.runExclusive(async () => {
            for (const message of batch.messages) parts.push(Buffer.from(await db.execProtocolRaw(message)));
          });
        } catch (error) {
          // The engine failed on this batch: drop its connection (whose close rolls back) and go on.
          parentPort.postMessage({ type: 'log', message: String((error && error.message) || error) });
          owner = batch.conn;
          batch.conn.socket.destroy();
          continue;
        }
        const response = Buffer.concat(parts);
        const status = readyStatus(response);
        owner = status === 'I' ? null : batch.conn;
        if (!batch.conn.closed) batch.conn.socket.write(response);
        else if (owner === batch.conn) { await db.exec('ROLLBACK').catch(() => {}); owner = null; }
      }
    } finally {
      busy = false;
    }
  }

  function submit(conn, messages) {
    waiting.push({ conn, messages });
    pump();
  }

  function parse(conn) {
    for (;;) {
      if (!conn.started) {
        if (conn.buffer.length < 8) return;
        const length = conn.buffer.readInt32BE(0);
        if (conn.buffer.length < length) return;
        const code = conn.buffer.readInt32BE(4);
        const message = Uint8Array.from(conn.buffer.subarray(0, length));
        conn.buffer = conn.buffer.subarray(length);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) { conn.socket.write('N'); continue; }
        if (code === CANCEL_REQUEST) { conn.socket.end(); return; }
        conn.started = true;
        submit(conn, [message]);
        continue;
      }
      if (conn.buffer.length < 5) return;
      const length = conn.buffer.readInt32BE(1) + 1;
      if (conn.buffer.length < length) return;
      const type = String.fromCharCode(conn.buffer[0]);
      const message = Uint8Array.from(conn.buffer.subarray(0, length));
      conn.buffer = conn.buffer.subarray(length);
      if (type === 'X') { conn.socket.end(); return; }
      conn.pending.push(message);
      if (BATCH_END.has(type)) { submit(conn, conn.pending); conn.pending = []; }
    }
  }

  const server = net.createServer((socket) => {
    const conn = { socket, buffer: Buffer.alloc(0), started: false, pending: [], closed: false };
    connections.add(conn);
    socket.setNoDelay(true);
    socket.on('data', (chunk) => { conn.buffer = Buffer.concat([conn.buffer, chunk]); parse(conn); });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      conn.closed = true;
      connections.delete(conn);
      if (owner === conn) { waiting.unshift({ conn, rollback: true }); pump(); }
    });
  });
  server.listen(workerData.port, '127.0.0.1', () => parentPort.postMessage({ type: 'ready', port: server.address().port }));

  parentPort.on('message', async (message) => {
    if (message.type !== 'stop') return;
    server.close();
    for (const conn of connections) conn.socket.destroy();
    while (busy) await new Promise((resolve) => setTimeout(resolve, 10));
    await db.close().catch(() => {});
    process.exit(0);
  });
})();
`;

/** Two processes writing one PGlite directory would corrupt it: refuse the second clearly. */
function acquireDirectoryLock(lockFile: string): () => void {
  try {
    fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = Number(fs.readFileSync(lockFile, 'utf8'));
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new Error(
        `The embedded database in ${path.dirname(lockFile)} is in use by process ${holder}; ` +
          'stop that process or choose another DATA_DIR.',
        { cause: error },
      );
    }
    fs.writeFileSync(lockFile, String(process.pid));
  }
  return () => fs.rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
