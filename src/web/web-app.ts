import type { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The pages of the web application. They have Dutch paths, the API English ones, so the two never
 * meet; a browser asking for HTML at one of these paths gets the application, which routes itself.
 */
export const WEB_PAGES = ['', 'inloggen', 'kandidaat', 'zaken', 'taken', 'controle', 'formaties', 'griffie', 'meldingen', 'beheer', 'instellingen'];

/** dist/web, found from both src/ (ts-node, tests) and dist/src/ (built). */
export function webDir(): string | null {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    // Only the build: the repository's web/ holds the sources, with an index.html of its own.
    const candidate = path.basename(dir) === 'dist' ? path.join(dir, 'web') : path.join(dir, 'dist', 'web');
    if (fs.existsSync(path.join(candidate, 'index.html'))) return candidate;
    dir = path.dirname(dir);
  }
  return null;
}

/** First path segments that belong to the service, not to the web application. */
const SERVICE_ROOTS = new Set(['api', 'assets', 'docs', 'docs-json']);

/** Serves the built application from the same origin as the API; without a build, only the API runs. */
export function serveWebApp(app: NestExpressApplication): boolean {
  const dir = webDir();
  if (!dir) return false;
  const index = fs.readFileSync(path.join(dir, 'index.html'));
  // File names under assets/ carry a content hash: cache them for good.
  app.use('/assets', express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '1y', index: false, fallthrough: false }));
  app.use((req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.accepts(['json', 'html']) !== 'html') return next();
    const root = req.path.split('/')[1] ?? '';
    const known = WEB_PAGES.includes(root);
    // An unknown path a person typed or followed answers the application's own "Pagina niet
    // gevonden" page, with status 404; the API's unknown paths (rewritten to /api/v1 before this
    // point) keep answering problem+json.
    if (!known && SERVICE_ROOTS.has(root)) return next();
    res.status(known ? 200 : 404).type('html').setHeader('Cache-Control', 'no-cache');
    res.send(index);
  });
  return true;
}
