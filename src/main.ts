import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import * as path from 'node:path';
import { createApp } from './app.factory';
import { describeDatabaseUrl, startupBlock, StartupFacts, wantsPrettyLogs } from './common/logging';
import { DEMO_USER_EMAILS } from './seed/demo-seed';
import { ConfigError, loadConfig } from './config/app-config';

async function main(): Promise<void> {
  const started = Date.now();
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Basisscan cannot start: ${error.message}`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const logger = new Logger('Main');
  const facts: StartupFacts = {
    listen: `${config.host}:${config.port}`,
    webApp: `${config.publicUrl}/`,
    api: config.api.serverUrl,
    docs: `${config.publicUrl}/docs`,
    database: config.databaseUrl ? describeDatabaseUrl(config.databaseUrl) : `embedded PGlite (PostgreSQL 17) in ${path.join(config.dataDir, 'pgdata')}`,
    dataDir: config.dataDir,
    readyMs: Date.now() - started,
    ...(config.seedDemo ? { demo: { accounts: DEMO_USER_EMAILS, password: config.demoPassword } } : {}),
  };
  // One block for a person at a terminal; the same facts as fields (`startup`) for a log collector.
  const message = wantsPrettyLogs(config) ? startupBlock(facts) : `Basisscan is ready on ${facts.listen} (public URL ${config.publicUrl}) in ${facts.readyMs} ms`;
  logger.log({ startup: facts, msg: message });
  if (config.seedDemo) logger.warn('Demo accounts are enabled: never use demo mode for real cases.');
}

main().catch((error: Error) => {
  console.error(`Basisscan failed to start: ${error.name}: ${error.message}`);
  process.exit(1);
});
