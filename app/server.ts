// The production server: migrates and seeds the database, then serves the Remix build with
// security headers, compression and static files. Run by `npm start` (after `remix build`).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import { createRequestHandler } from '@remix-run/express';
import compression from 'compression';
import express from 'express';
import { closeDb, databasePath, getDb, migrateDatabase } from '../db/client.server';
import { isDatabaseEmpty, seedDemoData } from '../db/seed';
import { CLIENT_IP_HEADER } from './utils/http.server';
import { SECURITY_HEADERS } from './utils/security.server';

const PORT = Number(process.env.PORT ?? 3000);
const HOST = process.env.HOST ?? '127.0.0.1';
const MAX_BODY_BYTES = 1024 * 1024;

async function prepareDatabase() {
  const db = getDb();
  migrateDatabase(db);
  if (isDatabaseEmpty(db)) {
    console.log(`[avain] ${databasePath()} is empty: adding the demo data`);
    await seedDemoData(db);
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
    next();
  });
  app.use(compression());
  app.use('/build', express.static(path.resolve('public/build'), { immutable: true, maxAge: '1y', index: false }));
  app.use(express.static(path.resolve('public'), { maxAge: '1h', index: false }));
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

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[avain] ${signal}: finishing requests in flight, then closing the database`);
    server.close(() => {
      (build.entry.module as { closeDatabase?: () => void }).closeDatabase?.();
      console.log('[avain] stopped cleanly');
      process.exit(0);
    });
    server.closeIdleConnections();
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
