// Finvoice e-invoices from the ledger: a demo provider's last month builds at once, passes the
// official Finvoice 3.0 schema (xmllint) and reads back to the settlement's totals; the states go
// draft → approved → accepted (the month lock) → sent → paid as new rows; a correction after
// acceptance becomes a credit note (INV02) in the next run; a provider never sees another's.
import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { unzipSync, strFromU8 } from 'fflate';
import { beforeAll, describe, expect, test } from 'vitest';
import { seedDemoCharges } from '../../db/seed/charges';
import { getDb } from '../../db/client.server';
import { invoiceEvents, invoices, ledgerEntries, notificationOutbox, providers, settlementInvoices, settlementMonths } from '../../db/schema';
import { keepClosedMonth } from '../../app/domain/evaluation.server';
import { regionSettlementPage } from '../../app/domain/adminSettlement.server';
import { refundCharge } from '../../app/domain/charge.server';
import { changeInvoiceState, invoiceView, refundInvoicedCharge, runInvoicing, runInvoicingForMonth } from '../../app/domain/invoicing.server';
import { addMonths, helsinkiMonth } from '../../app/domain/months';
import { isFinnishReference } from '../../app/domain/referenceNumber';
import { settlementFor } from '../../app/domain/settlement.server';
import * as invoicePage from '../../app/routes/invoices+/$id';
import * as invoiceXml from '../../app/routes/invoices+/$id.xml';
import * as providerInvoices from '../../app/routes/provider+/invoices';
import * as regionInvoices from '../../app/routes/admin+/invoices';
import * as regionZip from '../../app/routes/admin+/invoices[.zip]';
import * as regionCsv from '../../app/routes/admin+/invoices[.csv]';
import * as profile from '../../app/routes/provider+/profile';
import { parseFinvoice, schemaErrors } from '../helpers/finvoice';
import { providerActor, userByEmail } from '../helpers/fixtures';
import { cookieFor, getRequest, postRequest, run } from '../helpers/requests';

const lastMonth = addMonths(helsinkiMonth(), -1);
const CLEANING = 'provider@example.fi';
const MEALS = 'ateria@example.fi';
const admin = () => ({ id: userByEmail('admin@example.fi').id, ip: '203.0.113.7', providerId: null });
const staff = (email: string) => {
  const actor = providerActor(email);
  return { id: actor.userId, ip: '203.0.113.8', providerId: actor.providerId };
};

function providerOfMeals() {
  return getDb().select().from(providers).where(eq(providers.id, providerActor(MEALS).providerId)).get()!;
}

function build(email: string, month = lastMonth) {
  const actor = staff(email);
  const result = runInvoicing(actor, actor.providerId, month);
  if (result.kind !== 'built') throw new Error(result.kind);
  return result;
}

function state(invoiceId: number) {
  return invoiceView(invoiceId, { providerId: null })!;
}

// What the demo has when it starts: charges this month and last.
beforeAll(() => {
  seedDemoCharges(getDb());
});

describe.sequential('a demo provider invoices last month', () => {
  let invoiceId = 0;

  test('the draft builds at once, passes the Finvoice 3.0 schema and reads back to the settlement', () => {
    const result = build(CLEANING);
    expect(result.created).toHaveLength(1);
    invoiceId = result.created[0];
    const view = state(invoiceId);
    expect(view.state).toBe('draft');
    expect(schemaErrors(view.xml)).toBe('');
    const parsed = parseFinvoice(view.xml);
    const settlement = settlementFor(staff(CLEANING).providerId, lastMonth);
    expect(settlement.total.netCents).toBeGreaterThan(0);
    expect(parsed.totalCents).toBe(settlement.total.netCents);
    expect(parsed.epiAmountCents).toBe(settlement.total.netCents);
    expect(parsed.rowsCents.reduce((a, b) => a + b, 0)).toBe(settlement.total.netCents);
    expect(parsed.typeCode).toBe('INV01');
    expect(parsed.rowVatCodes.every((code) => code === 'E')).toBe(true);
    expect(parsed.vatExemptionCode).toBe('VATEX-EU-132');
    expect(isFinnishReference(parsed.reference)).toBe(true);
    // Every receipt of the month is in the specification, and nothing else.
    const receipts = getDb().select().from(ledgerEntries).where(and(eq(ledgerEntries.providerId, staff(CLEANING).providerId), eq(ledgerEntries.budgetMonth, lastMonth))).all();
    for (const receipt of receipts) expect(parsed.specification.some((line) => line.startsWith(receipt.receiptNumber))).toBe(true);
    expect(parsed.specification).toHaveLength(receipts.length + 1);
  });

  test('a run with an unchanged ledger builds nothing new; the number sequence never repeats', () => {
    const again = build(CLEANING);
    expect(again).toEqual({ kind: 'built', created: [], rebuilt: [], unchanged: [invoiceId] });
    const meals = build(MEALS);
    const numbers = getDb().select().from(invoices).all().map((row) => `${row.providerId}:${row.invoiceNumber}`);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(state(meals.created[0]).referenceNumber).not.toBe(state(invoiceId).referenceNumber);
  });

  test('the current month and a provider without bank details cannot be invoiced', () => {
    const actor = staff(CLEANING);
    expect(runInvoicing(actor, actor.providerId, helsinkiMonth()).kind).toBe('monthOpen');
    const other = getDb().select().from(providers).where(eq(providers.businessId, providerOfMeals().businessId)).get()!;
    getDb().update(providers).set({ iban: null }).where(eq(providers.id, other.id)).run();
    expect(runInvoicing(actor, other.id, lastMonth)).toEqual({ kind: 'detailsMissing', missing: ['iban'] });
    getDb().update(providers).set({ iban: other.iban }).where(eq(providers.id, other.id)).run();
  });

  test('a provider never sees another provider\'s invoice: 404 as for one that does not exist', async () => {
    const other = await run(invoicePage.loader, getRequest(`/invoices/${invoiceId}`, cookieFor(MEALS)), { id: String(invoiceId) });
    expect(other.status).toBe(404);
    const otherXml = await run(invoiceXml.loader, getRequest(`/invoices/${invoiceId}/xml`, cookieFor(MEALS)), { id: String(invoiceId) });
    expect(otherXml.status).toBe(404);
    const approve = await run(invoicePage.action, postRequest(`/invoices/${invoiceId}`, { intent: 'approve', buildId: String(state(invoiceId).buildId) }, cookieFor(MEALS)), { id: String(invoiceId) });
    expect(approve.status).toBe(404);
    expect(state(invoiceId).state).toBe('draft');
    const own = await run(invoicePage.loader, getRequest(`/invoices/${invoiceId}`, cookieFor(CLEANING)), { id: String(invoiceId) });
    expect(own.status).toBe(200);
    const list = await run(providerInvoices.loader, getRequest('/provider/invoices', cookieFor(MEALS)));
    expect((list.data as { invoices: { id: number }[] }).invoices.map((i) => i.id)).not.toContain(invoiceId);
    const xml = await invoiceXml.loader({ request: getRequest(`/invoices/${invoiceId}/xml`, cookieFor(CLEANING)), params: { id: String(invoiceId) }, context: {} });
    expect(xml.headers.get('Content-Type')).toBe('application/xml; charset=utf-8');
    expect(schemaErrors(await xml.text())).toBe('');
  });

  test('only the provider approves and only the region accepts; each step is a new row with who and when', async () => {
    const buildId = String(state(invoiceId).buildId);
    const early = await run(invoicePage.action, postRequest(`/invoices/${invoiceId}`, { intent: 'accept', buildId }, cookieFor('admin@example.fi')), { id: String(invoiceId) });
    expect(early.status).toBe(409);
    const wrongRole = await run(invoicePage.action, postRequest(`/invoices/${invoiceId}`, { intent: 'accept', buildId }, cookieFor(CLEANING)), { id: String(invoiceId) });
    expect(wrongRole.status).toBe(403);
    const stale = await run(invoicePage.action, postRequest(`/invoices/${invoiceId}`, { intent: 'approve', buildId: String(Number(buildId) + 1000) }, cookieFor(CLEANING)), { id: String(invoiceId) });
    expect(stale.status).toBe(409);
    const approved = await run(invoicePage.action, postRequest(`/invoices/${invoiceId}`, { intent: 'approve', buildId }, cookieFor(CLEANING)), { id: String(invoiceId) });
    expect(approved.status).toBe(303);
    expect(approved.headers.get('Location')).toBe(`/invoices/${invoiceId}?done=approved`);
    const providerId = staff(CLEANING).providerId;
    expect(getDb().select().from(settlementInvoices).where(and(eq(settlementInvoices.providerId, providerId), eq(settlementInvoices.budgetMonth, lastMonth))).get()).toBeUndefined();
    const accepted = await run(invoicePage.action, postRequest(`/invoices/${invoiceId}`, { intent: 'accept', buildId }, cookieFor('admin@example.fi')), { id: String(invoiceId) });
    expect(accepted.status).toBe(303);
    // Accepting sets the existing month-invoiced lock with the settlement's totals.
    const lock = getDb().select().from(settlementInvoices).where(and(eq(settlementInvoices.providerId, providerId), eq(settlementInvoices.budgetMonth, lastMonth))).get();
    expect(lock?.netCents).toBe(state(invoiceId).totalCents);
    // ... and tells the provider's staff that the month is invoiced.
    const told = getDb().select().from(notificationOutbox).where(and(eq(notificationOutbox.kind, 'invoiced'), eq(notificationOutbox.userId, staff(CLEANING).id))).all();
    expect(told.length).toBeGreaterThan(0);
    const badDate = await run(invoicePage.action, postRequest(`/invoices/${invoiceId}`, { intent: 'send', buildId, date: '2999-01-01' }, cookieFor('admin@example.fi')), { id: String(invoiceId) });
    expect(badDate.status).toBe(400);
    expect((badDate.data as { errors: Record<string, string> }).errors).toEqual({ 'send-date': 'invoicing:errors.date' });
    expect(changeInvoiceState(admin(), invoiceId, 'send', { buildId: Number(buildId), date: `${lastMonth}-28` })).toBe('done');
    expect(changeInvoiceState(admin(), invoiceId, 'pay', { buildId: Number(buildId), date: `${lastMonth}-28` })).toBe('done');
    expect(changeInvoiceState(admin(), invoiceId, 'pay', { buildId: Number(buildId), date: `${lastMonth}-28` })).toBe('wrongState');
    const events = getDb().select().from(invoiceEvents).where(eq(invoiceEvents.invoiceId, invoiceId)).all();
    expect(events.map((event) => event.state)).toEqual(['draft', 'approved', 'accepted', 'sent', 'paid']);
    expect(events.every((event) => event.actorUserId > 0 && event.createdAt)).toBe(true);
    expect(() => getDb().$client.prepare('UPDATE invoice_events SET state = ? WHERE invoice_id = ?').run('draft', invoiceId)).toThrow(/append-only/);
    expect(() => getDb().$client.prepare('DELETE FROM invoices WHERE id = ?').run(invoiceId)).toThrow(/append-only/);
  });

  test('a correction after acceptance does not reopen the month: the next run makes a credit note (INV02)', () => {
    const providerId = staff(CLEANING).providerId;
    const charge = getDb().select().from(ledgerEntries).where(and(eq(ledgerEntries.providerId, providerId), eq(ledgerEntries.budgetMonth, lastMonth), eq(ledgerEntries.kind, 'charge'))).get()!;
    // Providers cannot refund into the invoiced month any more…
    expect(refundCharge(providerActor(CLEANING), charge.receiptNumber, 'Myöhästynyt', crypto.randomUUID()).kind).not.toBe('refunded');
    // …the region's correction is a ledger row of that month, which no accepted invoice covers.
    // The month's settlement is kept (a closed month): the correction forgets it in its transaction.
    expect(keepClosedMonth(lastMonth)).toBe(true);
    const keptBefore = settlementFor(providerId, lastMonth);
    const key = crypto.randomUUID();
    const correction = refundInvoicedCharge(admin(), charge.receiptNumber, 'Riita ratkaistu asiakkaan hyväksi', key);
    expect(correction.kind).toBe('refunded');
    expect(getDb().select().from(settlementMonths).where(eq(settlementMonths.month, lastMonth)).all()).toEqual([]);
    expect(settlementFor(providerId, lastMonth)).toEqual(settlementFor(providerId, lastMonth, { live: true }));
    expect(settlementFor(providerId, lastMonth).total.refundsCents).toBe(keptBefore.total.refundsCents + charge.amountCents);
    // The region's settlement names the provider whose accepted invoice no longer matches, on every page.
    const whole = regionSettlementPage(lastMonth, 1, 1_000);
    const index = whole.providers.findIndex((p) => p.providerId === providerId);
    for (const page of [1, 2]) {
      expect(regionSettlementPage(lastMonth, page, 1).mismatches).toEqual([{ providerId, providerName: whole.providers[index].providerName, page: index + 1 }]);
    }
    expect(refundInvoicedCharge(admin(), charge.receiptNumber, 'Riita ratkaistu asiakkaan hyväksi', key)).toMatchObject({ kind: 'refunded', duplicate: true });
    expect(state(invoiceId).state).toBe('paid');
    const run1 = build(CLEANING, addMonths(lastMonth, 0));
    expect(run1.created).toHaveLength(1);
    const note = state(run1.created[0]);
    expect(note.kind).toBe('credit_note');
    expect(note.originalInvoiceNumber).toBe(state(invoiceId).invoiceNumber);
    expect(schemaErrors(note.xml)).toBe('');
    const parsed = parseFinvoice(note.xml);
    expect(parsed.typeCode).toBe('INV02');
    expect(parsed.originalInvoiceNumber).toBe(state(invoiceId).invoiceNumber);
    expect(parsed.totalCents).toBe(-charge.amountCents);
    // Invoice plus credit note equal the month's settlement as it is now, to the cent.
    expect(state(invoiceId).totalCents + note.totalCents).toBe(settlementFor(providerId, lastMonth).total.netCents);
  });

  test('the region\'s page, archive and CSV reconcile to the invoices', async () => {
    const page = await run(regionInvoices.loader, getRequest(`/admin/invoices?month=${lastMonth}`, cookieFor('admin@example.fi')));
    const view = page.data as { invoices: { totalCents: number; id: number }[]; invoicedCents: number };
    expect(view.invoicedCents).toBe(view.invoices.reduce((sum, i) => sum + i.totalCents, 0));
    const zipResponse = await regionZip.loader({ request: getRequest(`/admin/invoices.zip?month=${lastMonth}`, cookieFor('admin@example.fi')), params: {}, context: {} });
    expect(zipResponse.headers.get('Content-Type')).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await zipResponse.arrayBuffer()));
    expect(Object.keys(files)).toHaveLength(view.invoices.length);
    let zipTotal = 0;
    for (const content of Object.values(files)) {
      const xml = strFromU8(content);
      expect(schemaErrors(xml)).toBe('');
      zipTotal += parseFinvoice(xml).totalCents;
    }
    expect(zipTotal).toBe(view.invoicedCents);
    const csvResponse = await regionCsv.loader({ request: getRequest(`/admin/invoices.csv?month=${lastMonth}`, cookieFor('admin@example.fi', 'lang=fi')), params: {}, context: {} });
    const text = Buffer.from(await csvResponse.arrayBuffer()).toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = text.slice(1).split('\r\n');
    expect(rows[0].split(';')).toContain('Viitenumero');
    expect(rows).toHaveLength(view.invoices.length + 3); // header, invoices, total, final CRLF
    const cents = (value: string) => Number(value.replace(',', '').replace('-', '')) * (value.startsWith('-') ? -1 : 1);
    const lineTotals = rows.slice(1, -2).map((row) => cents(row.split(';').at(-1)!));
    expect(lineTotals.reduce((a, b) => a + b, 0)).toBe(cents(rows.at(-2)!.split(';').at(-1)!));
    expect(cents(rows.at(-2)!.split(';').at(-1)!)).toBe(view.invoicedCents);
  });

  test('the region\'s run builds every provider\'s draft through the page\'s form', async () => {
    const before = getDb().select().from(invoices).all().length;
    const result = await run(regionInvoices.action, postRequest('/admin/invoices', { month: lastMonth }, cookieFor('admin@example.fi')));
    expect(result.status).toBe(303);
    expect(getDb().select().from(invoices).all().length).toBeGreaterThanOrEqual(before);
    const badMonth = await run(regionInvoices.action, postRequest('/admin/invoices', { month: helsinkiMonth() }, cookieFor('admin@example.fi')));
    expect(badMonth.status).toBe(400);
    expect(runInvoicingForMonth(admin(), helsinkiMonth())).toEqual([]);
  });
});

describe('the provider builds a draft and keeps its invoicing details', () => {
  test('building through the form lands on the draft; a bad month is a 400 with the month field', async () => {
    const bad = await run(providerInvoices.action, postRequest('/provider/invoices', { month: helsinkiMonth() }, cookieFor(MEALS)));
    expect(bad.status).toBe(400);
    expect((bad.data as { errors: Record<string, string> }).errors).toEqual({ month: 'invoicing:errors.month' });
    const built = await run(providerInvoices.action, postRequest('/provider/invoices', { month: lastMonth }, cookieFor(MEALS)));
    expect(built.status).toBe(303);
    expect(built.headers.get('Location')).toMatch(/^\/invoices\/\d+$/);
    const empty = await run(providerInvoices.action, postRequest('/provider/invoices', { month: addMonths(lastMonth, -5) }, cookieFor(MEALS)));
    expect(empty.status).toBe(409);
  });

  test('the profile refuses an IBAN with a wrong checksum and keeps what was typed; a valid one is saved', async () => {
    const bad = await run(profile.action, postRequest('/provider/profile', { intent: 'invoicing', iban: 'FI21 1234 5600 0007 86', bic: 'okoyfihh', einvoiceAddress: '', einvoiceOperator: '' }, cookieFor(MEALS)));
    expect(bad.status).toBe(400);
    const data = bad.data as { errors: Record<string, string>; values: Record<string, string> };
    expect(data.errors).toEqual({ iban: 'invoicing:errors.iban' });
    expect(data.values.iban).toBe('FI21 1234 5600 0007 86');
    const noAddress = await run(profile.action, postRequest('/provider/profile', { intent: 'invoicing', iban: 'FI2112345600000785', bic: 'OKOYFIHH', einvoiceAddress: '', einvoiceOperator: 'E204503' }, cookieFor(MEALS)));
    expect((noAddress.data as { errors: Record<string, string> }).errors).toEqual({ einvoiceAddress: 'invoicing:errors.operatorWithoutAddress' });
    const good = await run(profile.action, postRequest('/provider/profile', { intent: 'invoicing', iban: 'fi21 1234 5600 0007 85', bic: 'okoy fihh', einvoiceAddress: '003712345671', einvoiceOperator: 'E204503' }, cookieFor(MEALS)));
    expect(good.status).toBe(303);
    const loaded = await run(profile.loader, getRequest('/provider/profile', cookieFor(MEALS)));
    expect((loaded.data as { provider: { iban: string; bic: string } }).provider).toMatchObject({ iban: 'FI2112345600000785', bic: 'OKOYFIHH' });
  });

  test('the printable invoice shows the account it was issued with, not the one the profile has now', async () => {
    // Last month's draft was built earlier in this file with the account the demo seeds.
    const invoice = getDb().select().from(invoices).where(and(eq(invoices.providerId, providerOfMeals().id), eq(invoices.budgetMonth, lastMonth), eq(invoices.kind, 'invoice'))).get()!;
    const issuedWith = /<SellerAccountID IdentificationSchemeName="IBAN">(\w+)<\/SellerAccountID>/.exec(state(invoice.id).xml)![1];
    const changed = await run(profile.action, postRequest('/provider/profile', { intent: 'invoicing', iban: 'FI42 5000 1510 0000 23', bic: 'OKOYFIHH', einvoiceAddress: '', einvoiceOperator: '' }, cookieFor(MEALS)));
    expect(changed.status).toBe(303);
    expect(providerOfMeals().iban).toBe('FI4250001510000023');
    expect(issuedWith).not.toBe('FI4250001510000023');
    expect(state(invoice.id).seller.iban).toBe(issuedWith);
    const page = await run(invoicePage.loader, getRequest(`/invoices/${invoice.id}`, cookieFor(MEALS)), { id: String(invoice.id) });
    expect((page.data as { view: { seller: { iban: string } } }).view.seller.iban).toBe(issuedWith);
  });
});

describe.sequential('the region gives back a receipt of an accepted month through the invoice page', () => {
  test('a correction needs an accepted invoice, a receipt on it and a reason; it then goes to a credit note', async () => {
    const month = addMonths(lastMonth, 0);
    const actor = staff(MEALS);
    const run1 = runInvoicing(actor, actor.providerId, month);
    if (run1.kind !== 'built') throw new Error(run1.kind);
    const invoiceId = [...run1.created, ...run1.rebuilt, ...run1.unchanged].find((id) => state(id).kind === 'invoice')!;
    const cookie = cookieFor('admin@example.fi');
    const key = crypto.randomUUID();
    const post = (fields: Record<string, string>, who = cookie) => run(invoicePage.action, postRequest(`/invoices/${invoiceId}`, { intent: 'correct', idempotencyKey: key, ...fields }, who), { id: String(invoiceId) });
    const receipt = state(invoiceId).receipts.find((row) => row.kind === 'charge')!.receiptNumber;
    expect((await post({ receipt, reason: 'Riita ratkaistu' }, cookieFor(MEALS))).status).toBe(403);
    const notYet = await post({ receipt, reason: 'Riita ratkaistu' });
    expect(notYet.status).toBe(409);
    expect((notYet.data as { errors: Record<string, string> }).errors).toEqual({ receipt: 'invoicing:errors.correction.notInvoiced' });
    const { buildId } = state(invoiceId);
    if (state(invoiceId).state === 'draft') expect(changeInvoiceState(actor, invoiceId, 'approve', { buildId })).toBe('done');
    expect(changeInvoiceState(admin(), invoiceId, 'accept', { buildId })).toBe('done');
    const noReason = await post({ receipt, reason: ' ' });
    expect(noReason.status).toBe(400);
    expect((noReason.data as { errors: Record<string, string> }).errors).toEqual({ reason: 'invoicing:errors.reason' });
    const stranger = await post({ receipt: '2611-ZZZZZZ', reason: 'Riita ratkaistu' });
    expect((stranger.data as { errors: Record<string, string> }).errors).toEqual({ receipt: 'invoicing:errors.receiptNotOnInvoice' });
    const done = await post({ receipt: receipt.toLowerCase(), reason: 'Riita ratkaistu' });
    expect(done.status).toBe(303);
    expect(done.headers.get('Location')).toBe(`/invoices/${invoiceId}?done=corrected`);
    expect((await post({ receipt, reason: 'Riita ratkaistu' })).status).toBe(303); // the same form again: one refund
    const refunds = getDb().select().from(ledgerEntries).where(and(eq(ledgerEntries.providerId, actor.providerId), eq(ledgerEntries.budgetMonth, month), eq(ledgerEntries.kind, 'refund'))).all();
    expect(refunds.filter((row) => row.reason === 'Riita ratkaistu')).toHaveLength(1);
    const run2 = runInvoicing(actor, actor.providerId, month);
    if (run2.kind !== 'built') throw new Error(run2.kind);
    const note = state(run2.created[0]);
    expect(note.kind).toBe('credit_note');
    expect(note.totalCents).toBe(-refunds.find((row) => row.reason === 'Riita ratkaistu')!.amountCents);
  });
});
