// The production server: migrates and seeds the database, then serves the Remix build with
// security headers, compression and static files. Run by `npm start` (after `remix build`).
import { checkIdentityConfig, demoIdpEnabled, idp } from './auth/suomifi.server';
import type http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import { createRequestHandler, writeReadableStreamToWritable } from '@remix-run/node';
import compression from 'compression';
import { Cron } from 'croner';
import express from 'express';
import onFinished from 'on-finished';
import getRawBody from 'raw-body';
import { closeDb, databasePath, getDb, migrateDatabase } from '../db/client.server';
import { isDatabaseEmpty, seedDemo } from '../db/seed/demo';
import { CLIENT_IP_HEADER } from './utils/http.server';
import { COOKIE_SECURE } from './utils/cookies.server';
import { serverErrorPage, type ServerErrorStatus } from './utils/errorPages.server';
import { inFlightLimiter, limitFromEnv, type LimiterOptions } from './utils/limiter.server';
import { HSTS_HEADER, SECURITY_HEADERS } from './utils/security.server';

const PORT = Number(process.env.PORT ?? 3000);
const HOST = process.env.HOST ?? '127.0.0.1';
const SHUTDOWN_GRACE_MS = 1000;
const MAX_BODY_BYTES = 1024 * 1024;
/** The methods Avain answers; anything else (TRACE, PUT, OPTIONS…) gets 405 with `Allow`. */
export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST'];

// A form posted from another site: refused here with a readable page (Remix would refuse it too,
// but as a 500). The CSRF token in every form covers browsers that send no Origin header.
function isCrossSiteWrite(req: express.Request): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  // Suomi.fi posts its answer from its own site (HTTP-POST binding); its signature protects it.
  if (req.path === '/auth/suomifi/acs') return false;
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return Boolean(origin);
  try {
    // Scheme and host: an http:// page must not post to the https:// site. `req.protocol` follows
    // X-Forwarded-Proto only when TRUST_PROXY=true.
    return new URL(origin).origin !== new URL(`${req.protocol}://${req.headers.host}`).origin;
  } catch {
    return true;
  }
}

const CROSS_SITE_PAGE = `<!DOCTYPE html><html lang="fi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Lomaketta ei hyväksytty – Avain</title><link rel="stylesheet" href="/styles.css"></head><body><main id="main" class="container"><h1>Lomaketta ei hyväksytty</h1><p>Lomake lähetettiin toiselta sivustolta, joten sitä ei käsitelty. Avaa <a href="/">Avain</a> ja yritä uudelleen.</p><h2 lang="sv">Formuläret godkändes inte</h2><p lang="sv">Formuläret skickades från en annan webbplats och behandlades därför inte. Öppna <a href="/">Avain</a> och försök igen.</p></main></body></html>`;

async function prepareDatabase() {
  checkIdentityConfig();
  // Suomi.fi's metadata is read at start: a bad file fails here, and the CSP knows the IdP's origins.
  if (!demoIdpEnabled()) await idp();
  const db = getDb();
  migrateDatabase(db);
  if (isDatabaseEmpty(db)) {
    console.log(`[avain] ${databasePath()} is empty: adding the demo data`);
    await seedDemo(db);
  }
  closeDb();
}

function sendErrorPage(res: express.Response, status: ServerErrorStatus) {
  res.status(status).set('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(serverErrorPage(status));
}

function isDecodablePath(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

// The body of a write, read before Remix sees it by `raw-body`, which counts bytes while
// streaming: a chunked upload without Content-Length is cut at MAX_BODY_BYTES with 413 at once
// instead of being read whole into memory first.
function readBody(req: express.Request, _res: express.Response, next: express.NextFunction) {
  if (req.method === 'GET' || req.method === 'HEAD') {
    next();
    return;
  }
  getRawBody(req, { limit: MAX_BODY_BYTES, length: req.headers['content-length'] }, (error, body) => {
    if (error) {
      next(error);
      return;
    }
    req.body = body;
    next();
  });
}

// The Remix handler, given the body read above.
type InRequestScope = <T>(context: object, handle: () => Promise<T>) => Promise<T>;

function remixHandler(build: ServerBuild, mode: string): express.RequestHandler {
  const handleRequest = createRequestHandler(build, mode);
  // The build's own copy of the scope (it bundles its modules): one load context per request.
  const inRequestScope = (build.entry.module as { inRequestScope?: InRequestScope }).inRequestScope ?? ((_context, handle) => handle());
  return async (req, res, next) => {
    try {
      const controller = new AbortController();
      res.on('close', () => {
        if (!res.writableFinished) controller.abort();
      });
      const headers = new Headers();
      for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
      const url = new URL(req.originalUrl, `${req.protocol}://${req.get('host') ?? 'localhost'}`);
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && Buffer.isBuffer(req.body);
      const request = new Request(url, { method: req.method, headers, body: hasBody ? new Uint8Array(req.body as Buffer) : undefined, signal: controller.signal });
      const context = { requestMethod: req.method };
      const response = await inRequestScope(context, () => handleRequest(request, context));
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [name, value] of response.headers.entries()) res.append(name, value);
      if (response.body) await writeReadableStreamToWritable(response.body, res);
      else res.end();
    } catch (error) {
      next(error);
    }
  };
}

export type AppOptions = { limits?: LimiterOptions };

export async function createApp(build: ServerBuild, options: AppOptions = {}) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', process.env.TRUST_PROXY === 'true');

  app.use((req, res, next) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (COOKIE_SECURE) res.setHeader('Strict-Transport-Security', HSTS_HEADER);
    // The client's address for rate limits and the audit log; never trust one sent by the client.
    req.headers[CLIENT_IP_HEADER.toLowerCase()] = req.ip ?? 'unknown';
    if (!ALLOWED_METHODS.includes(req.method)) {
      res.set('Allow', ALLOWED_METHODS.join(', '));
      sendErrorPage(res, 405);
      return;
    }
    if (!isDecodablePath(req.path)) {
      console.warn(`[avain] 400 ${req.method}: a path with a malformed %-escape`);
      sendErrorPage(res, 400);
      return;
    }
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      sendErrorPage(res, 413);
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
  const limiter = inFlightLimiter(options.limits ?? { maxInFlight: limitFromEnv('MAX_IN_FLIGHT', 64), maxQueue: limitFromEnv('MAX_QUEUE', 256) });
  // Tests read `app.locals.limiter.stats()` to see that no slot is left taken.
  app.locals.limiter = limiter;
  app.use(limiter);
  app.use(readBody);
  app.all('*', remixHandler(build, process.env.NODE_ENV ?? 'production'));
  // Errors before Remix (a body over the limit, an aborted upload, a bad encoding): the localized
  // page and one log line, never a stack trace.
  app.use((error: { status?: number; statusCode?: number; type?: string; message?: string }, req: express.Request, res: express.Response, next: express.NextFunction) => {
    const status = error.status ?? error.statusCode ?? 500;
    const page: ServerErrorStatus = status === 413 || status === 415 || status === 400 ? status : status >= 400 && status < 500 ? 400 : 500;
    // A visitor who went away mid-upload needs no page and no log line.
    if (error.type === 'request.aborted' || res.destroyed) return;
    console.warn(`[avain] ${page} ${req.method} ${req.path}: ${error.type ?? (page === 500 ? error.message : 'bad request')}`);
    if (res.headersSent) {
      next(error);
      return;
    }
    if (page === 413) {
      // The refused upload may still be arriving: throw the rest away (memory stays flat) and
      // close the connection soon, so the 413 is read before the socket goes.
      res.set('Connection', 'close');
      onFinished(res, () => {
        req.resume();
        setTimeout(() => req.socket.destroy(), 2000).unref();
      });
    }
    sendErrorPage(res, page);
  });
  return app;
}

/**
 * The nightly retention run (rules in app/domain/retention.server.ts), in Helsinki time.
 * RETENTION_SCHEDULE is a cron expression (default 03:15 every night) or `off`.
 */
function scheduleRetention(build: ServerBuild): Cron | null {
  const schedule = process.env.RETENTION_SCHEDULE ?? '15 3 * * *';
  const retention = (build.entry.module as { retention?: () => unknown }).retention;
  if (schedule === 'off' || !retention) return null;
  return new Cron(schedule, { timezone: 'Europe/Helsinki', protect: true, unref: true, catch: (error) => console.error('[avain] retention run failed:', error) }, () => {
    retention();
  });
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
  const startDelivery = (build.entry.module as { startDeliveryWorker?: () => { stop(): Promise<void> } }).startDeliveryWorker;
  const delivery = startDelivery?.();
  const housekeeping = (build.entry.module as { housekeeping?: () => Promise<void> }).housekeeping;
  // Once serving: the first run after an upgrade may have months to compute (it yields between them).
  server.once('listening', () => void housekeeping?.());
  setInterval(() => void housekeeping?.(), 60 * 60 * 1000).unref();
  const retentionJob = scheduleRetention(build);

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
    retentionJob?.stop();
    console.log(`[avain] ${signal}: finishing requests in flight, then closing the database`);
    for (const res of unsent) if (!res.headersSent) res.setHeader('Connection', 'close');
    server.close(() => {
      // A delivery in progress finishes (or stays pending for the next start) before the database closes.
      void Promise.resolve(delivery?.stop()).finally(() => {
        (build.entry.module as { closeDatabase?: () => void }).closeDatabase?.();
        console.log('[avain] stopped cleanly');
        process.exit(0);
      });
    });
    // Keep-alive connections close as soon as their request in flight has finished.
    // A connection accepted just before the signal may hold a request not yet parsed; Node counts
    // it idle. A short grace lets such requests start (and then finish) before idle ones close.
    setTimeout(() => {
      server.closeIdleConnections();
      setInterval(() => server.closeIdleConnections(), 100).unref();
    }, SHUTDOWN_GRACE_MS).unref();
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
