import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { freePort } from './free-port';

export interface OidcAccount {
  email: string;
  name: string;
  organisation: string;
  roles: string[];
}

export interface RunningProvider {
  issuer: string;
  /** "GET /.well-known/openid-configuration", … in the order the provider saw them. */
  requests: string[];
  stop(): Promise<void>;
}

/** Starts `oidc-provider` (test/support/oidc-provider-process.mjs) in a child process and waits until it listens. */
export async function startOidcProvider(options: {
  client: { client_id: string; client_secret?: string; redirect_uris: string[]; post_logout_redirect_uris?: string[] };
  audience: string;
  accounts: Record<string, OidcAccount>;
}): Promise<RunningProvider> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [path.join(__dirname, 'oidc-provider-process.mjs')], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      OP_PORT: String(port),
      OP_CLIENT: JSON.stringify(options.client),
      OP_AUDIENCE: options.audience,
      OP_ACCOUNTS: JSON.stringify(options.accounts),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const requests: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const issuer = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.startsWith('ready ')) resolve(line.slice(6));
        else if (line.startsWith('request ')) requests.push(line.slice(8));
      }
    });
    child.once('exit', (code) => reject(new Error(`oidc-provider exited with ${code}: ${stderr}`)));
  });
  return {
    issuer,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}
