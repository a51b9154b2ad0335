import type { LoggerService } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import pretty from 'pino-pretty';
import type { AppConfig } from '../config/app-config';

/** Readable lines for a person at a terminal, JSON for everything else (a file, a pipe, a log collector). */
export function wantsPrettyLogs(config: Pick<AppConfig, 'logFormat'>, stdoutIsTty = Boolean(process.stdout.isTTY)): boolean {
  return config.logFormat === 'pretty' || (config.logFormat === 'auto' && stdoutIsTty);
}

/** The stream pino writes to: pino-pretty (synchronous, on stdout) or pino's own JSON to stdout. */
export function logStream(config: Pick<AppConfig, 'logFormat'>): DestinationStream | undefined {
  if (!wantsPrettyLogs(config)) return undefined;
  return pretty({ sync: true, colorize: Boolean(process.stdout.isTTY), translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,context,startup', messageFormat: '{if context}[{context}] {end}{msg}' });
}

/**
 * Nest's start-up chatter (a line per module and per route) at debug level, so the first screen of
 * `npm start` shows the service's own start-up block; LOG_LEVEL=debug brings it back.
 */
const START_UP_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

export class QuietStartupLogger implements LoggerService {
  constructor(private readonly inner: LoggerService) {}

  log(message: unknown, ...rest: unknown[]): void {
    const context = rest[rest.length - 1];
    if (typeof context === 'string' && START_UP_CONTEXTS.has(context) && this.inner.debug) this.inner.debug(message, ...rest);
    else this.inner.log(message, ...rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.inner.error(message, ...rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.inner.warn(message, ...rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.inner.debug?.(message, ...rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.inner.verbose?.(message, ...rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    (this.inner.fatal ?? this.inner.error).call(this.inner, message, ...rest);
  }
}

/** A database URL as it may be shown: user, host, port and database, never the password or parameters. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    return `PostgreSQL ${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return 'PostgreSQL (DATABASE_URL)';
  }
}

export interface StartupFacts {
  listen: string;
  webApp: string;
  api: string;
  docs: string;
  database: string;
  dataDir: string;
  readyMs: number;
  demo?: { accounts: readonly string[]; password: string };
}

/** The start-up block: a few aligned lines for a person; the same facts as fields for a machine. */
export function startupBlock(facts: StartupFacts): string {
  const rows: [string, string][] = [
    ['web application', facts.webApp],
    ['API', `${facts.api}  (documentation ${facts.docs})`],
    ['listening on', facts.listen],
    ['database', facts.database],
    ['data directory', facts.dataDir],
  ];
  if (facts.demo) {
    rows.push(['demo accounts', facts.demo.accounts.join(', ')]);
    rows.push(['demo password', `${facts.demo.password}  (demo data only: never use it for real cases)`]);
  }
  return [`Basisscan is ready (${facts.readyMs} ms)`, ...rows.map(([k, v]) => `  ${k.padEnd(16)}${v}`)].join('\n');
}
