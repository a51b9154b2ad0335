import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import express from 'express';
import helmet from 'helmet';
import { Logger as PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { API_BASE, API_PREFIX, apiVersioning } from './common/api-version';
import { ErrorFilter, expressErrorHandler } from './common/error.filter';
import { QuietStartupLogger } from './common/logging';
import { buildOpenApiDocument } from './common/openapi';
import { requestContext } from './common/request-context';
import { traceIdFor } from './common/trace';
import { createValidationPipe, rejectUnsafeInput } from './common/validation';
import { AppConfig } from './config/app-config';
import { Database } from './database/database.module';
import { DEMO_USER_EMAILS, seedDemo } from './seed/demo-seed';
import { FormationsService } from './formations/formations.service';
import { serveWebApp } from './web/web-app';

export const REQUEST_BODY_LIMIT = '1mb';

/** Builds the whole service, configured as in production; tests call this too. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
    abortOnError: false,
  });
  app.useLogger(new QuietStartupLogger(app.get(PinoLogger)));
  app.enableShutdownHooks();
  // A hop count or the proxies' networks, never `true` (config refuses it): the client address is
  // the entry the nearest trusted proxy wrote, not one the client chose.
  if (config.trustProxy !== false) app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  // Answers are never cached (no-store below), so hashing each body for an ETag is wasted work.
  app.set('etag', false);
  // The OpenAPI UI at /docs needs inline styles and scripts; everything else, the web application
  // included, gets none.
  const docsHelmet = helmet({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'", "'unsafe-inline'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'] } } });
  const strictHelmet = helmet({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'], frameAncestors: ["'none'"] } } });
  app.use((req: express.Request, res: express.Response, next: express.NextFunction) => (req.path.startsWith('/docs') ? docsHelmet : strictHelmet)(req, res, next));
  // Answers hold personal data: no browser or proxy keeps them. Assets and pages set their own.
  app.use((_req: express.Request, res: express.Response, next: express.NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use((req: express.Request, res: express.Response, next: express.NextFunction) =>
    requestContext.run({ traceId: traceIdFor(req, res), spanId: (req as express.Request & { spanId?: string }).spanId }, next),
  );
  // Every API route is under /api/v1; the unversioned paths stay as a deprecated alias for one
  // release (and /health for good), and every API answer says its API-Version.
  app.setGlobalPrefix(API_PREFIX);
  const apiRoots = new Set<string>();
  app.use(apiVersioning(() => apiRoots));
  serveWebApp(app);
  app.use(express.json({ limit: REQUEST_BODY_LIMIT, strict: true }));
  // Deep nesting, prototype keys, NUL characters and lone surrogates are refused before any transformer or query sees them.
  app.use(rejectUnsafeInput);
  app.use(expressErrorHandler);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter());

  const document = buildOpenApiDocument(app, config);
  for (const path of Object.keys(document.paths)) apiRoots.add(path.split('/')[1]);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  // The document also at the API's own base (NL API Design Rules, /core/doc-openapi).
  const documentJson = JSON.stringify(document);
  app.use(`${API_BASE}/openapi.json`, (req: express.Request, res: express.Response, next: express.NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || (req.path !== '/' && req.path !== '')) return next();
    res.type('application/json').send(documentJson);
  });

  await app.init();
  if (config.seedDemo) await seedDemoData(app, config);
  return app;
}

async function seedDemoData(app: NestExpressApplication, config: AppConfig): Promise<void> {
  const logger = new Logger('DemoSeed');
  const { created } = await seedDemo(app.get(DataSource), config.demoPassword);
  if (config.seedDemoFormation) await app.get(FormationsService).seedDemoFormation();
  const where = app.get(Database).isEmbedded ? 'embedded database' : 'database';
  // The accounts and their password are in the start-up block (main.ts), once.
  logger.debug(`Demo organisation ready in the ${where} (${created} of ${DEMO_USER_EMAILS.length} accounts created).`);
}
