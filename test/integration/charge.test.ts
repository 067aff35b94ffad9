import { spawn } from 'node:child_process';
import path from 'node:path';
import { and, count, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, test, vi } from 'vitest';

vi.hoisted(() => {
  // Refusal delay and lockout are tested in charge-limits.test.ts; here they would only slow down.
  process.env.CHARGE_REFUSAL_FLOOR_MS = '0';
  process.env.CHARGE_MAX_REFUSALS = '100000';
  process.env.CHARGE_MAX_LOOKUPS = '100000';
});

import { getDb } from '../../db/client.server';
import { auditLog, ledgerEntries, users } from '../../db/schema';
import { chargeAmount, chargeBudget, previewCharge, refundCharge, type ProviderActor } from '../../app/domain/charge.server';
import { lineInForce, usedThisMonth } from '../../app/domain/ledger.server';
import { helsinkiDate, helsinkiMonth } from '../../app/domain/months';
import { clientByPhone, ledgerNet, providerActor, serviceByCode } from '../helpers/fixtures';

const AINO = '+358401234567'; // client@example.fi: cleaning 300,00 €/month, meals 120,00 €/month
const CLEANING_PRICE = 4200; // Kainuun Kotisiivous Oy, per hour

/** A fresh staff user of provider@example.fi's provider, so tests do not share audit history. */
function newStaff(): ProviderActor {
  const base = providerActor('provider@example.fi');
  const template = getDb().select().from(users).where(eq(users.id, base.userId)).get()!;
  const { id: _id, createdAt: _createdAt, ...rest } = template;
  const row = getDb()
    .insert(users)
    .values({ ...rest, email: `staff-${Math.random().toString(36).slice(2)}@example.fi` })
    .returning()
    .get();
  return { userId: row.id, providerId: base.providerId, ip: '127.0.0.1' };
}

const at = (iso: string) => new Date(iso);
const input = (quantityHundredths: number, now: Date, phone = '040 123 4567') => ({
  phone,
  serviceId: serviceByCode('cleaning').id,
  quantityHundredths,
  serviceDate: helsinkiDate(now),
});

describe('preview', () => {
  test('shows what will be charged and only the first name and initial', async () => {
    const now = at('2026-02-10T10:00:00Z');
    const result = await previewCharge(newStaff(), input(150, now, '+358 40 123 4567'), now);
    expect(result).toEqual({
      kind: 'preview',
      preview: expect.objectContaining({
        clientFirstName: 'Aino',
        clientLastInitial: 'K',
        quantityHundredths: 150,
        unitPriceCents: CLEANING_PRICE,
        amountCents: 6300,
        unit: 'hour',
      }),
    });
    expect(JSON.stringify(result)).not.toContain('Korhonen');
    expect(JSON.stringify(result)).not.toContain('30000'); // never the client's budget
  });

  test.each(['040 123 4567', '+358401234567', '0401234567', '040-123 4567', '+358 40 123 4567'])('finds the client by %s', async (phone) => {
    const now = at('2026-02-11T10:00:00Z');
    const result = await previewCharge(newStaff(), input(100, now, phone), now);
    expect(result.kind).toBe('preview');
  });

  test('refuses the same way whatever the reason', async () => {
    const now = at('2026-02-12T10:00:00Z');
    const staff = newStaff();
    const unknown = await previewCharge(staff, input(100, now, '050 000 0000'), now);
    const tooMuch = await previewCharge(staff, input(100_00, now), now); // 4 200 € > 300 €
    const noLine = await previewCharge(staff, { ...input(100, now), serviceId: serviceByCode('handyman').id }, now);
    const comparisonClient = await previewCharge(staff, input(100, now, '+358442093157'), now);
    for (const result of [unknown, tooMuch, noLine, comparisonClient]) expect(result).toEqual({ kind: 'refused' });
  });

  test('a service date in another month or in the future is refused as a date problem', async () => {
    const now = at('2026-02-12T10:00:00Z');
    expect(await previewCharge(newStaff(), { ...input(100, now), serviceDate: '2026-01-31' }, now)).toEqual({ kind: 'badDate' });
    expect(await previewCharge(newStaff(), { ...input(100, now), serviceDate: '2026-02-13' }, now)).toEqual({ kind: 'badDate' });
  });
});

describe('charging', () => {
  test('one ledger row with copied price, receipt and audit entry; balance updates at once', async () => {
    const now = at('2026-03-05T09:00:00Z');
    const staff = newStaff();
    const result = await chargeBudget(staff, input(200, now), 'key-basic', now);
    expect(result).toMatchObject({ kind: 'charged', duplicate: false });
    const receipt = (result as { receiptNumber: string }).receiptNumber;
    expect(receipt).toMatch(/^2603-[A-Z2-9]{6}$/);
    const row = getDb().select().from(ledgerEntries).where(eq(ledgerEntries.receiptNumber, receipt)).get()!;
    expect(row).toMatchObject({ kind: 'charge', amountCents: 8400, unitPriceCents: CLEANING_PRICE, quantityHundredths: 200, budgetMonth: '2026-03' });
    expect(ledgerNet(clientByPhone(AINO).id, serviceByCode('cleaning').id, '2026-03')).toBe(8400);
    const audited = getDb().select().from(auditLog).where(and(eq(auditLog.action, 'charge.created'), eq(auditLog.subjectId, receipt))).all();
    expect(audited).toHaveLength(1);
  });

  test('the same idempotency key submitted 50 times makes one row and the same receipt', async () => {
    const now = at('2026-04-07T09:00:00Z');
    const staff = newStaff();
    const results = await Promise.all(Array.from({ length: 50 }, () => chargeBudget(staff, input(100, now), 'double-click', now)));
    const receipts = new Set(results.map((r) => (r as { receiptNumber: string }).receiptNumber));
    expect(receipts.size).toBe(1);
    expect(results.filter((r) => r.kind === 'charged' && !r.duplicate)).toHaveLength(1);
    const rows = getDb().select({ n: count() }).from(ledgerEntries).where(eq(ledgerEntries.idempotencyKey, `${staff.userId}:double-click`)).get();
    expect(rows?.n).toBe(1);
    expect(ledgerNet(clientByPhone(AINO).id, serviceByCode('cleaning').id, '2026-04')).toBe(4200);
  });

  test("another provider user cannot reuse someone else's key to read their receipt", async () => {
    const now = at('2026-04-08T09:00:00Z');
    const first = await chargeBudget(newStaff(), input(50, now), 'shared-key', now);
    const second = await chargeBudget(newStaff(), input(50, now), 'shared-key', now);
    expect(first.kind).toBe('charged');
    expect(second.kind).toBe('charged');
    expect((second as { receiptNumber: string }).receiptNumber).not.toBe((first as { receiptNumber: string }).receiptNumber);
  });

  test('the same form reused for another charge is not taken for the earlier receipt', async () => {
    const now = at('2026-04-09T09:00:00Z');
    const staff = newStaff();
    const first = await chargeBudget(staff, input(50, now), 'reused-form', now);
    expect(first.kind).toBe('charged');
    const other = await chargeBudget(staff, input(75, now), 'reused-form', now);
    expect(other).toEqual({ kind: 'keyUsed', receiptNumber: (first as { receiptNumber: string }).receiptNumber });
    expect(getDb().select().from(ledgerEntries).where(eq(ledgerEntries.idempotencyKey, `${staff.userId}:reused-form`)).all()).toHaveLength(1);
  });

  test('a price that changed after the check page is shown again, not charged', async () => {
    const now = at('2026-04-10T09:00:00Z');
    const staff = newStaff();
    const changed = await chargeBudget(staff, input(100, now), 'old-price', now, 4000);
    expect(changed).toMatchObject({ kind: 'amountChanged', preview: { amountCents: 4200 } });
    expect(getDb().select().from(ledgerEntries).where(eq(ledgerEntries.idempotencyKey, `${staff.userId}:old-price`)).all()).toHaveLength(0);
    expect(await chargeBudget(staff, input(100, now), 'old-price', now, 4200)).toMatchObject({ kind: 'charged' });
  });

  test('never more than the line: the last charge that does not fit is refused', async () => {
    const now = at('2026-05-20T09:00:00Z');
    const staff = newStaff();
    expect((await chargeBudget(staff, input(700, now), 'fill-1', now)).kind).toBe('charged'); // 294 €
    expect((await chargeBudget(staff, input(15, now), 'fill-2', now)).kind).toBe('refused'); // 6,30 € > 6 €
    expect((await chargeBudget(staff, input(14, now), 'fill-3', now)).kind).toBe('charged'); // 5,88 €
    const line = lineInForce(clientByPhone(AINO).id, serviceByCode('cleaning').id, '2026-05-20')!;
    expect(line.monthlyCents - usedThisMonth(clientByPhone(AINO).id, serviceByCode('cleaning').id, '2026-05')).toBe(12);
  });

  test('amount = quantity × unit price, rounded half up to a cent', () => {
    expect(chargeAmount(150, 4200)).toBe(6300);
    expect(chargeAmount(33, 4250)).toBe(1403); // 14,025 → 14,03
    expect(chargeAmount(1, 1)).toBe(0);
  });
});

describe('months in Helsinki time', () => {
  test('00:30 on the 1st (22:30 UTC the day before) charges the new month, which is full again', async () => {
    const staff = newStaff();
    const lastMinuteOfJune = at('2026-06-30T20:59:00Z'); // 23:59 EEST
    expect((await chargeBudget(staff, input(714, lastMinuteOfJune), 'june-all', lastMinuteOfJune)).kind).toBe('charged'); // 299,88 €
    expect((await chargeBudget(staff, input(100, lastMinuteOfJune), 'june-more', lastMinuteOfJune)).kind).toBe('refused');
    const firstOfJuly = at('2026-06-30T21:30:00Z'); // 00:30 EEST on 1 July
    const july = await chargeBudget(staff, input(100, firstOfJuly), 'july-first', firstOfJuly);
    expect(july.kind).toBe('charged');
    const row = getDb().select().from(ledgerEntries).where(eq(ledgerEntries.idempotencyKey, `${staff.userId}:july-first`)).get()!;
    expect(row.budgetMonth).toBe('2026-07');
    expect(row.serviceDate).toBe('2026-07-01');
  });

  test('around the end of October, when clocks go back', async () => {
    const staff = newStaff();
    const octoberNight = at('2026-10-31T21:30:00Z'); // 23:30 EET, 31 Oct
    const novemberNight = at('2026-10-31T22:00:00Z'); // 00:00 EET, 1 Nov
    await chargeBudget(staff, input(100, octoberNight), 'oct-night', octoberNight);
    await chargeBudget(staff, input(100, novemberNight), 'nov-night', novemberNight);
    const month = (key: string) => getDb().select().from(ledgerEntries).where(eq(ledgerEntries.idempotencyKey, `${staff.userId}:${key}`)).get()!.budgetMonth;
    expect(month('oct-night')).toBe('2026-10');
    expect(month('nov-night')).toBe('2026-11');
  });

  test('the last day of February in a leap year', async () => {
    const staff = newStaff();
    const now = at('2028-02-29T21:59:00Z'); // 23:59 EET on 29 Feb 2028
    expect(helsinkiMonth(now)).toBe('2028-02');
    const result = await chargeBudget(staff, input(100, now), 'leap', now);
    expect(result.kind).toBe('charged');
  });
});

describe('refunds', () => {
  test('a refund is a new row pointing at the charge and gives the money back', async () => {
    const now = at('2026-08-03T08:00:00Z');
    const staff = newStaff();
    const charge = (await chargeBudget(staff, input(300, now), 'to-refund', now)) as { receiptNumber: string };
    const refund = refundCharge(staff, charge.receiptNumber, 'Väärä määrä', 'refund-1', now);
    expect(refund).toMatchObject({ kind: 'refunded', duplicate: false });
    expect(refundCharge(staff, charge.receiptNumber, 'Väärä määrä', 'refund-1', now)).toMatchObject({ kind: 'refunded', duplicate: true });
    expect(refundCharge(staff, charge.receiptNumber, 'Uudestaan', 'refund-2', now)).toEqual({ kind: 'alreadyRefunded' });
    expect(ledgerNet(clientByPhone(AINO).id, serviceByCode('cleaning').id, '2026-08')).toBe(0);
    const chargeRow = getDb().select().from(ledgerEntries).where(eq(ledgerEntries.receiptNumber, charge.receiptNumber)).get()!;
    const refundRow = getDb().select().from(ledgerEntries).where(eq(ledgerEntries.refundOfId, chargeRow.id)).get()!;
    expect(refundRow).toMatchObject({ kind: 'refund', amountCents: 12600, reason: 'Väärä määrä', budgetMonth: '2026-08' });
  });

  test('only the same day, and only by the provider that charged', async () => {
    const now = at('2026-08-04T08:00:00Z');
    const staff = newStaff();
    const charge = (await chargeBudget(staff, input(100, now), 'late-refund', now)) as { receiptNumber: string };
    expect(refundCharge(staff, charge.receiptNumber, 'Myöhässä', 'late-1', at('2026-08-04T21:30:00Z'))).toEqual({ kind: 'tooLate' }); // 00:30 next day
    expect(refundCharge(providerActor('ateria@example.fi'), charge.receiptNumber, 'Ei oma', 'other-1', now)).toEqual({ kind: 'notFound' });
  });
});

describe('the ledger is append-only', () => {
  test('the database refuses UPDATE and DELETE on ledger rows', async () => {
    const now = at('2026-09-01T08:00:00Z');
    await chargeBudget(newStaff(), input(100, now), 'append-only', now);
    const sqlite = getDb().$client;
    expect(() => sqlite.prepare('UPDATE ledger_entries SET amount_cents = 1').run()).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM ledger_entries').run()).toThrow(/append-only/);
  });

  test('charging and refunding never issue UPDATE or DELETE on the ledger', async () => {
    // Temporary triggers see every write the statements make, however early they were prepared.
    const sqlite = getDb().$client;
    sqlite.exec(`CREATE TEMP TABLE ledger_writes (op TEXT NOT NULL);
      CREATE TEMP TRIGGER ledger_inserted AFTER INSERT ON main.ledger_entries BEGIN INSERT INTO ledger_writes VALUES ('insert'); END;
      CREATE TEMP TRIGGER ledger_updated AFTER UPDATE ON main.ledger_entries BEGIN INSERT INTO ledger_writes VALUES ('update'); END;
      CREATE TEMP TRIGGER ledger_deleted AFTER DELETE ON main.ledger_entries BEGIN INSERT INTO ledger_writes VALUES ('delete'); END;`);
    try {
      const now = at('2026-09-02T08:00:00Z');
      const staff = newStaff();
      const charge = (await chargeBudget(staff, input(100, now), 'spy-charge', now)) as { receiptNumber: string };
      await chargeBudget(staff, input(100, now), 'spy-charge', now);
      await chargeBudget(staff, input(100_00, now), 'spy-refused', now);
      refundCharge(staff, charge.receiptNumber, 'Testi', 'spy-refund', now);
      const writes = (sqlite.prepare('SELECT op FROM ledger_writes').all() as { op: string }[]).map((row) => row.op);
      // The charge and the refund: two inserts, nothing else.
      expect(writes).toEqual(['insert', 'insert']);
    } finally {
      sqlite.exec('DROP TRIGGER temp.ledger_inserted; DROP TRIGGER temp.ledger_updated; DROP TRIGGER temp.ledger_deleted; DROP TABLE temp.ledger_writes;');
    }
  });
});

describe('property: random charges and refunds', () => {
  test('balance never negative; outcomes and ledger sums match a simple model', async () => {
    let run = 0;
    const clientId = clientByPhone(AINO).id;
    const serviceId = serviceByCode('cleaning').id;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant('charge' as const), quantity: fc.integer({ min: 1, max: 1200 }) }),
            fc.record({ op: fc.constant('refund' as const), pick: fc.nat() }),
          ),
          { minLength: 1, maxLength: 25 },
        ),
        async (ops) => {
          // Each run gets a month of its own, so runs do not see each other's rows.
          const month = run++;
          const now = new Date(Date.UTC(2030 + Math.floor(month / 12), month % 12, 15, 10));
          const budgetMonth = helsinkiMonth(now);
          const staff = newStaff();
          let used = 0;
          const charges: { receipt: string; amount: number; refunded: boolean }[] = [];
          for (const [i, step] of ops.entries()) {
            if (step.op === 'charge') {
              const amount = chargeAmount(step.quantity, CLEANING_PRICE);
              const result = await chargeBudget(staff, input(step.quantity, now), `p${month}-${i}`, now);
              const fits = amount > 0 && used + amount <= 30000;
              expect(result.kind).toBe(fits ? 'charged' : 'refused');
              if (result.kind === 'charged') {
                used += amount;
                charges.push({ receipt: result.receiptNumber, amount, refunded: false });
              }
            } else if (charges.length > 0) {
              const target = charges[step.pick % charges.length];
              const result = refundCharge(staff, target.receipt, 'Korjaus', `r${month}-${i}`, now);
              expect(result.kind).toBe(target.refunded ? 'alreadyRefunded' : 'refunded');
              if (!target.refunded) {
                target.refunded = true;
                used -= target.amount;
              }
            }
            expect(used).toBeGreaterThanOrEqual(0);
            expect(used).toBeLessThanOrEqual(30000);
          }
          expect(ledgerNet(clientId, serviceId, budgetMonth)).toBe(used);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('concurrency across processes', () => {
  test('many processes charging one line at once never exceed it, and nobody sees "database is locked"', async () => {
    const staff = providerActor('provider@example.fi');
    const client = clientByPhone(AINO);
    const serviceId = serviceByCode('cleaning').id;
    const month = helsinkiMonth();
    const line = lineInForce(client.id, serviceId, helsinkiDate())!;
    const before = usedThisMonth(client.id, serviceId, month);
    const amount = chargeAmount(25, CLEANING_PRICE); // 10,50 €
    const processes = 6;
    const perProcess = 15; // 90 × 10,50 € = 945 €, far more than the 300 € line
    const startAt = Date.now() + 1500;
    const worker = path.resolve(import.meta.dirname, '../helpers/charge-worker.ts');
    const runs = Array.from({ length: processes }, (_, p) =>
      new Promise<{ charged: string[]; refused: number; locked: number; busy: number; errors: string[] }>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', worker, JSON.stringify({ ...staff, phone: AINO, serviceId, quantityHundredths: 25, count: perProcess, keyPrefix: `proc${p}`, startAt })],
          { env: { ...process.env, CHARGE_REFUSAL_FLOOR_MS: '0', CHARGE_MAX_REFUSALS: '100000', CHARGE_MAX_LOOKUPS: '100000' }, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let out = '';
        let err = '';
        child.stdout.on('data', (chunk) => (out += chunk));
        child.stderr.on('data', (chunk) => (err += chunk));
        child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker ${p} exited ${code}: ${err}`))));
      }),
    );
    const results = await Promise.all(runs);
    const accepted = results.flatMap((r) => r.charged);
    expect(results.flatMap((r) => r.errors)).toEqual([]);
    expect(results.reduce((n, r) => n + r.busy, 0)).toBe(0);
    const used = usedThisMonth(client.id, serviceId, month);
    expect(used - before).toBe(accepted.length * amount);
    expect(used).toBeLessThanOrEqual(line.monthlyCents);
    // Every charge that could fit was accepted: what is left is less than one more charge.
    expect(line.monthlyCents - used).toBeLessThan(amount);
    expect(new Set(accepted).size).toBe(accepted.length);
  }, 60_000);
});
