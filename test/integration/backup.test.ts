// `npm run backup` while another process is charging: the copy is consistent, restores, and its
// ledger adds up. The refusal floor is off here: refusals would only slow the worker down.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, test, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CHARGE_REFUSAL_FLOOR_MS = '0';
  process.env.CHARGE_MAX_REFUSALS = '100000';
  process.env.CHARGE_MAX_LOOKUPS = '100000';
});

import { refundCharge } from '../../app/domain/charge.server';
import { databasePath, getDb, openDatabase } from '../../db/client.server';
import { ledgerEntries, users } from '../../db/schema';
import { seedBenchData } from '../../db/seed/bench';
import { checkLedger } from '../helpers/server-process';
import { serviceByCode } from '../helpers/fixtures';

type WorkerResult = { charged: string[]; refused: number; busy: number; errors: string[] };

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      env: { ...process.env, CHARGE_REFUSAL_FLOOR_MS: '0', CHARGE_MAX_REFUSALS: '100000', CHARGE_MAX_LOOKUPS: '100000', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

const root = path.resolve(import.meta.dirname, '../..');
const worker = path.join(root, 'test/helpers/charge-worker.ts');
const backupScript = path.join(root, 'db/backup.ts');

describe('online backup', () => {
  test('a backup taken while charges run is consistent, restores, and its ledger adds up', { timeout: 90_000 }, async () => {
    const bench = await seedBenchData(getDb(), { clients: 1, providers: 1 });
    const staff = getDb().select().from(users).where(eq(users.email, bench.providerUserEmails[0])).get()!;
    const actor = { userId: staff.id, providerId: staff.providerId!, ip: '127.0.0.1' };
    const job = { userId: staff.id, providerId: staff.providerId!, phone: bench.clientPhones[0], serviceId: serviceByCode('cleaning').id, quantityHundredths: 100 };

    // A few charges of 45 € and refunds first, so the copy has refunds to check.
    const first = await run([worker, JSON.stringify({ ...job, count: 6, keyPrefix: 'before', startAt: 0 })]);
    const before = JSON.parse(first.out) as WorkerResult;
    for (const receipt of before.charged.slice(0, 3)) expect(refundCharge(actor, receipt, 'Testihyvitys', `refund-${receipt}`).kind).toBe('refunded');

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'avain-backup-'));
    const target = path.join(dir, 'copy.sqlite');
    try {
      // 2 processes × 600 charges of 0,45 €; the backup starts once they are writing.
      const countRows = () => (getDb().$client.prepare('SELECT count(*) AS n FROM ledger_entries').get() as { n: number }).n;
      const rowsBefore = countRows();
      const charging = [0, 1].map((p) => run([worker, JSON.stringify({ ...job, quantityHundredths: 1, count: 600, keyPrefix: `during${p}`, startAt: 0 })]));
      for (let waited = 0; countRows() < rowsBefore + 20 && waited < 20_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      const rowsAtBackup = countRows();
      const backup = await run([backupScript, target]);
      const rowsAfterBackup = countRows();
      const results = (await Promise.all(charging)).map((result) => JSON.parse(result.out) as WorkerResult);

      expect(backup.err).toBe('');
      expect(backup.code).toBe(0);
      expect(backup.out).toMatch(/backup of .* written to .*copy\.sqlite: \d+ pages, \d+ bytes, \d+ ledger entries, integrity ok/);
      expect(results.flatMap((r) => r.errors)).toEqual([]);

      // The copy is a consistent snapshot: integrity ok, refunds match their charges, nothing
      // overdrawn, and every row in it is exactly the same row in the live database.
      const copyCheck = checkLedger(target);
      expect(copyCheck.integrity).toBe('ok');
      expect(copyCheck.refundMismatches).toBe(0);
      expect(copyCheck.overdrawn).toEqual([]);
      const copy = openDatabase(target);
      const copied = copy.select().from(ledgerEntries).all();
      copy.$client.close();
      const live = new Map(getDb().select().from(ledgerEntries).all().map((row) => [row.id, row]));
      expect(copied.length).toBeGreaterThanOrEqual(rowsAtBackup);
      expect(copied.length).toBeLessThanOrEqual(rowsAfterBackup);
      expect(rowsAfterBackup, 'charges were committing while the backup ran').toBeGreaterThan(rowsAtBackup);
      expect(live.size, 'and went on after it').toBeGreaterThan(copied.length);
      for (const row of copied) expect(row).toEqual(live.get(row.id));
      expect(backup.out).toContain(`${copied.length} ledger entries`);

      // Restore as README says: server stopped, the copy put in place of DATABASE_PATH, no -wal/-shm.
      const restored = path.join(dir, 'restored', 'avain.sqlite');
      fs.mkdirSync(path.dirname(restored));
      fs.copyFileSync(target, restored);
      for (const suffix of ['-wal', '-shm']) fs.rmSync(`${restored}${suffix}`, { force: true });
      const check = await run(
        ['-e', `import('${path.join(root, 'db/client.server.ts')}').then(({ getDb, migrateDatabase, closeDb }) => { const db = getDb(); migrateDatabase(db); console.log(JSON.stringify(db.$client.prepare("SELECT count(*) AS n, coalesce(sum(CASE WHEN kind = 'charge' THEN amount_cents ELSE -amount_cents END), 0) AS net FROM ledger_entries").get())); closeDb(); })`],
        { DATABASE_PATH: restored },
      );
      expect(check.err).toBe('');
      const restoredLedger = JSON.parse(check.out) as { n: number; net: number };
      expect(restoredLedger.n).toBe(copied.length);
      expect(restoredLedger.net).toBe(copied.reduce((net, row) => net + (row.kind === 'charge' ? row.amountCents : -row.amountCents), 0));
      expect(checkLedger(restored).overdrawn).toEqual([]);

      // The live database still adds up after both writers finished.
      const liveCheck = checkLedger(databasePath(), results.flatMap((r) => r.charged));
      expect(liveCheck.missing).toEqual([]);
      expect(liveCheck.overdrawn).toEqual([]);

      // Never overwritten without --force.
      const again = await run([backupScript, target]);
      expect(again.code).toBe(1);
      expect(again.err).toContain('exists');
      expect((await run([backupScript, target, '--force'])).code).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
