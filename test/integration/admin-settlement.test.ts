// The region's settlement: sums equal the ledger, the CSV follows our conventions, and a month
// marked invoiced refuses further charges and refunds while the settlement stays reproducible.
import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { auditLog, ledgerEntries, settlementInvoices } from '../../db/schema';
import { recordMonthInvoiced, regionSettlement, regionSettlementPage } from '../../app/domain/adminSettlement.server';
import { immediate } from '../../app/domain/transaction.server';
import { chargeBudget, refundCharge } from '../../app/domain/charge.server';
import { addMonths, helsinkiDate, helsinkiMonth } from '../../app/domain/months';
import { settlementFor } from '../../app/domain/settlement.server';
import * as settlementPage from '../../app/routes/admin+/settlement';
import * as settlementCsv from '../../app/routes/admin+/settlement[.csv]';
import * as refundRoute from '../../app/routes/provider+/refund.$receipt';
import { providerActor, serviceByCode, userByEmail } from '../helpers/fixtures';
import { cookieFor, getRequest, postRequest, run } from '../helpers/requests';

const AINO = '+358401234567';
const HELMI = '+358408164723'; // meals 100 €/month
const admin = () => ({ id: userByEmail('admin@example.fi').id, ip: '203.0.113.7' });

async function charge(email: string, phone: string, code: string, quantityHundredths: number) {
  const result = await chargeBudget(providerActor(email), { phone, serviceId: serviceByCode(code).id, quantityHundredths, serviceDate: helsinkiDate() }, crypto.randomUUID());
  return result;
}

function ledgerSums(month: string) {
  const sums = new Map<number, number>();
  for (const row of getDb().select().from(ledgerEntries).where(eq(ledgerEntries.budgetMonth, month)).all()) {
    sums.set(row.providerId, (sums.get(row.providerId) ?? 0) + (row.kind === 'charge' ? row.amountCents : -row.amountCents));
  }
  return sums;
}

describe('region settlement', () => {
  test('per provider and in total, the settlement equals a plain sum over the ledger', async () => {
    const month = helsinkiMonth();
    const cleaning = await charge('provider@example.fi', AINO, 'cleaning', 150);
    const meals = await charge('ateria@example.fi', AINO, 'meals', 300);
    await charge('ateria@example.fi', HELMI, 'meals', 200);
    expect([cleaning.kind, meals.kind]).toEqual(['charged', 'charged']);
    if (meals.kind !== 'charged') return;
    expect(refundCharge(providerActor('ateria@example.fi'), meals.receiptNumber, 'Väärä määrä', crypto.randomUUID()).kind).toBe('refunded');

    const settlement = regionSettlement(month);
    const sums = ledgerSums(month);
    expect(new Map(settlement.providers.map((p) => [p.providerId, p.total.netCents]))).toEqual(sums);
    expect(settlement.total.netCents).toBe([...sums.values()].reduce((a, b) => a + b, 0));
    const ateria = settlement.providers.find((p) => p.providerId === providerActor('ateria@example.fi').providerId)!;
    expect(ateria.total).toEqual({ chargeCount: 2, chargesCents: 4750, refundsCents: 2850, netCents: 1900 });
    expect(settlement.providers.every((p) => p.lines.reduce((s, l) => s + l.netCents, 0) === p.total.netCents)).toBe(true);
  });

  test('the CSV: UTF-8 BOM, semicolons, decimal comma, CRLF, a row per provider and service', async () => {
    const month = helsinkiMonth();
    const response = await settlementCsv.loader({ request: getRequest(`/admin/settlement.csv?month=${month}`, cookieFor('admin@example.fi', 'lang=fi')), params: {}, context: {} });
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    const text = Buffer.from(await response.arrayBuffer()).toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = text.slice(1).split('\r\n');
    expect(rows[0]).toBe('Palveluntuottaja;Y-tunnus;Palvelu;Veloitusten määrä;Veloitukset (€);Hyvitykset (€);Netto (€);Laskutettu');
    expect(rows.filter((r) => r.startsWith('Kajaanin Kotiateria Oy;')).map((r) => r.split(';').slice(2).join(';'))).toEqual([
      'ateriapalvelu;2;47,50;28,50;19,00;',
      'Palveluntuottaja yhteensä;2;47,50;28,50;19,00;',
    ]);
    expect(rows.at(-2)).toMatch(/^Yhteensä;;;\d+;\d+,\d\d;28,50;\d+,\d\d;$/);
    expect(rows.at(-1)).toBe('');
  });

  test('a month marked invoiced refuses charges and refunds; the settlement stays reproducible', async () => {
    const month = helsinkiMonth();
    const ateria = providerActor('ateria@example.fi');
    const before = await charge('ateria@example.fi', AINO, 'meals', 100);
    if (before.kind !== 'charged') throw new Error(before.kind);
    // The lock the region's acceptance of the month's e-invoice sets (invoicing.test.ts goes through it); a second time changes nothing.
    const lock = () => immediate((tx) => recordMonthInvoiced(tx, admin(), ateria.providerId, month, new Date()));
    lock();
    lock();

    const after = await charge('ateria@example.fi', AINO, 'meals', 100);
    expect(after.kind).toBe('refused');
    expect(refundCharge(ateria, before.receiptNumber, 'Virhe', crypto.randomUUID())).toEqual({ kind: 'invoiced' });
    // Another provider's month is still open.
    expect((await charge('provider@example.fi', AINO, 'cleaning', 100)).kind).toBe('charged');

    const invoice = getDb().select().from(settlementInvoices).where(eq(settlementInvoices.providerId, ateria.providerId)).get()!;
    expect(invoice.netCents).toBe(settlementFor(ateria.providerId, month).total.netCents);
    expect(regionSettlement(month).providers.find((p) => p.providerId === ateria.providerId)?.invoice?.netCents).toBe(invoice.netCents);
    expect(() => getDb().update(settlementInvoices).set({ netCents: 0 }).run()).toThrow(/append-only/);
    expect(() => getDb().delete(settlementInvoices).run()).toThrow(/append-only/);
    expect(getDb().select().from(auditLog).where(eq(auditLog.action, 'settlement.invoiced')).all()).toHaveLength(1);
  });

  test('the refund page answers 409 with a message for an invoiced month', async () => {
    const row = getDb().select().from(ledgerEntries).where(eq(ledgerEntries.providerId, providerActor('ateria@example.fi').providerId)).all()
      .find((r) => r.kind === 'charge' && r.amountCents === 950)!;
    const result = await run(
      refundRoute.action,
      postRequest(`/provider/refund/${row.receiptNumber}`, { reason: 'Virhe', idempotencyKey: crypto.randomUUID() }, cookieFor('ateria@example.fi')),
      { receipt: row.receiptNumber },
    );
    expect(result.status).toBe(409);
    expect(result.data).toMatchObject({ refusal: 'invoiced' });
  });

  test('the page has no button of its own to mark a month invoiced: it links to the month\'s e-invoices; a bad month is 400', async () => {
    const month = addMonths(helsinkiMonth(), -1);
    expect('action' in settlementPage).toBe(false);
    const page = await run(settlementPage.loader, getRequest(`/admin/settlement?month=${month}`, cookieFor('admin@example.fi')));
    expect(page.status).toBe(200);
    const bad = await run(settlementPage.loader, getRequest('/admin/settlement?month=2026-13', cookieFor('admin@example.fi')));
    expect(bad.status).toBe(400);
  });

  test('the providers come a page at a time by name, the total is always the whole region\'s', async () => {
    const month = helsinkiMonth(); // the first test charged two providers
    const whole = regionSettlement(month);
    expect(whole.providers.length).toBeGreaterThanOrEqual(2);
    const first = regionSettlementPage(month, 1, 1);
    expect(first.page).toMatchObject({ page: 1, pageCount: whole.providers.length, total: whole.providers.length });
    expect(first.total).toEqual(whole.total);
    const pages = Array.from({ length: first.page.pageCount }, (_, i) => regionSettlementPage(month, i + 1, 1));
    expect(pages.flatMap((page) => page.providers)).toEqual(whole.providers);
    expect(pages.every((page) => page.providers.length === 1 && page.total.netCents === whole.total.netCents)).toBe(true);
    // A page past the end is the last page; the page's loader reads ?page= and answers 50 a page.
    expect(regionSettlementPage(month, 999, 1).page.page).toBe(first.page.pageCount);
    const loaded = await run(settlementPage.loader, getRequest(`/admin/settlement?month=${month}&page=zz`, cookieFor('admin@example.fi')));
    expect(loaded.status).toBe(200);
    expect((loaded.data as { settlement: { page: { page: number; pageSize: number } } }).settlement.page).toMatchObject({ page: 1, pageSize: 50 });
  });
});
