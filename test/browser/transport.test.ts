// Transport drills (issue 10, items 1, 5, 9, 11) against the built server, no browser needed:
// dropped connections at every stage of the middleware chain leave no limiter slot taken, a
// chunked upload over the limit is cut with 413, unsupported methods and undecodable paths get
// the localized pages, and with COOKIE_SECURE the headers and cookie names of an HTTPS site.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LimiterStats } from '../../app/utils/limiter.server';
import { prepareDrillDatabase, startServer, stopServer } from '../helpers/server-process';

let dir: string;
let databasePath: string;

beforeAll(async () => {
  ({ dir, databasePath } = await prepareDrillDatabase({ clients: 0, providers: 0 }));
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens a raw connection, sends `head` (and `body`), and destroys it after `afterMs` (0: at once). */
function dropAfter(port: number, head: string, afterMs: number | null): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(head);
      if (afterMs === null) socket.destroy();
      else setTimeout(() => socket.destroy(), afterMs);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve());
  });
}

const get = (url: string) => `GET ${url} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
// A POST whose body never comes: it holds its slot (the body is read after the limiter).
const stalledPost = `POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ncsrf=`;

/** A few hundred dropped requests: before static, during its stat, queued, and inside Remix. */
async function dropAtEveryStage(port: number) {
  const drops: Promise<void>[] = [];
  for (let i = 0; i < 80; i++) drops.push(dropAfter(port, get('/providers?q=a'), null)); // gone before the first middleware runs
  for (let i = 0; i < 80; i++) drops.push(dropAfter(port, get(`/providers?q=a&n=${i}`), i % 3)); // gone while express.static does its stat
  // Slots held by stalled bodies, so the next ones wait in the queue, and are dropped there.
  const holders = Array.from({ length: 4 }, () => dropAfter(port, stalledPost, 1500));
  await sleep(200);
  for (let i = 0; i < 80; i++) drops.push(dropAfter(port, get(`/providers?q=b&n=${i}`), 20 + (i % 50)));
  await Promise.all(drops);
  await holders;
  // Inside the Remix handler: a page that renders, dropped a few milliseconds in.
  const inRemix: Promise<void>[] = [];
  for (let i = 0; i < 80; i++) inRemix.push(dropAfter(port, get(`/providers?q=a&m=${i}`), 2 + (i % 40)));
  await Promise.all(inRemix);
}

async function pagesAnswer(base: string) {
  const responses = await Promise.all(Array.from({ length: 12 }, (_, i) => fetch(`${base}/providers?q=a&after=${i}`, { signal: AbortSignal.timeout(15_000) })));
  for (const response of responses) {
    await response.arrayBuffer();
    expect(response.status).toBe(200);
  }
}

describe('dropped connections', () => {
  test('in-process: after ~320 requests dropped at every stage no limiter slot is taken or waiting, and pages answer', async () => {
    process.env.DATABASE_PATH = databasePath;
    const { createApp } = await import('../../app/server');
    const build = (await import(pathToFileURL(path.resolve('build/index.js')).href)) as ServerBuild;
    const app = await createApp(build, { limits: { maxInFlight: 4, maxQueue: 1000 } });
    const limiter = app.locals.limiter as { stats: () => LimiterStats };
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      await dropAtEveryStage(port);
      for (let i = 0; i < 100 && (limiter.stats().active > 0 || limiter.stats().waiting > 0); i++) await sleep(50);
      expect(limiter.stats()).toEqual({ active: 0, waiting: 0 });
      await pagesAnswer(`http://127.0.0.1:${port}`);
      expect(limiter.stats()).toEqual({ active: 0, waiting: 0 });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      (build.entry.module as { closeDatabase?: () => void }).closeDatabase?.();
    }
  });

  test('own process: with MAX_IN_FLIGHT=4 pages still answer after the drops, and SIGTERM exits cleanly with 0', async () => {
    const server = await startServer(databasePath, { MAX_IN_FLIGHT: '4', MAX_QUEUE: '1000' });
    try {
      await dropAtEveryStage(Number(new URL(server.base).port));
      await pagesAnswer(server.base);
    } finally {
      const code = await stopServer(server, 'SIGTERM');
      expect(code).toBe(0);
      expect(server.output()).toContain('[avain] stopped cleanly');
    }
  });
});

describe('requests the server refuses itself', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer(databasePath);
  });
  afterAll(async () => {
    if (server) await stopServer(server);
  });

  test('a chunked upload over 1 MB without Content-Length is cut with 413 while it streams; the server stays small', async () => {
    const rss = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))![1]) * 1024;
    const before = rss();
    const { port } = new URL(server.base);
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const result = await new Promise<{ status: number; sent: number; body: string }>((resolve, reject) => {
      let sent = 0;
      let answered = false;
      const request = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/login', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Transfer-Encoding': 'chunked' } });
      request.on('response', (response) => {
        answered = true;
        let body = '';
        response.on('data', (data: Buffer) => (body += data.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, sent, body }));
      });
      request.on('error', (error) => (answered ? undefined : reject(error)));
      const pump = () => {
        // Up to 100 MB unless the server answers first.
        while (!answered && sent < 100 * 1024 * 1024) {
          sent += chunk.length;
          if (!request.write(chunk)) {
            request.once('drain', pump);
            return;
          }
        }
        if (!answered) request.end();
      };
      pump();
    });
    expect(result.status).toBe(413);
    expect(result.body).toContain('Liian paljon tietoa');
    expect(result.body).toContain('lang="sv"');
    expect(result.sent, 'answered long before the whole upload').toBeLessThan(20 * 1024 * 1024);
    expect(rss() - before, 'memory does not balloon').toBeLessThan(40 * 1024 * 1024);
    // The server goes on answering.
    expect((await fetch(`${server.base}/login`)).status).toBe(200);
  });

  test.each(['TRACE', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'])('%s gets the localized 405 page with Allow', async (method) => {
    const response = await new Promise<{ status: number; allow: string | undefined; body: string }>((resolve, reject) => {
      const request = http.request(`${server.base}/login`, { method }, (res) => {
        let body = '';
        res.on('data', (data: Buffer) => (body += data.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, allow: res.headers.allow, body }));
      });
      request.on('error', reject);
      request.end();
    });
    expect(response.status).toBe(405);
    expect(response.allow).toBe('GET, HEAD, POST');
    expect(response.body).toContain('<html lang="fi">');
    expect(response.body).toContain('Toimintoa ei voi tehdä näin');
    expect(response.body).toContain('<h2 lang="sv">');
  });

  test('a path with a malformed %-escape gets the localized 400 page and one log line, no stack', async () => {
    const logBefore = server.output().length;
    for (const bad of ['/%E0%A4%A', '/providers/%zz', '/styles.css%']) {
      const response = await fetch(`${server.base}${bad}`);
      expect(response.status, bad).toBe(400);
      const body = await response.text();
      expect(body).toContain('Pyyntöä ei voitu käsitellä');
      expect(body).toContain('lang="sv"');
      expect(body).not.toMatch(/URIError|at .*\.js/);
    }
    await sleep(100);
    const log = server.output().slice(logBefore);
    expect(log.trim().split('\n').filter((line) => line.includes('[avain] 400'))).toHaveLength(3);
    expect(log).not.toMatch(/URIError|\n\s+at /);
  });

  test('a cross-site POST and one from the same host but another scheme are refused', async () => {
    const host = new URL(server.base).host;
    for (const origin of ['https://evil.example', `https://${host}`]) {
      const response = await fetch(`${server.base}/login`, { method: 'POST', headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'email=a' });
      expect(response.status, origin).toBe(403);
    }
    const same = await fetch(`${server.base}/login`, { method: 'POST', redirect: 'manual', headers: { Origin: server.base, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'email=a' });
    expect(same.status, 'same origin gets to the form check (no CSRF token: 403 from the form, not the origin check)').not.toBe(500);
    expect(await same.text()).not.toContain('Lomaketta ei hyväksytty');
  });
});

describe('COOKIE_SECURE=true behind a TLS proxy (TRUST_PROXY=true)', () => {
  test('HSTS, __Host- cookie names, a session cookie that ends with the browser, scheme from X-Forwarded-Proto', async () => {
    const server = await startServer(databasePath, { COOKIE_SECURE: 'true', TRUST_PROXY: 'true' });
    try {
      const host = new URL(server.base).host;
      const proxied = { 'X-Forwarded-Proto': 'https' };
      const page = await fetch(`${server.base}/login`, { headers: proxied });
      expect(page.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
      const csrfCookie = page.headers.getSetCookie().find((cookie) => cookie.startsWith('__Host-csrf='));
      expect(csrfCookie).toMatch(/; Path=\//);
      expect(csrfCookie).toMatch(/; Secure/);
      expect(csrfCookie).not.toMatch(/Domain=/i);
      const token = /name="csrf" value="([^"]+)"/.exec(await page.text())![1];
      const cookie = csrfCookie!.split(';')[0];
      const signIn = (origin: string) =>
        fetch(`${server.base}/login`, {
          method: 'POST',
          redirect: 'manual',
          headers: { ...proxied, Origin: origin, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ csrf: token, email: 'provider@example.fi', password: 'avain-demo' }),
        });
      expect((await signIn(`http://${host}`)).status, 'http:// origin against the https:// site').toBe(403);
      const response = await signIn(`https://${host}`);
      expect(response.status).toBe(303);
      const session = response.headers.getSetCookie().find((value) => value.startsWith('__Host-avain_session='));
      expect(session).toMatch(/; HttpOnly/);
      expect(session).toMatch(/; Secure/);
      expect(session).not.toMatch(/Max-Age|Expires/i);
    } finally {
      await stopServer(server);
    }
  });
});
