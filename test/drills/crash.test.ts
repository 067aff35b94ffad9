// Crash drill: the built server is killed with SIGKILL at random moments while charges are being
// made over HTTP, and restarted on the same database each time. A request cut off by a crash is
// resent with the same idempotency key after the restart, as a browser's resend would be.
// Afterwards: `PRAGMA integrity_check` is ok, every receipt the client side saw is in the ledger,
// the ledger holds nothing the client side was not told about, and no line is overdrawn.
// CRASH_ROUNDS (default 4) sets how many times it is killed; the drill takes about 15–25 s.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  checkLedger,
  cleaningServiceId,
  freePort,
  postCharge,
  prepareDrillDatabase,
  signInOverHttp,
  startServer,
  stopServer,
  usedThisMonth,
  type HttpSession,
  type ServerProcess,
} from '../helpers/server-process';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 4);
const DRIVERS = 4;
const AINO = '+358401234567'; // 300 €/month; 0,25 h × 42 € = 10,50 €: the line runs out during the drill
const ENV = { CHARGE_REFUSAL_FLOOR_MS: '0', CHARGE_MAX_REFUSALS: '100000', CHARGE_MAX_LOOKUPS: '100000' };

let dir: string;
let databasePath: string;
let benchPhones: string[];
let benchEmail: string;

beforeAll(async () => {
  const prepared = await prepareDrillDatabase({ clients: 30, providers: 1 });
  ({ dir, databasePath } = prepared);
  benchPhones = prepared.bench.clientPhones;
  benchEmail = prepared.bench.providerUserEmails[0];
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

type Job = { key: string; phone: string; quantity: string; session: HttpSession };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test(`SIGKILL ${ROUNDS} times while charging: nothing lost, nothing doubled, nothing overdrawn`, { timeout: 120_000 }, async () => {
  const cleaningId = cleaningServiceId(databasePath);
  const port = await freePort();
  let server: ServerProcess = await startServer(databasePath, ENV, port);
  const provider = await signInOverHttp(server.base, 'provider@example.fi');
  const bench = await signInOverHttp(server.base, benchEmail);

  const acknowledged = new Map<string, string>(); // idempotency key → receipt
  const refused = new Set<string>();
  const inDoubt: Job[] = []; // cut off by a crash or told to come back later: resent with the same key
  const unexpected: string[] = [];
  let resent = 0;
  let up = true;
  let driving = true;
  let sent = 0;

  const newJob = (): Job => {
    const n = sent++;
    return n % 4 === 0
      ? { key: crypto.randomUUID(), phone: AINO, quantity: '0,25', session: provider }
      : { key: crypto.randomUUID(), phone: benchPhones[n % benchPhones.length], quantity: '1', session: bench };
  };

  const drive = async () => {
    while (driving || inDoubt.length > 0) {
      if (!up) {
        await sleep(10);
        continue;
      }
      const retry = inDoubt.shift();
      const job = retry ?? newJob();
      if (retry) resent++;
      try {
        const result = await postCharge(server.base, job.session, { phone: job.phone, serviceId: cleaningId, quantity: job.quantity, idempotencyKey: job.key });
        if (result.receipt) {
          const earlier = acknowledged.get(job.key);
          if (earlier && earlier !== result.receipt) unexpected.push(`key ${job.key} gave ${earlier} and ${result.receipt}`);
          acknowledged.set(job.key, result.receipt);
        } else if (result.status === 422) refused.add(job.key);
        else if (result.status === 503) inDoubt.push(job);
        else unexpected.push(`status ${result.status}`);
      } catch {
        inDoubt.push(job); // the connection died: the charge may or may not have committed
        await sleep(10);
      }
    }
  };
  const drivers = Array.from({ length: DRIVERS }, drive);

  const rounds: string[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    await sleep(300 + Math.floor(Math.random() * 1200));
    up = false;
    server.child.kill('SIGKILL');
    await server.exited;
    const check = checkLedger(databasePath); // opening the file recovers the WAL, as a restart does
    rounds.push(`kill ${round}: ${acknowledged.size} acknowledged, ${inDoubt.length} in doubt, integrity ${check.integrity}`);
    expect(check.integrity, `after kill ${round}`).toBe('ok');
    expect(check.overdrawn, `after kill ${round}`).toEqual([]);
    server = await startServer(databasePath, ENV, port);
    up = true;
  }
  await sleep(500);
  driving = false;
  await Promise.all(drivers);
  expect(await stopServer(server, 'SIGTERM')).toBe(0);

  const receipts = [...acknowledged.values()];
  const check = checkLedger(databasePath, receipts);
  const aino = usedThisMonth(databasePath, AINO);
  const benchReceipts = benchPhones.flatMap((phone) => usedThisMonth(databasePath, phone).receipts);
  console.log(
    `[crash drill] ${ROUNDS} SIGKILLs, ${sent} charges sent, ${acknowledged.size} acknowledged, ${refused.size} refused (line used up), ` +
      `${resent} resent after a crash or 503, missing ${check.missing.length}, overdrawn ${check.overdrawn.length}, integrity ${check.integrity}\n  ${rounds.join('\n  ')}`,
  );
  expect(unexpected).toEqual([]);
  expect(check.integrity).toBe('ok');
  expect(check.missing).toEqual([]);
  expect(check.overdrawn).toEqual([]);
  expect(check.refundMismatches).toBe(0);
  // The ledger holds exactly what the client side was told: no charge that nobody saw, none twice.
  expect([...aino.receipts, ...benchReceipts].sort()).toEqual(receipts.sort());
  expect(aino.usedCents).toBeLessThanOrEqual(aino.monthlyCents);
  expect(acknowledged.size).toBeGreaterThan(ROUNDS * 5);
});
