// `npm run bench`: in one run and on one disk, the physical limit of a durable charge (the minimal
// transaction: sum the line's month, compare, insert a row with a unique key; WAL, synchronous=FULL,
// BEGIN IMMEDIATE, prepared statements), the project's own charge function in a loop, then over HTTP
// against the built server in another process the charge, the budget page and the simplest page at
// 16 and 64 connections. Prints every rate with p50/p99/max and the ratios function/limit,
// HTTP charge/limit and budget/simplest, then checks the ledger.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import zlib from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { and, eq, inArray } from 'drizzle-orm';
import { closeDb, getDb, migrateDatabase, openDatabase } from '../../db/client.server';
import { budgetLines, ledgerEntries, notificationOutbox, services, users } from '../../db/schema';
import { benchClientPhone, seedBenchData } from '../../db/seed/bench';
import { seedDemoData } from '../../db/seed/demo';
import { signInOverHttp, signInWithDemoIdpOverHttp, startServer, stopServer, type HttpSession } from '../helpers/server-process';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const PROVIDERS = Number(process.env.BENCH_PROVIDERS ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTION_LEVELS = (process.env.BENCH_CONNECTIONS ?? '16,64').split(',').map(Number);
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

/**
 * Pages a commit writes to the WAL, on average over `count` calls of `commit`: the durable cost
 * of a transaction is one WAL write of its dirty pages plus one fsync, so this explains a gap
 * to the limit that CPU time does not. Checkpoints are held off while counting.
 */
async function walPagesPerCommit(sqlite: Database.Database, walFile: string, count: number, commit: (i: number) => unknown): Promise<number> {
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.pragma('wal_autocheckpoint = 0');
  const before = fs.existsSync(walFile) ? fs.statSync(walFile).size : 0;
  for (let i = 0; i < count; i++) await commit(i);
  const frame = (sqlite.pragma('page_size', { simple: true }) as number) + 24;
  const pages = (fs.statSync(walFile).size - Math.max(before, 32)) / frame / count;
  sqlite.pragma('wal_autocheckpoint = 1000');
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return pages;
}

/**
 * The physical limit of a durable charge on this disk: the minimal transaction a charge needs (sum
 * what is used on the line this month, compare with the allowance, insert the ledger row with a
 * unique key), WAL, synchronous=FULL, BEGIN IMMEDIATE, prepared statements, nothing else.
 */
async function minimalDurableCharges(file: string, seconds: number, lines: number): Promise<{ perSecond: number; pagesPerCommit: number }> {
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.exec(`CREATE TABLE line (id INTEGER PRIMARY KEY, monthly_cents INTEGER NOT NULL);
    CREATE TABLE ledger (id INTEGER PRIMARY KEY, line_id INTEGER NOT NULL, month TEXT NOT NULL, amount_cents INTEGER NOT NULL, key TEXT NOT NULL UNIQUE);
    CREATE INDEX ledger_line_month ON ledger (line_id, month);`);
  const insertLine = sqlite.prepare('INSERT INTO line (id, monthly_cents) VALUES (?, ?)');
  sqlite.transaction(() => {
    for (let id = 1; id <= lines; id++) insertLine.run(id, 1_000_000_000);
  })();
  const allowance = sqlite.prepare('SELECT monthly_cents FROM line WHERE id = ?').pluck();
  const used = sqlite.prepare('SELECT coalesce(sum(amount_cents), 0) FROM ledger WHERE line_id = ? AND month = ?').pluck();
  const insert = sqlite.prepare('INSERT INTO ledger (line_id, month, amount_cents, key) VALUES (?, ?, ?, ?)');
  const charge = sqlite.transaction((lineId: number, key: string) => {
    if ((used.get(lineId, '2026-12') as number) + 4500 > (allowance.get(lineId) as number)) throw new Error('over');
    insert.run(lineId, '2026-12', 4500, key);
  });
  const started = performance.now();
  let n = 0;
  while (performance.now() - started < seconds * 1000) charge.immediate((n++ % lines) + 1, crypto.randomUUID());
  const perSecond = n / ((performance.now() - started) / 1000);
  const pagesPerCommit = await walPagesPerCommit(sqlite, `${file}-wal`, 500, (i) => charge.immediate((i % lines) + 1, crypto.randomUUID()));
  sqlite.close();
  return { perSecond, pagesPerCommit };
}

type HttpFigure = { name: string; connections: number; perSecond: number; mean: number; p50: number; p99: number; max: number; errors: number; bad: number };

// Each connection sends its next request when the last one is answered, so the mean latency is
// connections ÷ rate (Little's law): at a given rate more connections only mean longer waits.
// The tail is what p99 and max add on top of that mean.
function figureLine(f: HttpFigure): string {
  const littlesMean = f.perSecond > 0 ? ((f.connections / f.perSecond) * 1000).toFixed(0) : '–';
  return `${f.name.padEnd(22)} ${String(f.connections).padStart(3)} conn: ${f.perSecond.toFixed(0).padStart(5)}/s  mean ${f.mean.toFixed(0)} ms (connections ÷ rate ${littlesMean} ms)  p50 ${f.p50} ms  p99 ${f.p99} ms  max ${f.max} ms  errors ${f.errors}  unexpected ${f.bad}`;
}

const ratio = (a: number, b: number) => `${((a / b) * 100).toFixed(0)} %`;

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

  const cleaningId = getDb().select({ id: services.id }).from(services).where(eq(services.code, 'cleaning')).get()!.id;
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(new Date());

  // 1. The limit, on the same disk, before anything else runs.
  console.log('minimal durable charge transaction …');
  const limit = await minimalDurableCharges(path.join(dir, 'limit.sqlite'), SECONDS, CLIENTS);
  const limitPerSecond = limit.perSecond;

  // 2. The project's own charge function in a loop, with no HTTP in front of it.
  console.log('chargeBudget() in a loop …');
  const { chargeBudget } = await import('../../app/domain/charge.server');
  const loopUser = getDb().select().from(users).where(eq(users.email, bench.providerUserEmails[SIGNED_IN_PROVIDERS])).get()!;
  const loopStart = performance.now();
  let loopCount = 0;
  while (performance.now() - loopStart < SECONDS * 1000) {
    const result = await chargeBudget(
      { userId: loopUser.id, providerId: loopUser.providerId!, ip: 'bench' },
      { phone: benchClientPhone((loopCount % CLIENTS) + 1), serviceId: cleaningId, quantityHundredths: 100, serviceDate: today },
      crypto.randomUUID(),
    );
    if (result.kind !== 'charged') throw new Error(`charge refused: ${result.kind}`);
    loopCount++;
  }
  const functionPerSecond = loopCount / ((performance.now() - loopStart) / 1000);
  const chargePagesPerCommit = await walPagesPerCommit(getDb().$client, `${databasePath}-wal`, 500, async (i) => {
    const result = await chargeBudget(
      { userId: loopUser.id, providerId: loopUser.providerId!, ip: 'bench' },
      { phone: benchClientPhone(((loopCount + i) % CLIENTS) + 1), serviceId: cleaningId, quantityHundredths: 100, serviceDate: today },
      crypto.randomUUID(),
    );
    if (result.kind !== 'charged') throw new Error(`charge refused: ${result.kind}`);
  });
  // The loop's receipts were queued with no delivery worker running: left pending, the server would
  // start with thousands of them to deliver while it is measured. BENCH_DELIVERY_BACKLOG=1 keeps
  // them (before the limiter took one request a turn, charges at 64 connections then had a p99 of
  // 2.8 s: see README).
  if (process.env.BENCH_DELIVERY_BACKLOG !== '1') getDb().update(notificationOutbox).set({ status: 'sent' }).where(eq(notificationOutbox.status, 'pending')).run();
  closeDb();

  // The bench's providers are signed in once and charge thousands of times: no look-up limit.
  const server = await startServer(databasePath, { CHARGE_MAX_LOOKUPS: '1000000', CHARGE_MAX_REFUSALS: '1000000' });
  const base = server.base;

  try {
    const providerSessions: HttpSession[] = [];
    for (let i = 0; i < SIGNED_IN_PROVIDERS; i++) providerSessions.push(await signInOverHttp(base, bench.providerUserEmails[i]));
    const clientCookie = (await signInWithDemoIdpOverHttp(base, 'Aino Korhonen')).cookie;

    // autocannon stops sending at the end of a figure, but requests it left in the server's queue
    // are still served: wait for one request to come back so the next figure starts on an idle server.
    const settle = async () => {
      await (await fetch(`${base}/help`)).text();
    };
    const acknowledged: string[] = [];
    const figures: HttpFigure[] = [];
    let next = 0;
    const chargeOver = async (connections: number): Promise<HttpFigure> => {
      const before = acknowledged.length;
      const run = await autocannon({
        url: `${base}/provider/charge`,
        connections,
        duration: SECONDS,
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => {
              const n = next++;
              const { cookie, csrf } = providerSessions[n % providerSessions.length];
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
      const ok = acknowledged.length - before;
      await settle();
      return { name: 'charge (confirm)', connections, perSecond: ok / SECONDS, mean: run.latency.average, p50: run.latency.p50, p99: run.latency.p99, max: run.latency.max, errors: run.errors + run.timeouts, bad: run.non2xx - ok };
    };
    const page = async (name: string, url: string, connections: number, cookie = ''): Promise<HttpFigure> => {
      const run = await autocannon({ url: `${base}${url}`, connections, duration: SECONDS, headers: { Cookie: cookie, 'Accept-Encoding': 'gzip' } });
      await settle();
      return { name, connections, perSecond: run['2xx'] / SECONDS, mean: run.latency.average, p50: run.latency.p50, p99: run.latency.p99, max: run.latency.max, errors: run.errors + run.timeouts, bad: run.non2xx };
    };

    // 3. Over HTTP at each connection level: the charge, the budget page, the simplest page.
    for (const connections of CONNECTION_LEVELS) {
      console.log(`HTTP at ${connections} connections …`);
      figures.push(await chargeOver(connections));
      figures.push(await page('budget page', '/budget', connections, clientCookie));
      figures.push(await page('simplest page (/help)', '/help', connections));
    }

    // 0. First-load weight of the main pages, against the 50 KB budget.
    const providerCookie = providerSessions[0].cookie;
    const weights = [
      ...(await Promise.all(['/', '/login', '/providers', '/help', '/accessibility'].map((p) => pageWeight(base, p)))),
      await pageWeight(base, '/budget', clientCookie),
      await pageWeight(base, '/messages', clientCookie),
      await pageWeight(base, '/provider/charge', providerCookie),
      await pageWeight(base, '/provider/settlement', providerCookie),
    ];

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

    const report = [
      `Avain benchmark ${new Date().toISOString()} (${os.cpus().length} cores, Node ${process.version})`,
      `data: ${CLIENTS} bench clients, ${PROVIDERS} providers, ${lineCount} cleaning lines; ${SECONDS} s per figure`,
      `minimal durable charge transaction (the limit): ${limitPerSecond.toFixed(0)}/s, ${limit.pagesPerCommit.toFixed(1)} pages written per commit`,
      `chargeBudget() in a loop:                       ${functionPerSecond.toFixed(0)}/s, ${chargePagesPerCommit.toFixed(1)} pages written per commit (ledger row and its indexes, audit and access-log rows, receipt notification); function/limit = ${ratio(functionPerSecond, limitPerSecond)}`,
      ...figures.map(figureLine),
    ];
    for (const connections of CONNECTION_LEVELS) {
      const at = (name: string) => figures.find((f) => f.connections === connections && f.name.startsWith(name))!;
      report.push(
        `ratios at ${connections} connections: HTTP charge/limit = ${ratio(at('charge').perSecond, limitPerSecond)}, HTTP charge/function = ${ratio(at('charge').perSecond, functionPerSecond)}, budget/simplest = ${ratio(at('budget').perSecond, at('simplest').perSecond)}`,
      );
    }
    report.push(`verified: overdrawn lines ${overdrawn.length}, acknowledged receipts ${acknowledged.length}, missing from ledger ${lost.length}`);
    const heaviest = weights.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    report.push(
      `first-load weight (gzip, document + CSS + script + icon + manifest): ${weights.map((w) => `${w.path} ${(w.bytes / 1024).toFixed(1)} KB`).join(', ')}; heaviest ${heaviest.path} ${(heaviest.bytes / 1024).toFixed(1)} KB of ${PAGE_BUDGET_BYTES / 1024} KB`,
    );
    console.log(`\n${report.join('\n')}`);
    if (weights.some((w) => w.bytes > PAGE_BUDGET_BYTES || w.status !== 200)) process.exitCode = 1;
    if (overdrawn.length > 0 || lost.length > 0 || figures.some((f) => f.errors > 0 || f.bad > 0)) process.exitCode = 1;
  } finally {
    await stopServer(server);
    closeDb();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
