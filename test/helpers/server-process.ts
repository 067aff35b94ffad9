// The built server in its own OS process on a temporary database, for the reliability drills
// (overload, graceful shutdown, crash). Signs in and charges over plain HTTP, like a browser with
// JavaScript off, and checks the ledger straight from the SQLite file.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrateDatabase, openDatabase } from '../../db/client.server';
import { seedBenchData, type BenchData } from '../../db/seed/bench';
import { seedDemoData } from '../../db/seed/demo';
import { currentTime } from '../../app/domain/clock';
import { codeFor } from '../../app/auth/secondFactor.server';
import { DEMO_TOTP_SECRET } from '../../db/seed/second-factor';
import { helsinkiDate } from '../../app/domain/months';

/** Today in Helsinki by the app's clock (AVAIN_NOW moves it; see app/domain/clock.ts). */
export const TODAY = helsinkiDate(currentTime());

// The drills seed their database here and serve it from another process: both must encrypt the
// demo staff's second factor with the same key (else it is made beside this process's own database).
process.env.SECOND_FACTOR_KEY ??= crypto.randomBytes(32).toString('hex');

/** Env for a spawned server so it runs on the same clock as this test process. */
export function clockEnv(): Record<string, string> {
  return process.env.AVAIN_NOW ? { AVAIN_NOW: currentTime().toISOString(), AVAIN_ALLOW_FIXED_CLOCK: 'true' } : {};
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** A temporary directory with a migrated database: the demo data plus bench clients/providers. */
export async function prepareDrillDatabase(options: { clients: number; providers: number }): Promise<{ dir: string; databasePath: string; bench: BenchData }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'avain-drill-'));
  const databasePath = path.join(dir, 'avain.sqlite');
  const db = openDatabase(databasePath);
  migrateDatabase(db);
  await seedDemoData(db);
  const bench = await seedBenchData(db, options);
  db.$client.close();
  return { dir, databasePath, bench };
}

export type ServerProcess = {
  base: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
};

/** Starts `app/server.ts` (the built app) and resolves once it listens. */
export async function startServer(databasePath: string, env: Record<string, string> = {}, port?: number): Promise<ServerProcess> {
  const listenOn = port ?? (await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/server.ts'], {
    // PUBLIC_URL as the tests reach it (the demo IdP's answer comes back there); `env` may override it.
    env: { ...process.env, PORT: String(listenOn), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${listenOn}`, DATABASE_PATH: databasePath, NODE_ENV: 'production', ...clockEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const check = () => {
      if (output.includes('[avain] serving')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return { base: `http://127.0.0.1:${listenOn}`, child, output: () => output, exited };
}

/** Stops a server with a signal and waits for it to exit; returns the exit code (null if killed). */
export async function stopServer(server: ServerProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return server.child.exitCode;
  server.child.kill(signal);
  return server.exited;
}

export type HttpSession = { cookie: string; csrf: string };

function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

/** Signs in over HTTP with the demo password; retries while an overloaded server says 503. */
export async function signInOverHttp(base: string, email: string): Promise<HttpSession> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const page = await fetch(`${base}/login`);
    if (page.status === 503) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())![1];
    const csrfCookie = cookiesOf(page);
    const response = await fetch(`${base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: csrfCookie },
      body: new URLSearchParams({ csrf, email, password: 'avain-demo' }),
    });
    if (response.status !== 303) throw new Error(`sign-in of ${email} failed: ${response.status}`);
    let cookie = `${csrfCookie}; ${cookiesOf(response)}`;
    let location = response.headers.get('location') ?? '/';
    if (location.startsWith('/auth/code')) {
      // A worker or administrator: the demo accounts' authenticator code (one sign-in per user per drill server).
      const codePage = await fetch(`${base}${location}`, { headers: { Cookie: cookie } });
      const codeCsrf = /name="csrf" value="([^"]+)"/.exec(await codePage.text())![1];
      const answered = await fetch(`${base}/auth/code`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
        body: new URLSearchParams({ csrf: codeCsrf, code: codeFor(DEMO_TOTP_SECRET) }),
      });
      if (answered.status !== 303) throw new Error(`code page for ${email} answered ${answered.status}: ${(await answered.text()).replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").slice(0, 600)}`);
      cookie = `${csrfCookie}; ${cookiesOf(answered)}`;
      location = answered.headers.get('location') ?? '/';
    }
    // Signed in, forms carry a token bound to the new session: read it from a page.
    const start = await fetch(`${base}${location}`, { headers: { Cookie: cookie } });
    const token = /name="csrf" value="([^"]+)"/.exec(await start.text())?.[1];
    if (!token) throw new Error(`sign-in of ${email}: no form token on the start page (${start.status})`);
    return { cookie, csrf: token };
  }
  throw new Error(`sign-in of ${email}: server stayed busy`);
}

/**
 * A client or representative signs in with Suomi.fi through the demo IdP over plain HTTP, the
 * production SP path: login → the IdP's person list → the signed answer → the ACS.
 */
export async function signInWithDemoIdpOverHttp(base: string, fullName: string): Promise<HttpSession> {
  const start = await fetch(`${base}/auth/suomifi/login`, { redirect: 'manual' });
  const idpPage = await fetch(new URL(start.headers.get('location') ?? '', base));
  const html = await idpPage.text();
  const csrfCookie = cookiesOf(idpPage);
  // One form per person: the one whose button carries the name.
  const form = html.split('<form').find((chunk) => chunk.includes(`>${fullName}<`));
  const value = (name: string) => (form ? new RegExp(`name="${name}" value="([^"]*)"`).exec(form)?.[1] : undefined);
  if (!form || !value('person')) throw new Error(`${fullName} is not on the demo IdP page (${idpPage.status} ${idpPage.url})`);
  const answer = await fetch(`${base}/demo-idp`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: csrfCookie },
    body: new URLSearchParams({ csrf: value('csrf')!, intent: 'signIn', requestId: value('requestId')!, relayState: value('relayState') ?? '', person: value('person')! }),
  });
  const answerHtml = await answer.text();
  const samlResponse = /name="SAMLResponse" value="([^"]*)"/.exec(answerHtml)?.[1];
  if (!samlResponse) throw new Error(`demo IdP gave no answer for ${fullName}: ${answer.status}`);
  const relayState = /name="RelayState" value="([^"]*)"/.exec(answerHtml)?.[1] ?? '';
  const acs = await fetch(`${base}/auth/suomifi/acs`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ SAMLResponse: samlResponse, RelayState: relayState }),
  });
  if (acs.status !== 303) throw new Error(`Suomi.fi sign-in of ${fullName} failed: ${acs.status}`);
  const cookie = `${csrfCookie}; ${cookiesOf(acs)}`;
  const page = await fetch(`${base}${acs.headers.get('location') ?? '/'}`, { headers: { Cookie: cookie } });
  const token = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!token) throw new Error(`sign-in of ${fullName}: no form token on the start page (${page.status})`);
  return { cookie, csrf: token };
}

export type ChargeAttempt = { status: number; receipt: string | null; retryAfter: string | null };

/** Posts one confirmed charge through the real action; a 303 to a receipt is an acknowledged charge. */
export async function postCharge(
  base: string,
  session: HttpSession,
  charge: { phone: string; serviceId: number; quantity: string; idempotencyKey?: string; serviceDate?: string },
  init: { signal?: AbortSignal; headers?: Record<string, string> } = {},
): Promise<ChargeAttempt> {
  const response = await fetch(`${base}/provider/charge`, {
    method: 'POST',
    redirect: 'manual',
    signal: init.signal,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: session.cookie, ...init.headers },
    body: new URLSearchParams({
      csrf: session.csrf,
      intent: 'confirm',
      phone: charge.phone,
      serviceId: String(charge.serviceId),
      quantity: charge.quantity,
      serviceDate: charge.serviceDate ?? TODAY,
      idempotencyKey: charge.idempotencyKey ?? crypto.randomUUID(),
    }),
  });
  await response.arrayBuffer();
  const location = response.headers.get('location');
  const receipt = response.status === 303 && location?.startsWith('/provider/receipts/') ? location.split('/').pop()! : null;
  return { status: response.status, receipt, retryAfter: response.headers.get('retry-after') };
}

export type LedgerCheck = {
  integrity: string;
  overdrawn: unknown[];
  missing: string[];
  refundMismatches: number;
  chargedCents: (receipts: string[]) => number;
};

/**
 * Opens the database file (recovering the WAL as SQLite does after a crash) and checks it:
 * `PRAGMA integrity_check`, no line used beyond its monthly amount (or below zero) in any month,
 * every refund pointing at a charge of the same amount, and every given receipt in the ledger.
 */
export function checkLedger(databasePath: string, receipts: string[] = []): LedgerCheck {
  const sqlite = new Database(databasePath);
  try {
    sqlite.pragma('busy_timeout = 5000');
    const integrity = String(sqlite.pragma('integrity_check', { simple: true }));
    const overdrawn = sqlite
      .prepare(
        `SELECT bl.id, bl.monthly_cents, le.budget_month,
                SUM(CASE WHEN le.kind = 'charge' THEN le.amount_cents ELSE -le.amount_cents END) AS used
         FROM ledger_entries le JOIN budget_lines bl ON bl.id = le.budget_line_id
         GROUP BY bl.id, le.budget_month HAVING used > bl.monthly_cents OR used < 0`,
      )
      .all();
    const refundMismatches = (
      sqlite
        .prepare(
          `SELECT count(*) AS n FROM ledger_entries r LEFT JOIN ledger_entries c ON c.id = r.refund_of_id
           WHERE r.kind = 'refund' AND (c.id IS NULL OR c.kind <> 'charge' OR c.amount_cents <> r.amount_cents OR c.budget_line_id <> r.budget_line_id)`,
        )
        .get() as { n: number }
    ).n;
    const known = new Set((sqlite.prepare('SELECT receipt_number AS r FROM ledger_entries').all() as { r: string }[]).map((row) => row.r));
    const missing = receipts.filter((receipt) => !known.has(receipt));
    const amounts = new Map(
      (sqlite.prepare(`SELECT receipt_number AS r, amount_cents AS a FROM ledger_entries WHERE kind = 'charge'`).all() as { r: string; a: number }[]).map((row) => [row.r, row.a]),
    );
    return {
      integrity,
      overdrawn,
      missing,
      refundMismatches,
      chargedCents: (list) => list.reduce((sum, receipt) => sum + (amounts.get(receipt) ?? 0), 0),
    };
  } finally {
    sqlite.close();
  }
}

/** The net used on the cleaning line of a client this month, from the ledger rows. */
export function usedThisMonth(databasePath: string, phone: string): { usedCents: number; monthlyCents: number; receipts: string[] } {
  const sqlite = new Database(databasePath, { readonly: true });
  try {
    sqlite.pragma('busy_timeout = 5000');
    const month = TODAY.slice(0, 7);
    const rows = sqlite
      .prepare(
        `SELECT le.kind, le.amount_cents AS amount, le.receipt_number AS receipt, bl.monthly_cents AS monthly
         FROM ledger_entries le JOIN clients c ON c.id = le.client_id JOIN budget_lines bl ON bl.id = le.budget_line_id
         JOIN services s ON s.id = le.service_id
         WHERE c.phone = ? AND s.code = 'cleaning' AND le.budget_month = ?`,
      )
      .all(phone, month) as { kind: string; amount: number; receipt: string; monthly: number }[];
    return {
      usedCents: rows.reduce((sum, row) => sum + (row.kind === 'charge' ? row.amount : -row.amount), 0),
      monthlyCents: rows[0]?.monthly ?? 0,
      receipts: rows.filter((row) => row.kind === 'charge').map((row) => row.receipt),
    };
  } finally {
    sqlite.close();
  }
}

export function cleaningServiceId(databasePath: string): number {
  const sqlite = new Database(databasePath, { readonly: true });
  try {
    return (sqlite.prepare(`SELECT id FROM services WHERE code = 'cleaning'`).get() as { id: number }).id;
  } finally {
    sqlite.close();
  }
}
