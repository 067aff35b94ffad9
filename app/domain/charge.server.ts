// Charging a client's budget by phone number, and refunding a charge. Every balance change is one
// ledger row written in the same BEGIN IMMEDIATE transaction as the checks that allow it.
import crypto from 'node:crypto';
import { and, count, desc, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import { getDb, type AppDatabase } from '../../db/client.server';
import { auditLog, budgetLines, clients, decisions, ledgerEntries, providerOfferings, providers, services, settlementInvoices } from '../../db/schema';
import { audit } from './audit.server';
import { addMonths, firstDayOf, helsinkiDate, helsinkiMonth } from './months';
import { afterQueued, queueReceipt } from './notifications.server';
import { openDisputeOf, resolveByRefund } from './disputes.server';
import { toE164 } from './phone';
import { currentTime } from './clock';

type Tx = Parameters<Parameters<AppDatabase['transaction']>[0]>[0] | AppDatabase;

/** Refused look-ups and charges allowed per provider user in the window, then a lockout. */
export const MAX_REFUSALS = Number(process.env.CHARGE_MAX_REFUSALS ?? 10);
export const REFUSAL_WINDOW_MINUTES = 15;
/** Every refusal takes at least this long, so its timing does not tell why it was refused. */
export const REFUSAL_FLOOR_MS = Number(process.env.CHARGE_REFUSAL_FLOOR_MS ?? 300);

export type ProviderActor = { userId: number; providerId: number; ip: string };

export type ChargeInput = {
  phone: string;
  serviceId: number;
  quantityHundredths: number;
  serviceDate: string; // YYYY-MM-DD
};

export type ChargePreview = {
  clientFirstName: string;
  clientLastInitial: string;
  serviceId: number;
  serviceNameFi: string;
  serviceNameSv: string;
  unit: string;
  quantityHundredths: number;
  unitPriceCents: number;
  amountCents: number;
  serviceDate: string;
};

export type ChargeResult =
  | { kind: 'charged'; receiptNumber: string; duplicate: boolean }
  | { kind: 'refused' } // number unknown, no budget, not enough left: all look the same
  | { kind: 'locked' } // too many refusals: wait
  | { kind: 'badDate' } // service date not in this month or in the future
  | { kind: 'keyUsed'; receiptNumber: string } // this form already made a different charge
  | { kind: 'amountChanged'; preview: ChargePreview }; // the price changed after the check page

/** Thrown when the database stays busy past every retry: the user sees 503 and tries again. */
export class DatabaseBusyError extends Error {
  constructor() {
    super('database busy');
  }
}

/** amount = quantity × unit price, rounded half up to a cent. */
export function chargeAmount(quantityHundredths: number, unitPriceCents: number): number {
  return Math.round((quantityHundredths * unitPriceCents) / 100);
}

const RECEIPT_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I

export function newReceiptNumber(month: string): string {
  const bytes = crypto.randomBytes(6);
  const code = [...bytes].map((b) => RECEIPT_ALPHABET[b % RECEIPT_ALPHABET.length]).join('');
  return `${month.slice(2, 4)}${month.slice(5, 7)}-${code}`;
}

function isSqliteError(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code?.startsWith(code) === true;
}

/** Runs fn in BEGIN IMMEDIATE; retries a few times when another process holds the write lock. */
export function immediate<T>(fn: (tx: Tx) => T, db: AppDatabase = getDb()): T {
  for (let attempt = 0; ; attempt++) {
    try {
      return db.transaction(fn, { behavior: 'immediate' });
    } catch (error) {
      if (isSqliteError(error, 'SQLITE_BUSY') && attempt < 3) continue;
      if (isSqliteError(error, 'SQLITE_BUSY')) throw new DatabaseBusyError();
      throw error;
    }
  }
}

/** The provider's price for a service on a date (the latest price valid from that date or before). */
function priceOn(tx: Tx, providerId: number, serviceId: number, date: string) {
  return tx
    .select({ priceCents: providerOfferings.priceCents })
    .from(providerOfferings)
    .where(and(eq(providerOfferings.providerId, providerId), eq(providerOfferings.serviceId, serviceId), lte(providerOfferings.validFrom, date)))
    .orderBy(desc(providerOfferings.validFrom))
    .get();
}

/** The client's budget line for a service under a decision in force on `date`. */
export function activeLine(tx: Tx, clientId: number, serviceId: number, date: string) {
  return tx
    .select({ id: budgetLines.id, monthlyCents: budgetLines.monthlyCents })
    .from(budgetLines)
    .innerJoin(decisions, eq(decisions.id, budgetLines.decisionId))
    .where(
      and(
        eq(decisions.clientId, clientId),
        eq(budgetLines.serviceId, serviceId),
        lte(decisions.validFrom, date),
        or(isNull(decisions.validTo), sql`${decisions.validTo} >= ${date}`),
      ),
    )
    .orderBy(desc(decisions.validFrom))
    .get();
}

/** Used this month on a line: charges minus refunds, in cents. */
export function usedOnLine(tx: Tx, lineId: number, month: string): number {
  const row = tx
    .select({
      used: sql<number>`coalesce(sum(case when ${ledgerEntries.kind} = 'charge' then ${ledgerEntries.amountCents} else -${ledgerEntries.amountCents} end), 0)`,
    })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.budgetLineId, lineId), eq(ledgerEntries.budgetMonth, month)))
    .get();
  return Number(row?.used ?? 0);
}

/**
 * Used this month for a service of a client: charges minus refunds over every ledger row of that
 * client and service in the budget month, whichever budget line they were charged to. A decision
 * changed mid-month gives the service a new line, but not a second monthly budget.
 */
export function usedForService(tx: Tx, clientId: number, serviceId: number, month: string): number {
  const row = tx
    .select({
      used: sql<number>`coalesce(sum(case when ${ledgerEntries.kind} = 'charge' then ${ledgerEntries.amountCents} else -${ledgerEntries.amountCents} end), 0)`,
    })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.clientId, clientId), eq(ledgerEntries.serviceId, serviceId), eq(ledgerEntries.budgetMonth, month)))
    .get();
  return Number(row?.used ?? 0);
}

type Chargeable = {
  clientId: number;
  lineId: number;
  monthlyCents: number;
  preview: ChargePreview;
};

/** Every rule a charge must pass; null when any fails (the caller never learns which). */
function findChargeable(tx: Tx, actor: ProviderActor, input: ChargeInput, now: Date): Chargeable | null {
  const phone = toE164(input.phone);
  if (!phone) return null;
  const provider = tx.select({ status: providers.status }).from(providers).where(eq(providers.id, actor.providerId)).get();
  if (provider?.status !== 'approved') return null;
  if (monthInvoiced(tx, actor.providerId, helsinkiMonth(now))) return null;
  const service = tx.select().from(services).where(eq(services.id, input.serviceId)).get();
  if (!service || service.retiredAt) return null;
  const price = priceOn(tx, actor.providerId, input.serviceId, input.serviceDate);
  if (!price) return null;
  const client = tx.select().from(clients).where(eq(clients.phone, phone)).get();
  if (!client) return null;
  const today = helsinkiDate(now);
  const line = activeLine(tx, client.id, input.serviceId, today);
  if (!line) return null;
  const amountCents = chargeAmount(input.quantityHundredths, price.priceCents);
  if (amountCents <= 0) return null;
  // The month's allowance is the line in force today; what is used counts every line of the
  // service this month, so a decision change mid-month never starts the month again from zero.
  const remaining = line.monthlyCents - usedForService(tx, client.id, input.serviceId, helsinkiMonth(now));
  if (amountCents > remaining) return null;
  return {
    clientId: client.id,
    lineId: line.id,
    monthlyCents: line.monthlyCents,
    preview: {
      clientFirstName: client.firstName,
      clientLastInitial: client.lastName.slice(0, 1),
      serviceId: service.id,
      serviceNameFi: service.nameFi,
      serviceNameSv: service.nameSv,
      unit: service.unit,
      quantityHundredths: input.quantityHundredths,
      unitPriceCents: price.priceCents,
      amountCents,
      serviceDate: input.serviceDate,
    },
  };
}

/** A provider's month marked invoiced by the region is closed: nothing more enters it. */
function monthInvoiced(tx: Tx, providerId: number, month: string): boolean {
  const row = tx
    .select({ providerId: settlementInvoices.providerId })
    .from(settlementInvoices)
    .where(and(eq(settlementInvoices.providerId, providerId), eq(settlementInvoices.budgetMonth, month)))
    .get();
  return row !== undefined;
}

function refusalsInWindow(actor: ProviderActor, now: Date): number {
  const since = new Date(now.getTime() - REFUSAL_WINDOW_MINUTES * 60_000).toISOString();
  const row = getDb()
    .select({ n: count() })
    .from(auditLog)
    .where(and(eq(auditLog.actorUserId, actor.userId), eq(auditLog.action, 'charge.refused'), gt(auditLog.createdAt, since)))
    .get();
  return row?.n ?? 0;
}

async function atLeast<T>(startedAt: number, value: T): Promise<T> {
  const wait = startedAt + REFUSAL_FLOOR_MS - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  return value;
}

/** A service date must be today or earlier in the current month. */
export function isChargeableDate(serviceDate: string, now: Date): boolean {
  const today = helsinkiDate(now);
  return serviceDate <= today && serviceDate.slice(0, 7) === today.slice(0, 7);
}

/** Step 1: look the client up and show what would be charged. Audit-logged and rate-limited. */
export async function previewCharge(
  actor: ProviderActor,
  input: ChargeInput,
  now = currentTime(),
): Promise<{ kind: 'preview'; preview: ChargePreview } | Exclude<ChargeResult, { kind: 'charged' }>> {
  const startedAt = Date.now();
  if (!isChargeableDate(input.serviceDate, now)) return { kind: 'badDate' };
  const db = getDb();
  if (refusalsInWindow(actor, now) >= MAX_REFUSALS) {
    audit(db, { actorUserId: actor.userId, action: 'charge.locked', ip: actor.ip });
    return atLeast(startedAt, { kind: 'locked' as const });
  }
  const found = findChargeable(db, actor, input, now);
  audit(db, {
    actorUserId: actor.userId,
    action: found ? 'charge.lookup' : 'charge.refused',
    subjectType: found ? 'client' : undefined,
    subjectId: found?.clientId,
    details: { step: 'preview', serviceId: input.serviceId, amountCents: found?.preview.amountCents ?? null },
    ip: actor.ip,
  });
  if (!found) return atLeast(startedAt, { kind: 'refused' as const });
  return { kind: 'preview', preview: found.preview };
}

function existingByKey(tx: Tx, key: string) {
  return tx.select().from(ledgerEntries).where(eq(ledgerEntries.idempotencyKey, key)).get();
}

/**
 * Step 2: charge. In one BEGIN IMMEDIATE transaction: all checks again, then one ledger row.
 * The same idempotency key always gives the same receipt and never a second row.
 */
/**
 * A resend of the same form gives the earlier receipt; the same key with other details (the form
 * reused through the back button for another charge) must not pass for that receipt.
 */
function replayOf(tx: Tx, earlier: typeof ledgerEntries.$inferSelect, input: ChargeInput): ChargeResult {
  const phone = toE164(input.phone);
  const client = phone ? tx.select({ id: clients.id }).from(clients).where(eq(clients.phone, phone)).get() : undefined;
  const same =
    client?.id === earlier.clientId &&
    earlier.serviceId === input.serviceId &&
    earlier.quantityHundredths === input.quantityHundredths &&
    earlier.serviceDate === input.serviceDate;
  return same ? { kind: 'charged', receiptNumber: earlier.receiptNumber, duplicate: true } : { kind: 'keyUsed', receiptNumber: earlier.receiptNumber };
}

export async function chargeBudget(
  actor: ProviderActor,
  input: ChargeInput,
  idempotencyKey: string,
  now = currentTime(),
  /** The amount the provider saw on the check page; a different amount now is not charged. */
  confirmedAmountCents?: number,
): Promise<ChargeResult> {
  const startedAt = Date.now();
  const key = `${actor.userId}:${idempotencyKey}`;
  const db = getDb();
  const earlier = existingByKey(db, key);
  if (earlier) return replayOf(db, earlier, input);
  if (!isChargeableDate(input.serviceDate, now)) return { kind: 'badDate' };
  if (refusalsInWindow(actor, now) >= MAX_REFUSALS) return atLeast(startedAt, { kind: 'locked' as const });
  const month = helsinkiMonth(now);
  const result = immediate((tx): ChargeResult => {
    const again = existingByKey(tx, key);
    if (again) return replayOf(tx, again, input);
    const found = findChargeable(tx, actor, input, now);
    if (!found) {
      audit(tx, { actorUserId: actor.userId, action: 'charge.refused', details: { step: 'confirm', serviceId: input.serviceId }, ip: actor.ip });
      return { kind: 'refused' };
    }
    if (confirmedAmountCents !== undefined && confirmedAmountCents !== found.preview.amountCents) {
      return { kind: 'amountChanged', preview: found.preview };
    }
    const receiptNumber = insertWithFreshReceipt(tx, month, {
      kind: 'charge',
      clientId: found.clientId,
      budgetLineId: found.lineId,
      providerId: actor.providerId,
      providerUserId: actor.userId,
      serviceId: input.serviceId,
      quantityHundredths: input.quantityHundredths,
      unitPriceCents: found.preview.unitPriceCents,
      amountCents: found.preview.amountCents,
      budgetMonth: month,
      serviceDate: input.serviceDate,
      idempotencyKey: key,
      createdAt: now.toISOString(),
    });
    audit(tx, {
      actorUserId: actor.userId,
      action: 'charge.created',
      subjectType: 'receipt',
      subjectId: receiptNumber,
      details: { clientId: found.clientId, amountCents: found.preview.amountCents },
      ip: actor.ip,
    });
    queueReceipt(tx, {
      kind: 'charge',
      clientId: found.clientId,
      providerName: providerName(tx, actor.providerId),
      serviceNameFi: found.preview.serviceNameFi,
      serviceNameSv: found.preview.serviceNameSv,
      amountCents: found.preview.amountCents,
      serviceDate: input.serviceDate,
      receiptNumber,
      monthlyCents: found.monthlyCents,
      remainingCents: found.monthlyCents - usedForService(tx, found.clientId, input.serviceId, month),
      nextMonthStarts: firstDayOf(addMonths(month, 1)),
    });
    return { kind: 'charged', receiptNumber, duplicate: false };
  }, db);
  if (result.kind === 'charged' && !result.duplicate) afterQueued();
  return result.kind === 'refused' ? atLeast(startedAt, result) : result;
}

function providerName(tx: Tx, providerId: number): string {
  return tx.select({ name: providers.name }).from(providers).where(eq(providers.id, providerId)).get()?.name ?? '';
}

type NewLedgerEntry = Omit<typeof ledgerEntries.$inferInsert, 'receiptNumber'>;

function insertWithFreshReceipt(tx: Tx, month: string, entry: NewLedgerEntry): string {
  for (let attempt = 0; ; attempt++) {
    const receiptNumber = newReceiptNumber(month);
    const clash = tx.select({ id: ledgerEntries.id }).from(ledgerEntries).where(eq(ledgerEntries.receiptNumber, receiptNumber)).get();
    if (clash && attempt < 5) continue;
    tx.insert(ledgerEntries).values({ ...entry, receiptNumber }).run();
    return receiptNumber;
  }
}

/**
 * A charge can be refunded by its provider once: on the Helsinki day it was made, or later while the
 * client's dispute about it is open.
 */
export function isRefundable(entry: { kind: 'charge' | 'refund'; createdAt: string; refunded: boolean; disputed?: boolean }, now = currentTime()): boolean {
  if (entry.kind !== 'charge' || entry.refunded) return false;
  return entry.disputed === true || helsinkiDate(new Date(entry.createdAt)) === helsinkiDate(now);
}

export type RefundResult =
  | { kind: 'refunded'; receiptNumber: string; duplicate: boolean }
  | { kind: 'notFound' } // no such charge of this provider
  | { kind: 'tooLate' } // only on the day of the charge
  | { kind: 'alreadyRefunded' }
  | { kind: 'invoiced' }; // the charge's month has been marked invoiced

/** A provider refunds its own charge on the day it was made; the refund is a new ledger row. */
export function refundCharge(actor: ProviderActor, chargeReceipt: string, reason: string, idempotencyKey: string, now = currentTime()): RefundResult {
  const key = `${actor.userId}:${idempotencyKey}`;
  const result = immediate((tx): RefundResult => {
    const again = existingByKey(tx, key);
    if (again) return { kind: 'refunded', receiptNumber: again.receiptNumber, duplicate: true };
    const charge = tx
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.receiptNumber, chargeReceipt), eq(ledgerEntries.kind, 'charge'), eq(ledgerEntries.providerId, actor.providerId)))
      .get();
    if (!charge) return { kind: 'notFound' };
    const disputed = openDisputeOf(tx, charge.id) !== undefined;
    if (!isRefundable({ kind: 'charge', createdAt: charge.createdAt, refunded: false, disputed }, now)) return { kind: 'tooLate' };
    const refunded = tx.select({ id: ledgerEntries.id }).from(ledgerEntries).where(eq(ledgerEntries.refundOfId, charge.id)).get();
    if (refunded) return { kind: 'alreadyRefunded' };
    if (monthInvoiced(tx, charge.providerId, charge.budgetMonth)) return { kind: 'invoiced' };
    const receiptNumber = insertWithFreshReceipt(tx, charge.budgetMonth, {
      kind: 'refund',
      clientId: charge.clientId,
      budgetLineId: charge.budgetLineId,
      providerId: charge.providerId,
      providerUserId: actor.userId,
      serviceId: charge.serviceId,
      quantityHundredths: charge.quantityHundredths,
      unitPriceCents: charge.unitPriceCents,
      amountCents: charge.amountCents,
      budgetMonth: charge.budgetMonth,
      serviceDate: charge.serviceDate,
      idempotencyKey: key,
      refundOfId: charge.id,
      reason,
      createdAt: now.toISOString(),
    });
    audit(tx, {
      actorUserId: actor.userId,
      action: 'charge.refunded',
      subjectType: 'receipt',
      subjectId: receiptNumber,
      details: { refundOf: charge.receiptNumber, amountCents: charge.amountCents, reason },
      ip: actor.ip,
    });
    if (disputed) resolveByRefund(tx, charge.id, actor.userId, now);
    const service = tx.select().from(services).where(eq(services.id, charge.serviceId)).get()!;
    const line = tx.select({ monthlyCents: budgetLines.monthlyCents }).from(budgetLines).where(eq(budgetLines.id, charge.budgetLineId)).get()!;
    queueReceipt(tx, {
      kind: 'refund',
      clientId: charge.clientId,
      providerName: providerName(tx, charge.providerId),
      serviceNameFi: service.nameFi,
      serviceNameSv: service.nameSv,
      amountCents: charge.amountCents,
      serviceDate: charge.serviceDate,
      receiptNumber,
      monthlyCents: line.monthlyCents,
      remainingCents: line.monthlyCents - usedForService(tx, charge.clientId, charge.serviceId, charge.budgetMonth),
      nextMonthStarts: firstDayOf(addMonths(charge.budgetMonth, 1)),
    });
    return { kind: 'refunded', receiptNumber, duplicate: false };
  });
  if (result.kind === 'refunded' && !result.duplicate) afterQueued();
  return result;
}

/** A ledger row with its service name, for receipts; only the provider's own rows. */
export function receiptOf(providerId: number, receiptNumber: string) {
  const db = getDb();
  const entry = db
    .select({
      entry: ledgerEntries,
      serviceNameFi: services.nameFi,
      serviceNameSv: services.nameSv,
      unit: services.unit,
      providerName: providers.name,
      clientFirstName: clients.firstName,
      clientLastName: clients.lastName,
    })
    .from(ledgerEntries)
    .innerJoin(services, eq(services.id, ledgerEntries.serviceId))
    .innerJoin(providers, eq(providers.id, ledgerEntries.providerId))
    .innerJoin(clients, eq(clients.id, ledgerEntries.clientId))
    .where(and(eq(ledgerEntries.receiptNumber, receiptNumber), eq(ledgerEntries.providerId, providerId)))
    .get();
  if (!entry) return undefined;
  const refund = entry.entry.kind === 'charge'
    ? db.select({ receiptNumber: ledgerEntries.receiptNumber }).from(ledgerEntries).where(eq(ledgerEntries.refundOfId, entry.entry.id)).get()
    : undefined;
  const refundOf = entry.entry.refundOfId
    ? db.select({ receiptNumber: ledgerEntries.receiptNumber }).from(ledgerEntries).where(eq(ledgerEntries.id, entry.entry.refundOfId)).get()
    : undefined;
  return {
    ...entry,
    clientName: `${entry.clientFirstName} ${entry.clientLastName.slice(0, 1)}.`,
    refundReceipt: refund?.receiptNumber ?? null,
    refundOfReceipt: refundOf?.receiptNumber ?? null,
  };
}

