// `npm run bench:scale`: the same probes on a pilot-size and a national-size database in one run,
// each figure at both sizes and their ratio. Databases are built by test/bench/national.ts and
// cached in BENCH_SCALE_DIR (default .bench-cache/) between runs. Sizes come from the environment:
// SCALE_CLIENTS (50000), SCALE_PROVIDERS (2000), SCALE_WORKERS (200), SCALE_MONTHS (24),
// SCALE_CHARGES (10 a client and month), SCALE_BUSY_SHARE (0.05 of all charges go to provider 1);
// the pilot's: PILOT_CLIENTS (1000), PILOT_PROVIDERS (40), PILOT_WORKERS (4), same months and
// charges. SCALE_REPEAT (default 15) requests per probe, one at a time, so a figure is the
// server's time for one request (median and the slowest but one), not queueing. SCALE_BUILD_ONLY=1
// only builds the cached databases.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { benchClientPhone } from '../../db/seed/bench';
import { addMonths, helsinkiDate, helsinkiMonth } from '../../app/domain/months';
import { nationalDatabase, SCALE_CLIENT_NAME, scaleProviderEmail, scaleWorkerEmail, setScaleSecondFactorKey, type ScaleSizes } from './national';
import { signInOverHttp, signInWithDemoIdpOverHttp, startServer, stopServer, type HttpSession } from '../helpers/server-process';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const MONTHS = env('SCALE_MONTHS', 24);
const CHARGES = env('SCALE_CHARGES', 10);
const BUSY = env('SCALE_BUSY_SHARE', 0.05);
const national: ScaleSizes = { clients: env('SCALE_CLIENTS', 50_000), providers: env('SCALE_PROVIDERS', 2000), workers: env('SCALE_WORKERS', 200), months: MONTHS, chargesPerMonth: CHARGES, busyShare: BUSY };
const pilot: ScaleSizes = { clients: env('PILOT_CLIENTS', 1000), providers: env('PILOT_PROVIDERS', 40), workers: env('PILOT_WORKERS', 4), months: MONTHS, chargesPerMonth: CHARGES, busyShare: BUSY };
const REPEAT = env('SCALE_REPEAT', 15);
const SLOW_MS = 5000;
const WARM_UP = 5;
const CACHE = process.env.BENCH_SCALE_DIR ?? path.resolve('.bench-cache');

type Figure = { median: number; slow: number };

async function timed(repeat: number, once: (i: number) => Promise<Response>, expected: number): Promise<Figure> {
  const times: number[] = [];
  for (let i = 0; i < repeat + WARM_UP; i++) {
    const started = performance.now();
    const response = await once(i);
    await response.arrayBuffer();
    const ms = performance.now() - started;
    if (response.status !== expected) throw new Error(`${response.url}: ${response.status}, expected ${expected}`);
    if (i >= WARM_UP || ms > SLOW_MS) times.push(ms); // the first ones warm the caches and the JIT
    // A request this slow is its figure: repeating it would only take the run's time.
    if (ms > SLOW_MS) break;
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], slow: times[Math.max(0, times.length - 2)] };
}

type Probe = { name: string; perPerson: boolean; run: () => Promise<Figure> };

async function measure(file: string, sizes: ScaleSizes): Promise<{ figures: Map<string, Figure & { perPerson: boolean }>; bytesPerYear: number; ledgerRows: number }> {
  const sqlite = new Database(file, { readonly: true });
  const one = <T>(sql: string, ...params: unknown[]) => sqlite.prepare(sql).pluck().get(...params) as T;
  const clientId = one<number>(`SELECT id FROM clients WHERE phone = ?`, benchClientPhone(1));
  const cleaning = one<number>(`SELECT id FROM services WHERE code = 'cleaning'`);
  const ledgerRows = one<number>(`SELECT count(*) FROM ledger_entries`);
  sqlite.close();
  const bytesPerYear = fs.statSync(file).size / (sizes.months / 12);

  // The probes charge: work on a copy, so the cached file stays as built.
  const work = path.join(os.tmpdir(), `avain-scale-${process.pid}-${path.basename(file)}`);
  fs.copyFileSync(file, work);
  // A fresh copy of gigabytes is still being written back to disk: every durable commit of the
  // probes would wait behind it. Flush it first, so the probes time the app, not the copy.
  const copy = fs.openSync(work, 'r+');
  fs.fsyncSync(copy);
  fs.closeSync(copy);
  const server = await startServer(work, { CHARGE_MAX_LOOKUPS: '1000000', CHARGE_MAX_REFUSALS: '1000000' });
  const base = server.base;
  try {
    const client = await signInWithDemoIdpOverHttp(base, SCALE_CLIENT_NAME);
    const worker = await signInOverHttp(base, scaleWorkerEmail(1));
    const provider = await signInOverHttp(base, scaleProviderEmail(1));
    const admin = await signInOverHttp(base, 'admin@example.fi');
    const lastMonth = addMonths(helsinkiMonth(), -1);
    const get = (session: HttpSession, url: string) => () => fetch(`${base}${url}`, { headers: { Cookie: session.cookie }, redirect: 'manual' });
    const charge = (intent: 'preview' | 'confirm') => (i: number) =>
      fetch(`${base}/provider/charge`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: provider.cookie },
        body: new URLSearchParams({
          csrf: provider.csrf,
          intent,
          phone: benchClientPhone((i % sizes.clients) + 1),
          serviceId: String(cleaning),
          quantity: '1',
          serviceDate: helsinkiDate(),
          idempotencyKey: crypto.randomUUID(),
        }),
      });
    const probes: Probe[] = [
      { name: 'charge look-up (check page)', perPerson: true, run: () => timed(REPEAT, charge('preview'), 200) },
      { name: 'charge confirm', perPerson: true, run: () => timed(REPEAT, charge('confirm'), 303) },
      { name: "client's budget page", perPerson: true, run: () => timed(REPEAT, get(client, '/budget'), 200) },
      { name: "client's statement", perPerson: true, run: () => timed(REPEAT, get(client, `/budget/statement?month=${lastMonth}`), 200) },
      { name: "busy provider's charges", perPerson: true, run: () => timed(REPEAT, get(provider, `/provider/charges?month=${lastMonth}`), 200) },
      { name: "busy provider's settlement", perPerson: true, run: () => timed(REPEAT, get(provider, `/provider/settlement?month=${lastMonth}`), 200) },
      { name: "worker's client list", perPerson: true, run: () => timed(REPEAT, get(worker, '/worker'), 200) },
      { name: "worker's client page", perPerson: true, run: () => timed(REPEAT, get(worker, `/worker/clients/${clientId}`), 200) },
      { name: 'audit log filtered by client', perPerson: true, run: () => timed(REPEAT, get(admin, `/admin/audit?client=${clientId}`), 200) },
      { name: "region's clients (page 1)", perPerson: false, run: () => timed(REPEAT, get(admin, '/admin/clients'), 200) },
      { name: 'region monthly settlement', perPerson: false, run: () => timed(Math.min(REPEAT, 5), get(admin, `/admin/settlement?month=${lastMonth}`), 200) },
      { name: 'evaluation report', perPerson: false, run: () => timed(Math.min(REPEAT, 5), get(admin, '/admin/evaluation'), 200) },
    ];
    const figures = new Map<string, Figure & { perPerson: boolean }>();
    for (const probe of probes) {
      figures.set(probe.name, { ...(await probe.run()), perPerson: probe.perPerson });
      console.log(`  ${probe.name}: ${figures.get(probe.name)!.median.toFixed(1)} ms`);
    }
    return { figures, bytesPerYear, ledgerRows };
  } finally {
    await stopServer(server);
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${work}${suffix}`, { force: true });
  }
}

const describe = (s: ScaleSizes) => `${s.clients} clients, ${s.providers} providers, ${s.workers} workers, ${s.months} months × ${s.chargesPerMonth} charges`;

async function main() {
  setScaleSecondFactorKey();
  console.log(`pilot: ${describe(pilot)}\nnational: ${describe(national)}`);
  const pilotFile = await nationalDatabase(CACHE, 'pilot', pilot);
  const nationalFile = await nationalDatabase(CACHE, 'national', national);
  if (process.env.SCALE_BUILD_ONLY === '1') return;
  console.log('probing the pilot-size database …');
  const small = await measure(pilotFile, pilot);
  console.log('probing the national-size database …');
  const large = await measure(nationalFile, national);

  const lines = [
    `Avain bench:scale ${new Date().toISOString()} (${os.cpus().length} cores, Node ${process.version}, load ${os.loadavg().map((n) => n.toFixed(1)).join(' ')})`,
    `pilot:    ${describe(pilot)}: ${small.ledgerRows.toLocaleString('en')} ledger rows`,
    `national: ${describe(national)}: ${large.ledgerRows.toLocaleString('en')} ledger rows`,
    `${'probe (one request at a time)'.padEnd(32)} ${'pilot ms'.padStart(9)} ${'national ms'.padStart(12)} ${'ratio'.padStart(6)}  aim`,
  ];
  let failed = false;
  for (const [name, a] of small.figures) {
    const b = large.figures.get(name)!;
    const ratio = b.median / a.median;
    const slowAim = name.startsWith('region monthly') || name.startsWith('evaluation') ? 2000 : 200;
    const ok = b.median <= slowAim && (!a.perPerson || ratio <= 1.5);
    if (!ok) failed = true;
    lines.push(
      `${name.padEnd(32)} ${a.median.toFixed(1).padStart(9)} ${b.median.toFixed(1).padStart(12)} ${ratio.toFixed(2).padStart(6)}  ${a.perPerson ? `≤ 1.5×, ` : ''}≤ ${slowAim} ms ${ok ? 'ok' : 'MISSED'} (slowest but one ${a.slow.toFixed(0)} / ${b.slow.toFixed(0)} ms)`,
    );
  }
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
  lines.push(`database size per year of history: pilot ${mb(small.bytesPerYear)}, national ${mb(large.bytesPerYear)} (${(large.bytesPerYear / Math.max(1, large.ledgerRows / (national.months / 12))).toFixed(0)} bytes per ledger row with its audit and access-log rows)`);
  console.log(`\n${lines.join('\n')}`);
  if (failed) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
