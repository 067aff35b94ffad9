// Providers' e-invoices to the region, straight from the ledger. A run builds, for a provider and
// a closed month, a draft Finvoice invoice of that month's ledger rows, and a credit note for each
// earlier accepted month that has rows no invoice covers yet. States, as eVaka's payments:
// draft → approved (provider) → accepted (region; the month-invoiced lock) → sent → paid. Every
// build, state change and covered receipt is a new row; nothing is edited in place.
import { and, asc, desc, eq, inArray, max } from 'drizzle-orm';
import { getDb } from '../../db/client.server';
import {
  invoiceBuilds,
  invoiceEntries,
  invoiceEvents,
  invoices,
  ledgerEntries,
  providers,
  services,
  users,
  type InvoiceState,
  type InvoicingSnapshot,
  type Language,
  type ServiceUnit,
} from '../../db/schema';
import { getT } from '../i18n/i18n';
import { localName } from '../i18n/localName';
import { currentTime } from './clock';
import type { FieldErrors } from '../utils/forms.server';
import { audit } from './audit.server';
import { newReceiptNumber } from './receiptNumber';
import { immediate, type Tx } from './transaction.server';
import { finvoiceXml, type FinvoiceInvoice, type FinvoiceParty, type FinvoiceRow, type FinvoiceSeller } from './finvoice';
import { addMonths, firstDayOf, helsinkiDate, helsinkiMonth, isIsoDate, lastDayOf } from './months';
import { invoiceReference } from './referenceNumber';
import { settlementFor } from './settlement.server';
import { centsToDecimalComma, csvDocument, csvField } from './csv';
import { recordMonthInvoiced } from './adminSettlement.server';
import { afterQueued } from './notifications.server';
import { forgetClosedMonth } from './evaluation.server';

export type Actor = { id: number; ip?: string };

// ---------------------------------------------------------------------------------------------
// Configuration: the region as the buyer
// ---------------------------------------------------------------------------------------------

export type RegionInvoicing = FinvoiceParty & { paymentTermsDays: number; language: Language };

/** The region's invoicing details from the environment, with the Kainuu demo region as default. */
export function regionInvoicing(env: NodeJS.ProcessEnv = process.env): RegionInvoicing {
  const days = Number(env.INVOICE_PAYMENT_TERMS_DAYS ?? '14');
  return {
    name: env.REGION_NAME ?? 'Kainuun hyvinvointialue',
    businessId: env.REGION_BUSINESS_ID ?? '3221343-0',
    streetAddress: env.REGION_STREET_ADDRESS ?? 'Sotkamontie 13',
    postCode: env.REGION_POSTAL_CODE ?? '87300',
    town: env.REGION_TOWN ?? 'Kajaani',
    countryCode: 'FI',
    einvoiceAddress: env.REGION_EINVOICE_ADDRESS ?? '003732213430',
    operator: env.REGION_EINVOICE_OPERATOR ?? 'E204503',
    paymentTermsDays: Number.isInteger(days) && days >= 0 && days <= 365 ? days : 14,
    language: env.INVOICE_LANGUAGE === 'sv' ? 'sv' : 'fi',
  };
}

/** Social-welfare services are exempt from VAT (VAT Act 1501/1993 § 37; VAT Directive art. 132). */
export const VAT_EXEMPTION_CODE = 'VATEX-EU-132';

// Finvoice units: the UN/ECE Recommendation 20 code for each of our service units.
const UNIT_CODES_UN: Record<string, string> = { hour: 'HUR', visit: 'C62', meal: 'C62', day: 'DAY', trip: 'C62', kilo: 'KGM' };

// ---------------------------------------------------------------------------------------------
// The ledger rows of a month: the one query of this module that reads the ledger directly
// ---------------------------------------------------------------------------------------------

export type InvoiceLedgerRow = {
  id: number;
  kind: 'charge' | 'refund';
  receiptNumber: string;
  serviceId: number;
  serviceCode: string;
  serviceNameFi: string;
  serviceNameSv: string;
  unit: ServiceUnit;
  quantityHundredths: number;
  unitPriceCents: number;
  amountCents: number;
  serviceDate: string;
};

/** Every charge and refund of a provider's budget month, oldest first. */
export function ledgerRowsOfMonth(db: Tx, providerId: number, month: string): InvoiceLedgerRow[] {
  return db
    .select({
      id: ledgerEntries.id,
      kind: ledgerEntries.kind,
      receiptNumber: ledgerEntries.receiptNumber,
      serviceId: ledgerEntries.serviceId,
      serviceCode: services.code,
      serviceNameFi: services.nameFi,
      serviceNameSv: services.nameSv,
      unit: services.unit,
      quantityHundredths: ledgerEntries.quantityHundredths,
      unitPriceCents: ledgerEntries.unitPriceCents,
      amountCents: ledgerEntries.amountCents,
      serviceDate: ledgerEntries.serviceDate,
    })
    .from(ledgerEntries)
    .innerJoin(services, eq(services.id, ledgerEntries.serviceId))
    .where(and(eq(ledgerEntries.providerId, providerId), eq(ledgerEntries.budgetMonth, month)))
    .orderBy(asc(ledgerEntries.serviceDate), asc(ledgerEntries.id))
    .all();
}

const signed = (row: Pick<InvoiceLedgerRow, 'kind' | 'amountCents'>) => (row.kind === 'charge' ? row.amountCents : -row.amountCents);

// ---------------------------------------------------------------------------------------------
// Building an invoice's content
// ---------------------------------------------------------------------------------------------

export type InvoicingDetails = InvoicingSnapshot;

/** "Kauppakatu 22, 87100 Kajaani" → street, postal code and town; null when it is not that shape. */
export function splitAddress(address: string): { street: string; postCode: string; town: string } | null {
  const match = /^(.{2,}?),\s*(\d{5})\s+(\S.*)$/.exec(address.trim());
  if (!match) return null;
  return { street: match[1].trim(), postCode: match[2], town: match[3].trim() };
}

export type MissingDetail = 'iban' | 'bic' | 'address';

/** What the provider still has to give on its profile before it can be invoiced for. */
export function missingDetails(provider: InvoicingDetails): MissingDetail[] {
  const missing: MissingDetail[] = [];
  if (!provider.iban) missing.push('iban');
  if (!provider.bic) missing.push('bic');
  if (!splitAddress(provider.streetAddress)) missing.push('address');
  return missing;
}

function snapshotOf(provider: InvoicingDetails): InvoicingSnapshot {
  return {
    name: provider.name,
    businessId: provider.businessId,
    streetAddress: provider.streetAddress,
    contactName: provider.contactName,
    email: provider.email,
    phone: provider.phone,
    iban: provider.iban,
    bic: provider.bic,
    einvoiceAddress: provider.einvoiceAddress,
    einvoiceOperator: provider.einvoiceOperator,
  };
}

function sellerOf(provider: InvoicingDetails): FinvoiceSeller {
  const address = splitAddress(provider.streetAddress);
  if (!address || !provider.iban || !provider.bic) throw new Error('invoicing details missing');
  return {
    name: provider.name,
    businessId: provider.businessId,
    streetAddress: address.street,
    postCode: address.postCode,
    town: address.town,
    countryCode: 'FI',
    einvoiceAddress: provider.einvoiceAddress,
    operator: provider.einvoiceOperator,
    contactName: provider.contactName,
    email: provider.email,
    phone: provider.phone,
    iban: provider.iban,
    bic: provider.bic,
  };
}

/** One row per service and unit price: quantity and amount net of refunds. */
export function invoiceRows(rows: InvoiceLedgerRow[], month: string, lang: Language): FinvoiceRow[] {
  const t = getT(lang);
  const grouped = new Map<string, FinvoiceRow & { serviceId: number }>();
  for (const row of rows) {
    const key = `${row.serviceId}:${row.unitPriceCents}`;
    const line = grouped.get(key) ?? {
      serviceId: row.serviceId,
      articleId: row.serviceCode,
      articleName: localName(row, lang, 'serviceName'),
      quantityHundredths: 0,
      unitText: t(`common:units.${row.unit}`),
      unitCodeUN: UNIT_CODES_UN[row.unit] ?? 'C62',
      unitPriceCents: row.unitPriceCents,
      amountCents: 0,
      startDate: firstDayOf(month),
      endDate: lastDayOf(month),
    };
    const sign = row.kind === 'charge' ? 1 : -1;
    line.quantityHundredths += sign * row.quantityHundredths;
    line.amountCents += sign * row.amountCents;
    grouped.set(key, line);
  }
  return [...grouped.values()].sort((a, b) => a.articleName.localeCompare(b.articleName, lang) || a.unitPriceCents - b.unitPriceCents).map(({ serviceId: _serviceId, ...line }) => line);
}

/** The receipts an invoice covers, as the lines of its specification. */
export function receiptLines(rows: InvoiceLedgerRow[], lang: Language): string[] {
  const t = getT(lang);
  return rows.map((row) =>
    t('invoicing:xml.receiptLine', {
      receipt: row.receiptNumber,
      date: row.serviceDate,
      kind: t(`invoicing:xml.${row.kind}`),
      service: lang === 'sv' ? row.serviceNameSv : row.serviceNameFi,
      amount: `${row.kind === 'refund' ? '-' : ''}${Math.floor(row.amountCents / 100)},${String(row.amountCents % 100).padStart(2, '0')}`,
    }),
  );
}

function addDays(date: string, days: number): string {
  const instant = new Date(`${date}T12:00:00Z`);
  instant.setUTCDate(instant.getUTCDate() + days);
  return instant.toISOString().slice(0, 10);
}

type InvoiceRecord = typeof invoices.$inferSelect;

function buildDocument(
  invoice: InvoiceRecord,
  original: { invoiceNumber: string; invoiceDate: string } | null,
  provider: InvoicingDetails,
  rows: InvoiceLedgerRow[],
  invoiceDate: string,
  region: RegionInvoicing,
  buildKey: string,
  now: Date,
): { document: FinvoiceInvoice; xml: string } {
  const t = getT(region.language);
  const credit = invoice.kind === 'credit_note';
  const document: FinvoiceInvoice = {
    kind: invoice.kind,
    invoiceNumber: invoice.invoiceNumber,
    invoiceDate,
    dueDate: addDays(invoiceDate, region.paymentTermsDays),
    periodStart: firstDayOf(invoice.budgetMonth),
    periodEnd: lastDayOf(invoice.budgetMonth),
    referenceNumber: invoice.referenceNumber,
    original,
    seller: sellerOf(provider),
    buyer: region,
    rows: invoiceRows(rows, invoice.budgetMonth, region.language),
    totalCents: rows.reduce((sum, row) => sum + signed(row), 0),
    texts: {
      typeText: t(credit ? 'invoicing:xml.creditNoteType' : 'invoicing:xml.invoiceType'),
      vatNote: t('invoicing:xml.vatNote'),
      paymentTerms: t('invoicing:xml.paymentTerms', { days: region.paymentTermsDays }),
      specificationTitle: t('invoicing:xml.specificationTitle'),
      freeText: original ? t('invoicing:xml.creditNoteText', { number: original.invoiceNumber, month: invoice.budgetMonth }) : null,
    },
    vatExemptionCode: VAT_EXEMPTION_CODE,
    receipts: receiptLines(rows, region.language),
    messageId: `${provider.businessId}-${invoice.invoiceNumber}-${buildKey}`,
    messageTimestamp: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
  return { document, xml: finvoiceXml(document) };
}

// ---------------------------------------------------------------------------------------------
// Reading invoices
// ---------------------------------------------------------------------------------------------

export type InvoiceSummary = {
  id: number;
  providerId: number;
  providerName: string;
  businessId: string;
  budgetMonth: string;
  kind: 'invoice' | 'credit_note';
  invoiceNumber: string;
  referenceNumber: string;
  originalInvoiceNumber: string | null;
  state: InvoiceState;
  stateAt: string;
  stateByName: string;
  stateDate: string | null;
  buildId: number;
  invoiceDate: string;
  dueDate: string;
  chargesCents: number;
  refundsCents: number;
  totalCents: number;
  approvedBuildId: number | null; // the build the provider approved, if still the newest
};

function latestBuild(db: Tx, invoiceId: number) {
  return db.select().from(invoiceBuilds).where(eq(invoiceBuilds.invoiceId, invoiceId)).orderBy(desc(invoiceBuilds.id)).limit(1).get();
}

function latestEvent(db: Tx, invoiceId: number) {
  return db.select().from(invoiceEvents).where(eq(invoiceEvents.invoiceId, invoiceId)).orderBy(desc(invoiceEvents.id)).limit(1).get();
}

function summaries(db: Tx, found: InvoiceRecord[]): InvoiceSummary[] {
  return found.map((invoice) => {
    const build = latestBuild(db, invoice.id)!;
    const event = latestEvent(db, invoice.id)!;
    const provider = db.select({ name: providers.name, businessId: providers.businessId }).from(providers).where(eq(providers.id, invoice.providerId)).get()!;
    const actor = db.select({ firstName: users.firstName, lastName: users.lastName }).from(users).where(eq(users.id, event.actorUserId)).get()!;
    const original = invoice.originalInvoiceId
      ? db.select({ invoiceNumber: invoices.invoiceNumber }).from(invoices).where(eq(invoices.id, invoice.originalInvoiceId)).get()
      : undefined;
    return {
      id: invoice.id,
      providerId: invoice.providerId,
      providerName: provider.name,
      businessId: provider.businessId,
      budgetMonth: invoice.budgetMonth,
      kind: invoice.kind,
      invoiceNumber: invoice.invoiceNumber,
      referenceNumber: invoice.referenceNumber,
      originalInvoiceNumber: original?.invoiceNumber ?? null,
      state: event.state,
      stateAt: event.createdAt,
      stateByName: `${actor.firstName} ${actor.lastName}`,
      stateDate: event.eventDate,
      buildId: build.id,
      invoiceDate: build.invoiceDate,
      dueDate: build.dueDate,
      chargesCents: build.chargesCents,
      refundsCents: build.refundsCents,
      totalCents: build.totalCents,
      approvedBuildId: event.state !== 'draft' ? event.buildId : null,
    };
  });
}

/** A provider's own invoices and credit notes, newest month first. */
export function invoicesOfProvider(providerId: number): InvoiceSummary[] {
  const db = getDb();
  const found = db.select().from(invoices).where(eq(invoices.providerId, providerId)).orderBy(desc(invoices.budgetMonth), asc(invoices.sequenceNumber)).all();
  return summaries(db, found);
}

/** Every provider's invoices and credit notes of a budget month, by provider name. */
export function invoicesOfMonth(month: string): InvoiceSummary[] {
  const db = getDb();
  const found = db.select().from(invoices).where(eq(invoices.budgetMonth, month)).orderBy(asc(invoices.providerId), asc(invoices.sequenceNumber)).all();
  return summaries(db, found).sort((a, b) => a.providerName.localeCompare(b.providerName, 'fi') || a.invoiceNumber.localeCompare(b.invoiceNumber, 'fi', { numeric: true }));
}

export type InvoiceView = InvoiceSummary & {
  xml: string;
  rows: FinvoiceRow[];
  receipts: InvoiceLedgerRow[];
  seller: InvoicingDetails;
  buyer: RegionInvoicing;
  originalInvoiceDate: string | null;
  history: { state: InvoiceState; at: string; byName: string; eventDate: string | null }[];
};

/**
 * One invoice with its newest build, rows, receipts and history. A provider sees only its own:
 * `providerId` null is the region's view of every provider's invoice.
 */
export function invoiceView(invoiceId: number, viewer: { providerId: number | null }, lang: Language = 'fi'): InvoiceView | undefined {
  const db = getDb();
  const invoice = db.select().from(invoices).where(eq(invoices.id, invoiceId)).get();
  if (!invoice) return undefined;
  if (viewer.providerId !== null && invoice.providerId !== viewer.providerId) return undefined;
  const [summary] = summaries(db, [invoice]);
  const build = latestBuild(db, invoice.id)!;
  const ids = new Set(build.ledgerEntryIds);
  const receipts = ledgerRowsOfMonth(db, invoice.providerId, invoice.budgetMonth).filter((row) => ids.has(row.id));
  // The details the invoice was issued with; only builds from before they were kept read the profile.
  const seller = build.seller ?? snapshotOf(db.select().from(providers).where(eq(providers.id, invoice.providerId)).get()!);
  const history = db
    .select({ state: invoiceEvents.state, at: invoiceEvents.createdAt, firstName: users.firstName, lastName: users.lastName, eventDate: invoiceEvents.eventDate })
    .from(invoiceEvents)
    .innerJoin(users, eq(users.id, invoiceEvents.actorUserId))
    .where(eq(invoiceEvents.invoiceId, invoice.id))
    .orderBy(asc(invoiceEvents.id))
    .all()
    .map(({ firstName, lastName, ...event }) => ({ ...event, byName: `${firstName} ${lastName}` }));
  const originalBuild = invoice.originalInvoiceId ? acceptedBuild(db, invoice.originalInvoiceId) : undefined;
  return {
    ...summary,
    xml: build.xml,
    rows: invoiceRows(receipts, invoice.budgetMonth, lang),
    receipts,
    seller,
    buyer: regionInvoicing(),
    originalInvoiceDate: originalBuild?.invoiceDate ?? null,
    history,
  };
}

/** The build an invoice was accepted with (the one the provider approved). */
function acceptedBuild(db: Tx, invoiceId: number) {
  const accepted = db
    .select({ buildId: invoiceEvents.buildId })
    .from(invoiceEvents)
    .where(and(eq(invoiceEvents.invoiceId, invoiceId), eq(invoiceEvents.state, 'accepted')))
    .get();
  if (!accepted) return undefined;
  return db.select().from(invoiceBuilds).where(eq(invoiceBuilds.id, accepted.buildId)).get();
}

// ---------------------------------------------------------------------------------------------
// A run: drafts for a closed month and credit notes for corrections to accepted months
// ---------------------------------------------------------------------------------------------

export type RunResult =
  | { kind: 'built'; created: number[]; rebuilt: number[]; unchanged: number[] }
  | { kind: 'monthOpen' } // the month has not ended
  | { kind: 'unknownProvider' }
  | { kind: 'detailsMissing'; missing: MissingDetail[] }
  | { kind: 'nothingToInvoice' };

const FINAL_STATES: InvoiceState[] = ['accepted', 'sent', 'paid'];

function nextSequence(db: Tx, providerId: number): number {
  const row = db.select({ last: max(invoices.sequenceNumber) }).from(invoices).where(eq(invoices.providerId, providerId)).get();
  return (row?.last ?? 0) + 1;
}

function coveredIds(db: Tx, ledgerIds: number[]): Set<number> {
  if (ledgerIds.length === 0) return new Set();
  return new Set(db.select({ id: invoiceEntries.ledgerEntryId }).from(invoiceEntries).where(inArray(invoiceEntries.ledgerEntryId, ledgerIds)).all().map((row) => row.id));
}

const sameIds = (a: number[], b: number[]) => a.length === b.length && a.every((id, i) => id === b[i]);

/** Adds a build (and a draft event) when the rows differ from the newest build; returns whether it did. */
function buildInvoice(db: Tx, actor: Actor, invoice: InvoiceRecord, provider: InvoicingDetails, rows: InvoiceLedgerRow[], now: Date): boolean {
  const previous = latestBuild(db, invoice.id);
  const ids = rows.map((row) => row.id);
  if (previous && sameIds(previous.ledgerEntryIds, ids)) return false;
  const original = invoice.originalInvoiceId ? db.select().from(invoices).where(eq(invoices.id, invoice.originalInvoiceId)).get() : undefined;
  const originalBuild = original ? acceptedBuild(db, original.id) : undefined;
  const region = regionInvoicing();
  const invoiceDate = helsinkiDate(now);
  const buildKey = String((previous?.id ?? 0) + 1);
  const { document, xml } = buildDocument(
    invoice,
    original && originalBuild ? { invoiceNumber: original.invoiceNumber, invoiceDate: originalBuild.invoiceDate } : null,
    provider,
    rows,
    invoiceDate,
    region,
    buildKey,
    now,
  );
  // An invoice equals the settlement page to the cent, or nothing is built.
  if (invoice.kind === 'invoice' && settlementFor(invoice.providerId, invoice.budgetMonth).total.netCents !== document.totalCents) {
    throw new Error(`invoice total ${document.totalCents} differs from the settlement`);
  }
  const chargesCents = rows.filter((row) => row.kind === 'charge').reduce((sum, row) => sum + row.amountCents, 0);
  const refundsCents = rows.filter((row) => row.kind === 'refund').reduce((sum, row) => sum + row.amountCents, 0);
  const build = db
    .insert(invoiceBuilds)
    .values({ invoiceId: invoice.id, invoiceDate, dueDate: document.dueDate, chargesCents, refundsCents, totalCents: document.totalCents, ledgerEntryIds: ids, xml, seller: snapshotOf(provider), builtBy: actor.id, builtAt: now.toISOString() })
    .returning({ id: invoiceBuilds.id })
    .get();
  db.insert(invoiceEvents).values({ invoiceId: invoice.id, state: 'draft', buildId: build.id, actorUserId: actor.id, createdAt: now.toISOString() }).run();
  audit({ actorUserId: actor.id, action: 'invoice.built', subjectType: 'invoice', subjectId: invoice.id, details: { buildId: build.id, totalCents: document.totalCents }, ip: actor.ip });
  return true;
}

function newInvoice(db: Tx, actor: Actor, providerId: number, month: string, kind: 'invoice' | 'credit_note', originalInvoiceId: number | null, now: Date): InvoiceRecord {
  const sequenceNumber = nextSequence(db, providerId);
  return db
    .insert(invoices)
    .values({
      providerId,
      budgetMonth: month,
      kind,
      sequenceNumber,
      invoiceNumber: String(sequenceNumber),
      referenceNumber: invoiceReference(providerId, sequenceNumber),
      originalInvoiceId,
      createdBy: actor.id,
      createdAt: now.toISOString(),
    })
    .returning()
    .get();
}

function stateOf(db: Tx, invoiceId: number): InvoiceState {
  return latestEvent(db, invoiceId)!.state;
}

/** Credit notes for accepted months of the provider that have ledger rows no invoice covers. */
function creditNotes(db: Tx, actor: Actor, provider: InvoicingDetails & { id: number }, upTo: string, now: Date, result: { created: number[]; rebuilt: number[]; unchanged: number[] }) {
  const originals = db
    .select()
    .from(invoices)
    .where(and(eq(invoices.providerId, provider.id), eq(invoices.kind, 'invoice')))
    .orderBy(asc(invoices.budgetMonth))
    .all()
    .filter((invoice) => invoice.budgetMonth <= upTo && FINAL_STATES.includes(stateOf(db, invoice.id)));
  for (const original of originals) {
    const rows = ledgerRowsOfMonth(db, provider.id, original.budgetMonth);
    const covered = coveredIds(db, rows.map((row) => row.id));
    const uncovered = rows.filter((row) => !covered.has(row.id));
    const open = db
      .select()
      .from(invoices)
      .where(and(eq(invoices.providerId, provider.id), eq(invoices.budgetMonth, original.budgetMonth), eq(invoices.kind, 'credit_note')))
      .all()
      .find((note) => !FINAL_STATES.includes(stateOf(db, note.id)));
    if (uncovered.length === 0) continue;
    if (open) {
      (buildInvoice(db, actor, open, provider, uncovered, now) ? result.rebuilt : result.unchanged).push(open.id);
      continue;
    }
    const note = newInvoice(db, actor, provider.id, original.budgetMonth, 'credit_note', original.id, now);
    buildInvoice(db, actor, note, provider, uncovered, now);
    result.created.push(note.id);
  }
}

/**
 * Builds (or rebuilds while not yet accepted) the provider's invoice of a closed month, and credit
 * notes for later corrections to months already accepted. One BEGIN IMMEDIATE transaction: the
 * ledger rows cannot change between reading and recording them.
 */
export function runInvoicing(actor: Actor, providerId: number, month: string, now = currentTime()): RunResult {
  if (month >= helsinkiMonth(now)) return { kind: 'monthOpen' };
  return immediate((db): RunResult => {
    const provider = db.select().from(providers).where(eq(providers.id, providerId)).get();
    if (!provider) return { kind: 'unknownProvider' };
    const missing = missingDetails(provider);
    if (missing.length > 0) return { kind: 'detailsMissing', missing };
    const result = { created: [] as number[], rebuilt: [] as number[], unchanged: [] as number[] };
    creditNotes(db, actor, provider, month, now, result);
    const existing = db.select().from(invoices).where(and(eq(invoices.providerId, providerId), eq(invoices.budgetMonth, month), eq(invoices.kind, 'invoice'))).get();
    if (existing) {
      if (!FINAL_STATES.includes(stateOf(db, existing.id))) {
        const rows = ledgerRowsOfMonth(db, providerId, month);
        (buildInvoice(db, actor, existing, provider, rows, now) ? result.rebuilt : result.unchanged).push(existing.id);
      } else if (!result.created.length && !result.rebuilt.length) {
        result.unchanged.push(existing.id);
      }
      return { kind: 'built', ...result };
    }
    const rows = ledgerRowsOfMonth(db, providerId, month);
    if (rows.length === 0) return result.created.length || result.rebuilt.length ? { kind: 'built', ...result } : { kind: 'nothingToInvoice' };
    const invoice = newInvoice(db, actor, providerId, month, 'invoice', null, now);
    buildInvoice(db, actor, invoice, provider, rows, now);
    result.created.push(invoice.id);
    return { kind: 'built', ...result };
  });
}

/** Why a run built nothing, as form errors (locale keys) and an HTTP status. */
export function runErrors(result: Exclude<RunResult, { kind: 'built' }>): { errors: FieldErrors; status: number } {
  if (result.kind === 'detailsMissing') return { errors: { form: 'invoicing:errors.detailsMissing' }, status: 409 };
  if (result.kind === 'monthOpen') return { errors: { month: 'invoicing:errors.month' }, status: 400 };
  if (result.kind === 'nothingToInvoice') return { errors: { month: 'invoicing:errors.nothingToInvoice' }, status: 409 };
  return { errors: { form: 'common:errors.invalid' }, status: 400 };
}

/** Runs invoicing for every provider with ledger rows in the month (the region's monthly run). */
export function runInvoicingForMonth(actor: Actor, month: string, now = currentTime()): { providerId: number; result: RunResult }[] {
  if (month >= helsinkiMonth(now)) return [];
  const db = getDb();
  const withRows = db.selectDistinct({ id: ledgerEntries.providerId }).from(ledgerEntries).where(eq(ledgerEntries.budgetMonth, month)).all();
  const withInvoices = db.selectDistinct({ id: invoices.providerId }).from(invoices).all();
  const ids = [...new Set([...withRows, ...withInvoices].map((row) => row.id))].sort((a, b) => a - b);
  return ids.map((providerId) => ({ providerId, result: runInvoicing(actor, providerId, month, now) }));
}

// ---------------------------------------------------------------------------------------------
// State changes
// ---------------------------------------------------------------------------------------------

export type StateResult = 'done' | 'notFound' | 'wrongState' | 'changed' | 'badDate';

const NEXT: Record<'approve' | 'accept' | 'send' | 'pay', { from: InvoiceState[]; to: InvoiceState }> = {
  approve: { from: ['draft'], to: 'approved' },
  accept: { from: ['approved'], to: 'accepted' },
  send: { from: ['accepted'], to: 'sent' },
  pay: { from: ['accepted', 'sent'], to: 'paid' },
};

/**
 * Moves an invoice one step on. The provider approves its own draft (`providerId` given); the
 * region accepts, marks sent and marks paid. `buildId` is the build the user saw: if the invoice
 * was rebuilt since, nothing happens ('changed'), so no one approves figures they did not see.
 */
export function changeInvoiceState(
  actor: Actor & { providerId: number | null },
  invoiceId: number,
  step: keyof typeof NEXT,
  options: { buildId: number; date?: string },
  now = currentTime(),
): StateResult {
  if ((step === 'send' || step === 'pay') && (!isIsoDate(options.date) || options.date > helsinkiDate(now))) return 'badDate';
  const result = immediate((db): StateResult => {
    const invoice = db.select().from(invoices).where(eq(invoices.id, invoiceId)).get();
    if (!invoice || (actor.providerId !== null && invoice.providerId !== actor.providerId)) return 'notFound';
    const event = latestEvent(db, invoiceId)!;
    if (!NEXT[step].from.includes(event.state)) return 'wrongState';
    const build = latestBuild(db, invoiceId)!;
    if (build.id !== options.buildId) return 'changed';
    if (step === 'accept') {
      // The ledger must still be what the provider approved: else the run builds it anew.
      const rows = ledgerRowsOfMonth(db, invoice.providerId, invoice.budgetMonth);
      const covered = coveredIds(db, rows.map((row) => row.id));
      const open = rows.filter((row) => !covered.has(row.id)).map((row) => row.id);
      if (!sameIds(open, build.ledgerEntryIds)) return 'changed';
      if (build.ledgerEntryIds.length) db.insert(invoiceEntries).values(build.ledgerEntryIds.map((ledgerEntryId) => ({ ledgerEntryId, invoiceId }))).run();
      // The month-invoiced lock: the settlement's totals recorded, the provider told.
      if (invoice.kind === 'invoice') recordMonthInvoiced(db, actor, invoice.providerId, invoice.budgetMonth, now);
    }
    db.insert(invoiceEvents)
      .values({ invoiceId, state: NEXT[step].to, buildId: build.id, eventDate: options.date ?? null, actorUserId: actor.id, createdAt: now.toISOString() })
      .run();
    audit({ actorUserId: actor.id, action: `invoice.${NEXT[step].to}`, subjectType: 'invoice', subjectId: invoiceId, details: { buildId: build.id, date: options.date ?? null }, ip: actor.ip });
    return 'done';
  });
  if (result === 'done' && step === 'accept') afterQueued();
  return result;
}

// ---------------------------------------------------------------------------------------------
// For the region's ledger system
// ---------------------------------------------------------------------------------------------

/** The month's invoices and credit notes as XML files for one archive: name → content. */
export function monthXmlFiles(month: string): { name: string; xml: string }[] {
  const db = getDb();
  return invoicesOfMonth(month).map((invoice) => {
    const build = latestBuild(db, invoice.id)!;
    const safeId = invoice.businessId.replace(/[^0-9A-Za-z-]/g, '');
    return { name: `${month}/${safeId}-${invoice.kind === 'invoice' ? 'lasku' : 'hyvityslasku'}-${invoice.invoiceNumber}.xml`, xml: build.xml };
  });
}

/** The month before this one: the one a run normally invoices. */
export function previousMonth(now = currentTime()): string {
  return addMonths(helsinkiMonth(now), -1);
}

// ---------------------------------------------------------------------------------------------
// A correction to a month already accepted
// ---------------------------------------------------------------------------------------------

export type CorrectionResult = { kind: 'refunded'; receiptNumber: string; duplicate: boolean } | { kind: 'notFound' } | { kind: 'alreadyRefunded' } | { kind: 'notInvoiced' };

/**
 * The region gives back a charge of a month whose invoice it has accepted (a resolved dispute, a
 * provider's late correction). The month stays closed for providers; the refund is a new ledger
 * row of that month, and the next run puts it on a credit note that refers to the invoice.
 */
export function refundInvoicedCharge(actor: Actor, chargeReceipt: string, reason: string, idempotencyKey: string, now = currentTime()): CorrectionResult {
  const key = `region:${actor.id}:${idempotencyKey}`;
  return immediate((db): CorrectionResult => {
    const again = db.select({ receiptNumber: ledgerEntries.receiptNumber }).from(ledgerEntries).where(eq(ledgerEntries.idempotencyKey, key)).get();
    if (again) return { kind: 'refunded', receiptNumber: again.receiptNumber, duplicate: true };
    const charge = db.select().from(ledgerEntries).where(and(eq(ledgerEntries.receiptNumber, chargeReceipt), eq(ledgerEntries.kind, 'charge'))).get();
    if (!charge) return { kind: 'notFound' };
    if (db.select({ id: ledgerEntries.id }).from(ledgerEntries).where(eq(ledgerEntries.refundOfId, charge.id)).get()) return { kind: 'alreadyRefunded' };
    const accepted = db
      .select()
      .from(invoices)
      .where(and(eq(invoices.providerId, charge.providerId), eq(invoices.budgetMonth, charge.budgetMonth), eq(invoices.kind, 'invoice')))
      .get();
    if (!accepted || !FINAL_STATES.includes(stateOf(db, accepted.id))) return { kind: 'notInvoiced' };
    let receiptNumber = newReceiptNumber(charge.budgetMonth);
    while (db.select({ id: ledgerEntries.id }).from(ledgerEntries).where(eq(ledgerEntries.receiptNumber, receiptNumber)).get()) receiptNumber = newReceiptNumber(charge.budgetMonth);
    db.insert(ledgerEntries)
      .values({
        kind: 'refund',
        clientId: charge.clientId,
        budgetLineId: charge.budgetLineId,
        providerId: charge.providerId,
        providerUserId: actor.id,
        serviceId: charge.serviceId,
        quantityHundredths: charge.quantityHundredths,
        unitPriceCents: charge.unitPriceCents,
        amountCents: charge.amountCents,
        budgetMonth: charge.budgetMonth,
        serviceDate: charge.serviceDate,
        receiptNumber,
        idempotencyKey: key,
        refundOfId: charge.id,
        reason,
        createdAt: now.toISOString(),
      })
      .run();
    // An invoiced month is closed: its kept evaluation and settlement rows no longer hold.
    forgetClosedMonth(db, charge.budgetMonth);
    audit({ actorUserId: actor.id, action: 'invoice.correction', subjectType: 'receipt', subjectId: receiptNumber, details: { refundOf: charge.receiptNumber, amountCents: charge.amountCents, reason }, ip: actor.ip });
    return { kind: 'refunded', receiptNumber, duplicate: false };
  });
}

// ---------------------------------------------------------------------------------------------
// The CSV the region's ledger system reads
// ---------------------------------------------------------------------------------------------

export type InvoiceCsvLabels = Record<'provider' | 'businessId' | 'kind' | 'invoiceNumber' | 'originalInvoiceNumber' | 'invoiceDate' | 'dueDate' | 'reference' | 'state' | 'charges' | 'refunds' | 'total' | 'monthTotal', string> & {
  kinds: Record<'invoice' | 'credit_note', string>;
  states: Record<InvoiceState, string>;
};

/**
 * One line per invoice and credit note of the month, and the month's total: UTF-8 with a BOM,
 * ';' between fields, decimal comma, CRLF. The total equals the sum of the invoices' totals.
 */
export function invoicesCsv(list: InvoiceSummary[], labels: InvoiceCsvLabels): string {
  const header = [labels.provider, labels.businessId, labels.kind, labels.invoiceNumber, labels.originalInvoiceNumber, labels.invoiceDate, labels.dueDate, labels.reference, labels.state, labels.charges, labels.refunds, labels.total];
  const lines = [header.map((label) => csvField(label)).join(';')];
  let charges = 0;
  let refunds = 0;
  let total = 0;
  for (const invoice of list) {
    charges += invoice.chargesCents;
    refunds += invoice.refundsCents;
    total += invoice.totalCents;
    lines.push(
      [
        csvField(invoice.providerName),
        csvField(invoice.businessId),
        csvField(labels.kinds[invoice.kind]),
        invoice.invoiceNumber,
        invoice.originalInvoiceNumber ?? '',
        invoice.invoiceDate,
        invoice.dueDate,
        invoice.referenceNumber,
        csvField(labels.states[invoice.state]),
        centsToDecimalComma(invoice.chargesCents),
        centsToDecimalComma(invoice.refundsCents),
        centsToDecimalComma(invoice.totalCents),
      ].join(';'),
    );
  }
  lines.push([csvField(labels.monthTotal), '', '', '', '', '', '', '', '', centsToDecimalComma(charges), centsToDecimalComma(refunds), centsToDecimalComma(total)].join(';'));
  return csvDocument(lines);
}

// ---------------------------------------------------------------------------------------------
// The provider's invoicing details
// ---------------------------------------------------------------------------------------------

export type InvoicingDetailsInput = { iban: string; bic: string; einvoiceAddress: string | null; einvoiceOperator: string | null };

/** Saves the provider's bank and e-invoice details (validated by the caller's schema). */
export function updateInvoicingDetails(actor: Actor, providerId: number, details: InvoicingDetailsInput): void {
  immediate((db) => {
    db.update(providers).set(details).where(eq(providers.id, providerId)).run();
    audit({ actorUserId: actor.id, action: 'provider.invoicing_details', subjectType: 'provider', subjectId: providerId, details: { iban: details.iban, bic: details.bic }, ip: actor.ip });
  });
}
