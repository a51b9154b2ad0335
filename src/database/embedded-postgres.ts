import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

export interface EmbeddedPostgres {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Runs PGlite (PostgreSQL compiled to WebAssembly) and serves it over the PostgreSQL wire protocol
 * on loopback, so the service talks to it through the same `pg` driver, migrations and SQL as to a
 * real server. PGlite is one backend; pglite-socket multiplexes the pool's connections and keeps a
 * transaction's statements together. It runs in a worker thread, so a long query never blocks the
 * HTTP event loop.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  maxConnections: number;
}): Promise<EmbeddedPostgres> {
  const pgDataDir = path.join(options.dataDir, 'pgdata');
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const releaseLock = acquireDirectoryLock(path.join(options.dataDir, 'pgdata.lock'));
  const template = findTemplate();
  if (template && !fs.existsSync(pgDataDir)) fs.cpSync(template, pgDataDir, { recursive: true });
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      dataDir: pgDataDir,
      port: options.port,
      maxConnections: options.maxConnections,
      pglite: require.resolve('@electric-sql/pglite'),
      socket: require.resolve('@electric-sql/pglite-socket'),
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
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dataDir: pgDataDir,
    async stop() {
      await new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage({ type: 'stop' });
      });
      releaseLock();
    },
  };
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
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglite);
const { PGLiteSocketServer } = require(workerData.socket);
(async () => {
  let db, server;
  try {
    db = await PGlite.create(workerData.dataDir);
    server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: workerData.port, maxConnections: workerData.maxConnections });
    await server.start();
    parentPort.postMessage({ type: 'ready', port: server.port });
  } catch (error) {
    parentPort.postMessage({ type: 'error', error: String(error && error.message || error) });
    if (db) await db.close().catch(() => {});
    process.exit(1);
  }
  parentPort.on('message', async (message) => {
    if (message.type !== 'stop') return;
    await server.stop().catch(() => {});
    await db.close().catch(() => {});
    process.exit(0);
  });
})();
`;

/** Two processes writing one PGlite directory would corrupt it: refuse the second clearly. */
function acquireDirectoryLock(lockFile: string): () => void {
  try {
    fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
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
