// Demo charges and a refund for the demo clients, this month and last, so the budget pages,
// the provider's charges and the settlement show something real from the first start.
import { and, eq, isNull, lte } from 'drizzle-orm';
import { newReceiptNumber } from '../../app/domain/receiptNumber';
import { addMonths, helsinkiDate, helsinkiMonth } from '../../app/domain/months';
import type { AppDatabase } from '../client.server';
import { budgetLines, clients, decisions, ledgerEntries, providerOfferings, providers, services, users } from '../schema';
import { currentTime } from '../../app/domain/clock';

type DemoCharge = { phone: string; service: string; provider: string; quantity: number; day: number; monthsAgo: 0 | 1; refund?: string };

const DEMO_CHARGES: DemoCharge[] = [
  { phone: '+358401234567', service: 'cleaning', provider: 'provider@example.fi', quantity: 300, day: 2, monthsAgo: 1 },
  { phone: '+358401234567', service: 'cleaning', provider: 'provider@example.fi', quantity: 300, day: 16, monthsAgo: 1 },
  { phone: '+358401234567', service: 'meals', provider: 'ateria@example.fi', quantity: 1000, day: 20, monthsAgo: 1 },
  { phone: '+358401234567', service: 'cleaning', provider: 'provider@example.fi', quantity: 250, day: 3, monthsAgo: 0 },
  { phone: '+358401234567', service: 'meals', provider: 'ateria@example.fi', quantity: 500, day: 5, monthsAgo: 0 },
  { phone: '+358401234567', service: 'meals', provider: 'ateria@example.fi', quantity: 200, day: 5, monthsAgo: 0, refund: 'Kirjattu kahteen kertaan' },
];

function find<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`demo charges: no ${what}`);
  return value;
}

/** Adds the demo ledger rows; dates never lie in the future. Call once, after seedDemoData. */
export function seedDemoCharges(db: AppDatabase, now = currentTime()): number {
  const today = helsinkiDate(now);
  let written = 0;
  db.transaction((tx) => {
    DEMO_CHARGES.forEach((charge, index) => {
      const month = addMonths(helsinkiMonth(now), -charge.monthsAgo);
      const day = `${month}-${String(charge.day).padStart(2, '0')}`;
      const serviceDate = charge.monthsAgo === 0 && day > today ? today : day;
      const client = find(tx.select().from(clients).where(eq(clients.phone, charge.phone)).get(), charge.phone);
      const service = find(tx.select().from(services).where(eq(services.code, charge.service)).get(), charge.service);
      const staff = find(tx.select().from(users).where(eq(users.email, charge.provider)).get(), charge.provider);
      const provider = find(tx.select().from(providers).where(eq(providers.id, staff.providerId ?? -1)).get(), 'provider');
      const price = find(
        tx
          .select({ priceCents: providerOfferings.priceCents })
          .from(providerOfferings)
          .where(and(eq(providerOfferings.providerId, provider.id), eq(providerOfferings.serviceId, service.id), lte(providerOfferings.validFrom, serviceDate)))
          .get(),
        'price',
      );
      const line = find(
        tx
          .select({ id: budgetLines.id })
          .from(budgetLines)
          .innerJoin(decisions, eq(decisions.id, budgetLines.decisionId))
          .where(and(eq(decisions.clientId, client.id), eq(budgetLines.serviceId, service.id), lte(decisions.validFrom, serviceDate), isNull(decisions.validTo)))
          .get(),
        'budget line',
      );
      const createdAt = new Date(`${serviceDate}T14:00:00+02:00`).toISOString();
      const amountCents = Math.round((charge.quantity * price.priceCents) / 100);
      const row = tx
        .insert(ledgerEntries)
        .values({
          kind: 'charge',
          clientId: client.id,
          budgetLineId: line.id,
          providerId: provider.id,
          providerUserId: staff.id,
          serviceId: service.id,
          quantityHundredths: charge.quantity,
          unitPriceCents: price.priceCents,
          amountCents,
          budgetMonth: month,
          serviceDate,
          receiptNumber: newReceiptNumber(month),
          idempotencyKey: `seed:charge:${index}`,
          createdAt,
        })
        .returning({ id: ledgerEntries.id })
        .get();
      written++;
      if (charge.refund) {
        tx.insert(ledgerEntries)
          .values({
            kind: 'refund',
            clientId: client.id,
            budgetLineId: line.id,
            providerId: provider.id,
            providerUserId: staff.id,
            serviceId: service.id,
            quantityHundredths: charge.quantity,
            unitPriceCents: price.priceCents,
            amountCents,
            budgetMonth: month,
            serviceDate,
            receiptNumber: newReceiptNumber(month),
            idempotencyKey: `seed:refund:${index}`,
            refundOfId: row.id,
            reason: charge.refund,
            createdAt: new Date(new Date(createdAt).getTime() + 15 * 60_000).toISOString(),
          })
          .run();
        written++;
      }
    });
  });
  return written;
}
