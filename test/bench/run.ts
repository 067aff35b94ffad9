// `npm run bench`: the charge path and the budget page under load, over HTTP from this process
// against the built server in another process, and the raw charge transaction for comparison.
// Prints charges/s, p50/p99, budget pages/s, the HTTP/raw ratio, then checks the ledger.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import zlib from 'node:zlib';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { and, eq, inArray } from 'drizzle-orm';
import { closeDb, getDb, migrateDatabase, openDatabase } from '../../db/client.server';
import { budgetLines, ledgerEntries, services, users } from '../../db/schema';
import { benchClientPhone, seedBenchData, seedDemoData } from '../../db/seed';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const PROVIDERS = Number(process.env.BENCH_PROVIDERS ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SIGNED_IN_PROVIDERS = Math.min(PROVIDERS, 20);

const PAGE_BUDGET_BYTES = 50 * 1024;

/** Bytes on the wire (gzip, as a browser would ask) of a URL, and its decoded text. */
function transferred(url: string, cookie = ''): Promise<{ bytes: number; status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'Accept-Encoding': 'gzip', Cookie: cookie } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const raw = Buffer.concat(chunks);
          const body = response.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(raw).toString('utf8') : raw.toString('utf8');
          resolve({ bytes: raw.length + JSON.stringify(response.headers).length, status: response.statusCode ?? 0, body });
        });
      })
      .on('error', reject);
  });
}

/** First-load weight of a page: the document plus every stylesheet, script, icon and manifest it links. */
async function pageWeight(base: string, path: string, cookie = ''): Promise<{ path: string; bytes: number; status: number }> {
  const page = await transferred(`${base}${path}`, cookie);
  const assets = [...page.body.matchAll(/<(?:link[^>]+href|script[^>]+src)="([^"]+)"/g)].map((m) => m[1]).filter((href) => href.startsWith('/'));
  let bytes = page.bytes;
  for (const asset of new Set(assets)) bytes += (await transferred(`${base}${asset}`)).bytes;
  return { path, bytes, status: page.status };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function signIn(base: string, email: string): Promise<string> {
  const page = await fetch(`${base}/login`);
  const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())![1];
  const csrfCookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const response = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: csrfCookie },
    body: new URLSearchParams({ csrf, email, password: 'avain-demo' }),
  });
  if (response.status !== 303) throw new Error(`sign-in of ${email} failed: ${response.status}`);
  const session = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  // Signed in, forms carry a token bound to the new session: read it from the start page.
  const start = await fetch(`${base}${response.headers.get('location') ?? '/'}`, { headers: { Cookie: `${csrfCookie}; ${session}` } });
  const token = /name="csrf" value="([^"]+)"/.exec(await start.text())![1];
  return `${csrfCookie}; ${session}|${token}`;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'avain-bench-'));
  const databasePath = path.join(dir, 'bench.sqlite');
  process.env.DATABASE_PATH = databasePath;
  console.log(`Preparing ${databasePath}: demo data + ${CLIENTS} clients, ${PROVIDERS} providers`);
  const setup = openDatabase(databasePath);
  migrateDatabase(setup);
  await seedDemoData(setup);
  const bench = await seedBenchData(setup, { clients: CLIENTS, providers: PROVIDERS });
  setup.$client.close();

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, ['--import', 'tsx', 'app/server.ts'], {
    env: { ...process.env, PORT: String(port), DATABASE_PATH: databasePath, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (chunk) => {
      out += chunk;
      if (out.includes('[avain] serving')) resolve();
    });
    server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });

  try {
    const providerSessions: string[] = [];
    for (let i = 0; i < SIGNED_IN_PROVIDERS; i++) providerSessions.push(await signIn(base, bench.providerUserEmails[i]));
    const clientSession = await signIn(base, 'client@example.fi');
    const cleaningId = getDb().select({ id: services.id }).from(services).where(eq(services.code, 'cleaning')).get()!.id;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(new Date());

    // 1. Charges through the real confirm action.
    const acknowledged: string[] = [];
    const latencies: number[] = [];
    let next = 0;
    const charges = await autocannon({
      url: `${base}/provider/charge`,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => {
            const n = next++;
            const [cookie, csrf] = providerSessions[n % providerSessions.length].split('|');
            const body = new URLSearchParams({
              csrf,
              intent: 'confirm',
              phone: benchClientPhone((n % CLIENTS) + 1),
              serviceId: String(cleaningId),
              quantity: '1',
              serviceDate: today,
              idempotencyKey: crypto.randomUUID(),
            }).toString();
            return { ...request, body, headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie } };
          },
          onResponse: (status, _body, _context, headers) => {
            const location = (headers as Record<string, string> | undefined)?.location;
            if (status === 303 && location) acknowledged.push(location.split('/').pop()!);
          },
        },
      ],
    });
    latencies.push(charges.latency.p50, charges.latency.p99);

    // 0. First-load weight of the main pages, against the 50 KB budget.
    const [providerCookie] = providerSessions[0].split('|');
    const weights = [
      ...(await Promise.all(['/', '/login', '/providers', '/help', '/accessibility'].map((p) => pageWeight(base, p)))),
      await pageWeight(base, '/budget', clientSession.split('|')[0]),
      await pageWeight(base, '/messages', clientSession.split('|')[0]),
      await pageWeight(base, '/provider/charge', providerCookie),
      await pageWeight(base, '/provider/settlement', providerCookie),
    ];

    // 2. The client's budget page.
    const [clientCookie] = clientSession.split('|');
    const budget = await autocannon({ url: `${base}/budget`, connections: CONNECTIONS, duration: Math.max(5, SECONDS / 2), headers: { Cookie: clientCookie } });

    // 3. The raw limit: the same charge transaction in a loop, same durability settings.
    const { chargeBudget } = await import('../../app/domain/charge.server');
    const rawUser = getDb().select().from(users).where(eq(users.email, bench.providerUserEmails[SIGNED_IN_PROVIDERS])).get()!;
    const rawStart = performance.now();
    let raw = 0;
    while (performance.now() - rawStart < SECONDS * 1000) {
      const result = await chargeBudget(
        { userId: rawUser.id, providerId: rawUser.providerId!, ip: 'bench' },
        { phone: benchClientPhone((raw % CLIENTS) + 1), serviceId: cleaningId, quantityHundredths: 100, serviceDate: today },
        crypto.randomUUID(),
      );
      if (result.kind !== 'charged') throw new Error(`raw charge refused: ${result.kind}`);
      raw++;
    }
    const rawPerSecond = raw / ((performance.now() - rawStart) / 1000);

    // 4. Verify from the database.
    const db = getDb();
    const overdrawn = db.$client
      .prepare(
        `SELECT bl.id, bl.monthly_cents, le.budget_month,
                SUM(CASE WHEN le.kind = 'charge' THEN le.amount_cents ELSE -le.amount_cents END) AS used
         FROM ledger_entries le JOIN budget_lines bl ON bl.id = le.budget_line_id
         GROUP BY bl.id, le.budget_month HAVING used > bl.monthly_cents OR used < 0`,
      )
      .all();
    const found = new Set<string>();
    for (let i = 0; i < acknowledged.length; i += 500) {
      const chunk = acknowledged.slice(i, i + 500);
      for (const row of db.select({ r: ledgerEntries.receiptNumber }).from(ledgerEntries).where(inArray(ledgerEntries.receiptNumber, chunk)).all()) found.add(row.r);
    }
    const lost = acknowledged.filter((receipt) => !found.has(receipt));
    const lineCount = db.select({ id: budgetLines.id }).from(budgetLines).where(and(eq(budgetLines.serviceId, cleaningId))).all().length;

    const httpPerSecond = acknowledged.length / SECONDS;
    const non2xx = charges.non2xx - acknowledged.length;
    const report = [
      `Avain benchmark ${new Date().toISOString()} (${os.cpus().length} cores, Node ${process.version})`,
      `data: ${CLIENTS} bench clients, ${PROVIDERS} providers, ${lineCount} cleaning lines; ${CONNECTIONS} connections, ${SECONDS} s`,
      `charges over HTTP (confirm action): ${httpPerSecond.toFixed(0)}/s acknowledged, p50 ${latencies[0]} ms, p99 ${latencies[1]} ms, errors ${charges.errors}, unexpected statuses ${non2xx}`,
      `budget page: ${budget.requests.average.toFixed(0)} req/s, p50 ${budget.latency.p50} ms, p99 ${budget.latency.p99} ms, non-2xx ${budget.non2xx}`,
      `raw charge transaction: ${rawPerSecond.toFixed(0)}/s; HTTP/raw = ${((httpPerSecond / rawPerSecond) * 100).toFixed(0)} %`,
      `verified: overdrawn lines ${overdrawn.length}, acknowledged receipts ${acknowledged.length}, missing from ledger ${lost.length}`,
    ];
    const heaviest = weights.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    report.push(
      `first-load weight (gzip, document + CSS + script + icon + manifest): ${weights.map((w) => `${w.path} ${(w.bytes / 1024).toFixed(1)} KB`).join(', ')}; heaviest ${heaviest.path} ${(heaviest.bytes / 1024).toFixed(1)} KB of ${PAGE_BUDGET_BYTES / 1024} KB`,
    );
    console.log(`\n${report.join('\n')}`);
    if (weights.some((w) => w.bytes > PAGE_BUDGET_BYTES || w.status !== 200)) process.exitCode = 1;
    if (overdrawn.length > 0 || lost.length > 0 || non2xx > 0 || budget.non2xx > 0) process.exitCode = 1;
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    closeDb();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
