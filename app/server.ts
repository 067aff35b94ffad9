// The production server: migrates and seeds the database, then serves the Remix build with
// security headers, compression and static files. Run by `npm start` (after `remix build`).
import type http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import { createRequestHandler } from '@remix-run/express';
import compression from 'compression';
import express from 'express';
import { closeDb, databasePath, getDb, migrateDatabase } from '../db/client.server';
import { isDatabaseEmpty, seedDemoData } from '../db/seed';
import { seedDemoCharges } from '../db/seed-charges';
import { seedDemoMessages } from '../db/seed-messages';
import { CLIENT_IP_HEADER } from './utils/http.server';
import { inFlightLimiter, limitFromEnv } from './utils/limiter.server';
import { SECURITY_HEADERS } from './utils/security.server';

const PORT = Number(process.env.PORT ?? 3000);
const HOST = process.env.HOST ?? '127.0.0.1';
const MAX_BODY_BYTES = 1024 * 1024;

// A form posted from another site: refused here with a readable page (Remix would refuse it too,
// but as a 500). The CSRF token in every form covers browsers that send no Origin header.
function isCrossSiteWrite(req: express.Request): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return Boolean(origin);
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

const CROSS_SITE_PAGE = `<!DOCTYPE html><html lang="fi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Lomaketta ei hyväksytty – Avain</title><link rel="stylesheet" href="/styles.css"></head><body><main id="main" class="container"><h1>Lomaketta ei hyväksytty</h1><p>Lomake lähetettiin toiselta sivustolta, joten sitä ei käsitelty. Avaa <a href="/">Avain</a> ja yritä uudelleen.</p><h2 lang="sv">Formuläret godkändes inte</h2><p lang="sv">Formuläret skickades från en annan webbplats och behandlades därför inte. Öppna <a href="/">Avain</a> och försök igen.</p></main></body></html>`;

async function prepareDatabase() {
  const db = getDb();
  migrateDatabase(db);
  if (isDatabaseEmpty(db)) {
    console.log(`[avain] ${databasePath()} is empty: adding the demo data`);
    await seedDemoData(db);
    seedDemoCharges(db);
    seedDemoMessages(db);
  }
  closeDb();
}

export async function createApp(build: ServerBuild) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', process.env.TRUST_PROXY === 'true');

  app.use((req, res, next) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    // The client's address for rate limits and the audit log; never trust one sent by the client.
    req.headers[CLIENT_IP_HEADER.toLowerCase()] = req.ip ?? 'unknown';
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      res.status(413).type('text/plain; charset=utf-8').send('413 Liian suuri pyyntö / För stor begäran');
      return;
    }
    if (isCrossSiteWrite(req)) {
      res.status(403).type('text/html; charset=utf-8').send(CROSS_SITE_PAGE);
      return;
    }
    next();
  });
  app.use(compression());
  app.use('/build', express.static(path.resolve('public/build'), { immutable: true, maxAge: '1y', index: false }));
  app.use(
    express.static(path.resolve('public'), {
      maxAge: '1h',
      index: false,
      // The service worker and the offline page must be revalidated so a new version takes over.
      setHeaders: (res, file) => {
        if (/[\\/](sw\.js|sw-register\.js|offline\.html)$/.test(file)) res.setHeader('Cache-Control', 'no-cache');
      },
    }),
  );
  app.use(inFlightLimiter({ maxInFlight: limitFromEnv('MAX_IN_FLIGHT', 64), maxQueue: limitFromEnv('MAX_QUEUE', 256) }));
  app.all('*', createRequestHandler({ build, mode: process.env.NODE_ENV ?? 'production' }));
  return app;
}

async function main() {
  process.env.NODE_ENV ??= 'production';
  await prepareDatabase();
  const build = (await import(pathToFileURL(path.resolve('build/index.js')).href)) as ServerBuild;
  const app = await createApp(build);
  const server = app.listen(PORT, HOST, () => {
    console.log(`[avain] serving http://${HOST === '0.0.0.0' ? 'localhost' : HOST}:${PORT} (database ${databasePath()})`);
  });
  server.keepAliveTimeout = 65_000;
  const housekeeping = (build.entry.module as { housekeeping?: () => void }).housekeeping;
  housekeeping?.();
  setInterval(() => housekeeping?.(), 60 * 60 * 1000).unref();

  let stopping = false;
  // Responses not yet sent when shutdown starts say `Connection: close`, so no keep-alive
  // connection outlives its request (else a client could keep sending requests on it).
  const unsent = new Set<http.ServerResponse>();
  server.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    if (stopping && !res.headersSent) res.setHeader('Connection', 'close');
    unsent.add(res);
    res.once('close', () => unsent.delete(res));
  });
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[avain] ${signal}: finishing requests in flight, then closing the database`);
    for (const res of unsent) if (!res.headersSent) res.setHeader('Connection', 'close');
    server.close(() => {
      (build.entry.module as { closeDatabase?: () => void }).closeDatabase?.();
      console.log('[avain] stopped cleanly');
      process.exit(0);
    });
    // Keep-alive connections close as soon as their request in flight has finished.
    server.closeIdleConnections();
    setInterval(() => server.closeIdleConnections(), 100).unref();
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error('[avain] failed to start:', error);
    process.exit(1);
  });
}
