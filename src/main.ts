import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
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
  logger.log(`Basisscan listening on ${config.host}:${config.port} (public URL ${config.publicUrl}); ready in ${Date.now() - started} ms`);
  if (config.seedDemo) logger.warn('Demo accounts are enabled: never use demo mode for real cases.');
}

main().catch((error: Error) => {
  console.error(`Basisscan failed to start: ${error.name}: ${error.message}`);
  process.exit(1);
});
