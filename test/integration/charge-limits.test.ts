// Refusals must not tell a provider who is a client: every refusal looks and takes the same,
// refusals are limited per provider user, and every look-up is in the audit log.
import { and, eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { auditLog } from '../../db/schema';
import { chargeBudget, MAX_REFUSALS, previewCharge, REFUSAL_FLOOR_MS } from '../../app/domain/charge.server';
import { helsinkiDate } from '../../app/domain/months';
import { providerActor, serviceByCode } from '../helpers/fixtures';

const today = () => helsinkiDate();

async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - start };
}

describe('refusals', () => {
  test('unknown number, no budget for the service and not enough left look the same and take the same time', async () => {
    const actor = providerActor('provider@example.fi');
    const cleaning = serviceByCode('cleaning').id;
    const cases = {
      unknownNumber: { phone: '050 999 9999', serviceId: cleaning, quantityHundredths: 100, serviceDate: today() },
      noBudgetForService: { phone: '040 123 4567', serviceId: serviceByCode('handyman').id, quantityHundredths: 100, serviceDate: today() },
      notEnoughLeft: { phone: '040 123 4567', serviceId: cleaning, quantityHundredths: 5000, serviceDate: today() },
    };
    const timings: number[] = [];
    for (const input of Object.values(cases)) {
      const { result, ms } = await timed(() => previewCharge(actor, input));
      expect(result).toEqual({ kind: 'refused' });
      timings.push(ms);
    }
    for (const ms of timings) expect(ms).toBeGreaterThanOrEqual(REFUSAL_FLOOR_MS - 5);
    expect(Math.max(...timings) - Math.min(...timings)).toBeLessThan(100);
  });

  test(`after ${MAX_REFUSALS} refusals in 15 minutes the provider user is locked out, even for a valid charge`, async () => {
    const actor = providerActor('ateria@example.fi'); // meals provider, its own counter
    const meals = serviceByCode('meals').id;
    for (let i = 0; i < MAX_REFUSALS; i++) {
      const result = await previewCharge(actor, { phone: `050 999 99${String(i).padStart(2, '0')}`, serviceId: meals, quantityHundredths: 100, serviceDate: today() });
      expect(result.kind).toBe('refused');
    }
    const valid = { phone: '040 123 4567', serviceId: meals, quantityHundredths: 100, serviceDate: today() };
    expect((await previewCharge(actor, valid)).kind).toBe('locked');
    expect((await chargeBudget(actor, valid, 'after-lockout')).kind).toBe('locked');
    // Another provider user is not affected.
    expect((await previewCharge(providerActor('provider@example.fi'), { ...valid, serviceId: serviceByCode('cleaning').id })).kind).toBe('preview');
  }, 30_000);

  test('every look-up, refusal and charge is in the audit log with who and from where', async () => {
    const actor = providerActor('provider@example.fi', '198.51.100.23');
    const input = { phone: '040 123 4567', serviceId: serviceByCode('cleaning').id, quantityHundredths: 50, serviceDate: today() };
    await previewCharge(actor, input);
    const charged = await chargeBudget(actor, input, 'audited');
    expect(charged.kind).toBe('charged');
    const rows = getDb().select().from(auditLog).where(and(eq(auditLog.actorUserId, actor.userId), eq(auditLog.ip, '198.51.100.23'))).all();
    expect(rows.map((row) => row.action)).toEqual(expect.arrayContaining(['charge.lookup', 'charge.created']));
    const refused = getDb().select().from(auditLog).where(and(eq(auditLog.actorUserId, actor.userId), eq(auditLog.action, 'charge.refused'))).all();
    expect(refused.length).toBeGreaterThan(0);
  });
});
