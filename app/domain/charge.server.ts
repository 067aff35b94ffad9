// Charging a client's budget by phone number, and refunding a charge. Every balance change is one
// ledger row written in the same BEGIN IMMEDIATE transaction as the checks that allow it.
import { and, eq } from 'drizzle-orm';
import { getDb } from '../../db/client.server';
import { budgetLines, ledgerEntries, services } from '../../db/schema';
import { recordAccess } from './accessLog.server';
import { audit } from './audit.server';
import { phoneLookupHash } from './lookupHash.server';
import { isRefundable, monthInvoiced, priceInForce, remainingToday, statements, usedThisMonth } from './ledger.server';
import { addMonths, firstDayOf, helsinkiDate, helsinkiMonth } from './months';
import { afterQueued, queueReceipt } from './notifications.server';
import { openDisputeOf, resolveByRefund } from './disputes.server';
import { toE164 } from './phone';
import { immediate } from './transaction.server';
import { currentTime } from './clock';
import type { ServiceUnit } from '../../db/schema';
import { newReceiptNumber } from './receiptNumber';
import { forgetClosedMonth } from './evaluation.server';

/** A limit from the environment: a whole number of at least 1, else the default (0 would lock everyone out). */
function lockoutLimitFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value >= 1 ? value : fallback;
}

/** Refused look-ups and charges allowed per provider user in the window, then a lockout. */
export const MAX_REFUSALS = lockoutLimitFromEnv('CHARGE_MAX_REFUSALS', 10);
export const REFUSAL_WINDOW_MINUTES = 15;
/**
 * Look-ups that did not end in a charge (refusals and check pages never confirmed) per provider
 * user in the window, then a lockout: varying the quantity on check pages must not read out a
 * client's balance (docs/decisions/011-what-a-provider-may-learn.md).
 */
export const MAX_UNCHARGED_LOOKUPS = lockoutLimitFromEnv('CHARGE_MAX_LOOKUPS', 20);
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
  unit: ServiceUnit;
  quantityHundredths: number;
  unitPriceCents: number;
  amountCents: number;
  serviceDate: string;
};

export type ChargeResult =
  | { kind: 'charged'; receiptNumber: string; duplicate: boolean }
  | { kind: 'refused' } // number unknown, no budget, not enough left: all look the same
  | { kind: 'locked'; retryAfterSeconds: number } // too many refusals or look-ups without a charge: wait
  | { kind: 'badDate' } // service date not in this month or in the future
  | { kind: 'wholeUnitsOnly' } // a fraction of a meal, trip or visit
  | { kind: 'keyUsed'; receiptNumber: string } // this form already made a different charge
  | { kind: 'formUsed' } // this form's key already made a ledger row of another kind (a refund)
  | { kind: 'amountChanged'; preview: ChargePreview }; // the price changed after the check page

/** amount = quantity × unit price, rounded half up to a cent. */
export function chargeAmount(quantityHundredths: number, unitPriceCents: number): number {
  return Math.round((quantityHundredths * unitPriceCents) / 100);
}

type Chargeable = {
  clientId: number;
  lineId: number;
  monthlyCents: number;
  preview: ChargePreview;
};

/** Every rule a charge must pass; null when any fails (the caller never learns which). */
function findChargeable(actor: ProviderActor, input: ChargeInput, now: Date): Chargeable | null {
  const phone = toE164(input.phone);
  if (!phone) return null;
  const sql = statements();
  if (sql.providerStatus.get({ providerId: actor.providerId })?.status !== 'approved') return null;
  if (monthInvoiced(actor.providerId, helsinkiMonth(now))) return null;
  const service = sql.service.get({ serviceId: input.serviceId });
  if (!service || service.retiredAt) return null;
  const priceCents = priceInForce(actor.providerId, input.serviceId, input.serviceDate);
  if (priceCents === null) return null;
  const client = sql.clientByPhone.get({ phone });
  if (!client) return null;
  // The month's allowance is the line in force today; what is used counts every line of the
  // service this month, so a decision change mid-month never starts the month again from zero.
  const left = remainingToday(client.id, input.serviceId, now);
  if (!left) return null;
  const amountCents = chargeAmount(input.quantityHundredths, priceCents);
  if (amountCents <= 0 || amountCents > left.remainingCents) return null;
  return {
    clientId: client.id,
    lineId: left.line.id,
    monthlyCents: left.line.monthlyCents,
    preview: {
      clientFirstName: client.firstName,
      clientLastInitial: client.lastName.slice(0, 1),
      serviceId: service.id,
      serviceNameFi: service.nameFi,
      serviceNameSv: service.nameSv,
      unit: service.unit,
      quantityHundredths: input.quantityHundredths,
      unitPriceCents: priceCents,
      amountCents,
      serviceDate: input.serviceDate,
    },
  };
}

type Lockout = { locked: false } | { locked: true; retryAfterSeconds: number };

/**
 * A provider user is locked out after too many refusals, or too many look-ups that did not end in
 * a charge (refusals plus check pages never confirmed). The lock lifts when enough of the counted
 * rows have left the sliding window; retryAfterSeconds says when. Every read is a range of one
 * index (audit_log_actor_action), bounded by the limits or by the window's own look-ups: charges
 * made straight from the form add nothing to it however many there are.
 */
function lockoutOf(actor: ProviderActor, now: Date): Lockout {
  const windowMs = REFUSAL_WINDOW_MINUTES * 60_000;
  const since = new Date(now.getTime() - windowMs).toISOString();
  const sql = statements();
  const window = (action: string) => ({ actorUserId: actor.userId, action, since });
  const countUpTo = (action: string, limit: number) => (limit <= 0 ? 0 : (sql.actionCountUpTo.get({ ...window(action), limit })?.n ?? 0));
  const enough = Math.max(MAX_REFUSALS, MAX_UNCHARGED_LOOKUPS);
  const refusals = countUpTo('charge.refused', enough);
  // Look-ups not followed by a charge: the oldest (look-ups − charges) look-ups of the window.
  const lookups = countUpTo('charge.lookup', Number.MAX_SAFE_INTEGER);
  const unconfirmed = lookups - countUpTo('charge.created', lookups);
  // The row whose leaving the window brings the count under its limit.
  const freeing: string[] = [];
  if (refusals >= MAX_REFUSALS) {
    freeing.push(sql.actionTimesNewestFirst.all({ ...window('charge.refused'), limit: MAX_REFUSALS })[MAX_REFUSALS - 1].at);
  }
  if (refusals + unconfirmed >= MAX_UNCHARGED_LOOKUPS) {
    // The MAX_UNCHARGED_LOOKUPS-th newest of refusals and unconfirmed look-ups together.
    const newestRefusals = sql.actionTimesNewestFirst.all({ ...window('charge.refused'), limit: MAX_UNCHARGED_LOOKUPS });
    const newestUnconfirmed = sql.actionTimesOldestFirst.all({
      ...window('charge.lookup'),
      limit: Math.min(unconfirmed, MAX_UNCHARGED_LOOKUPS),
      offset: Math.max(0, unconfirmed - MAX_UNCHARGED_LOOKUPS),
    });
    const uncharged = [...newestRefusals, ...newestUnconfirmed].map((row) => row.at).sort().reverse();
    freeing.push(uncharged[MAX_UNCHARGED_LOOKUPS - 1]);
  }
  if (freeing.length === 0) return { locked: false };
  const liftsAt = Math.max(...freeing.map((at) => new Date(at).getTime() + windowMs));
  return { locked: true, retryAfterSeconds: Math.max(1, Math.ceil((liftsAt - now.getTime()) / 1000)) };
}

async function atLeast<T>(startedAt: number, value: T): Promise<T> {
  const wait = startedAt + REFUSAL_FLOOR_MS - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  return value;
}

/** Meals, trips and visits are charged whole: 0,01 meals would round a client's money away. */
export const WHOLE_UNITS: readonly string[] = ['meal', 'trip', 'visit'];

function wholeUnitsKept(input: ChargeInput): boolean {
  if (input.quantityHundredths % 100 === 0) return true;
  const service = statements().service.get({ serviceId: input.serviceId });
  return !service || !WHOLE_UNITS.includes(service.unit);
}

/** A service date must be today or earlier in the current month. */
export function isChargeableDate(serviceDate: string, now: Date): boolean {
  const today = helsinkiDate(now);
  return serviceDate <= today && serviceDate.slice(0, 7) === today.slice(0, 7);
}

function providerAccessActor(actor: ProviderActor) {
  return { id: actor.userId, role: 'provider' as const, ip: actor.ip, providerId: actor.providerId };
}

/** Step 1: look the client up and show what would be charged. Audit-logged and rate-limited. */
export async function previewCharge(
  actor: ProviderActor,
  input: ChargeInput,
  now = currentTime(),
): Promise<{ kind: 'preview'; preview: ChargePreview } | Exclude<ChargeResult, { kind: 'charged' }>> {
  const startedAt = Date.now();
  if (!isChargeableDate(input.serviceDate, now)) return { kind: 'badDate' };
  if (!wholeUnitsKept(input)) return { kind: 'wholeUnitsOnly' };
  const lockout = lockoutOf(actor, now);
  if (lockout.locked) {
    audit({ actorUserId: actor.userId, action: 'charge.locked', details: { step: 'preview' }, ip: actor.ip });
    return atLeast(startedAt, { kind: 'locked' as const, retryAfterSeconds: lockout.retryAfterSeconds });
  }
  const found = findChargeable(actor, input, now);
  audit({
    actorUserId: actor.userId,
    action: found ? 'charge.lookup' : 'charge.refused',
    subjectType: found ? 'client' : undefined,
    subjectId: found?.clientId,
    details: found
      ? { step: 'preview', serviceId: input.serviceId, amountCents: found.preview.amountCents }
      : { step: 'preview', serviceId: input.serviceId, phoneHash: phoneLookupHash(input.phone) },
    ip: actor.ip,
  });
  // The client learns which provider looked them up (not which staff member): the access log.
  if (found) recordAccess({ clientId: found.clientId, actor: providerAccessActor(actor), kind: 'charge_lookup', basis: 'charge_lookup', succeeded: true }, now);
  if (!found) return atLeast(startedAt, { kind: 'refused' as const });
  return { kind: 'preview', preview: found.preview };
}

function existingByKey(key: string) {
  return statements().entryByKey.get({ key });
}

/**
 * Step 2: charge. In one BEGIN IMMEDIATE transaction: all checks again, then one ledger row.
 * The same idempotency key always gives the same receipt and never a second row.
 */
/**
 * A resend of the same form gives the earlier receipt; the same key with other details (the form
 * reused through the back button for another charge) must not pass for that receipt.
 */
function replayOf(earlier: typeof ledgerEntries.$inferSelect, input: ChargeInput): ChargeResult {
  // A key that made a refund never answers "charged": that charge never happened.
  if (earlier.kind !== 'charge') return { kind: 'formUsed' };
  const phone = toE164(input.phone);
  const client = phone ? statements().clientByPhone.get({ phone }) : undefined;
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
  const earlier = existingByKey(key);
  if (earlier) return replayOf(earlier, input);
  if (!isChargeableDate(input.serviceDate, now)) return { kind: 'badDate' };
  if (!wholeUnitsKept(input)) return { kind: 'wholeUnitsOnly' };
  const lockout = lockoutOf(actor, now);
  if (lockout.locked) {
    audit({ actorUserId: actor.userId, action: 'charge.locked', details: { step: 'confirm' }, ip: actor.ip });
    return atLeast(startedAt, { kind: 'locked' as const, retryAfterSeconds: lockout.retryAfterSeconds });
  }
  const month = helsinkiMonth(now);
  const result = immediate((): ChargeResult => {
    const again = existingByKey(key);
    if (again) return replayOf(again, input);
    const found = findChargeable(actor, input, now);
    if (!found) {
      audit({
        actorUserId: actor.userId,
        action: 'charge.refused',
        details: { step: 'confirm', serviceId: input.serviceId, phoneHash: phoneLookupHash(input.phone) },
        ip: actor.ip,
      });
      return { kind: 'refused' };
    }
    if (confirmedAmountCents !== undefined && confirmedAmountCents !== found.preview.amountCents) {
      return { kind: 'amountChanged', preview: found.preview };
    }
    const receiptNumber = insertWithFreshReceipt(month, {
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
    audit({
      actorUserId: actor.userId,
      action: 'charge.created',
      subjectType: 'receipt',
      subjectId: receiptNumber,
      details: { clientId: found.clientId, amountCents: found.preview.amountCents },
      ip: actor.ip,
    });
    recordAccess({ clientId: found.clientId, actor: providerAccessActor(actor), kind: 'ledger', basis: 'charge', succeeded: true }, now);
    queueReceipt({
      kind: 'charge',
      clientId: found.clientId,
      providerName: providerName(actor.providerId),
      serviceNameFi: found.preview.serviceNameFi,
      serviceNameSv: found.preview.serviceNameSv,
      amountCents: found.preview.amountCents,
      serviceDate: input.serviceDate,
      receiptNumber,
      monthlyCents: found.monthlyCents,
      remainingCents: found.monthlyCents - usedThisMonth(found.clientId, input.serviceId, month),
      nextMonthStarts: firstDayOf(addMonths(month, 1)),
    });
    return { kind: 'charged', receiptNumber, duplicate: false };
  }, db);
  if (result.kind === 'charged' && !result.duplicate) afterQueued();
  return result.kind === 'refused' ? atLeast(startedAt, result) : result;
}

function providerName(providerId: number): string {
  return statements().providerName.get({ providerId })?.name ?? '';
}

type NewLedgerEntry = Omit<typeof ledgerEntries.$inferInsert, 'receiptNumber'>;

/** Inserts the row with a receipt number no other row has (inside the caller's immediate()). */
function insertWithFreshReceipt(month: string, entry: NewLedgerEntry): string {
  const sql = statements();
  for (let attempt = 0; ; attempt++) {
    const receiptNumber = newReceiptNumber(month);
    const clash = sql.entryByReceipt.get({ receipt: receiptNumber });
    if (clash && attempt < 5) continue;
    sql.insertEntry.run({ refundOfId: null, reason: null, createdAt: currentTime().toISOString(), ...entry, receiptNumber });
    return receiptNumber;
  }
}

export type RefundResult =
  | { kind: 'refunded'; receiptNumber: string; duplicate: boolean }
  | { kind: 'notFound' } // no such charge of this provider
  | { kind: 'tooLate' } // only on the day of the charge
  | { kind: 'alreadyRefunded' }
  | { kind: 'invoiced' } // the charge's month has been marked invoiced
  | { kind: 'notApproved' } // the provider is suspended (or otherwise not approved)
  | { kind: 'formUsed' }; // this form's key already made another ledger row

/** A provider refunds its own charge on the day it was made; the refund is a new ledger row. */
export function refundCharge(actor: ProviderActor, chargeReceipt: string, reason: string, idempotencyKey: string, now = currentTime()): RefundResult {
  const key = `${actor.userId}:${idempotencyKey}`;
  const result = immediate((tx): RefundResult => {
    const charge = tx
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.receiptNumber, chargeReceipt), eq(ledgerEntries.kind, 'charge'), eq(ledgerEntries.providerId, actor.providerId)))
      .get();
    const again = existingByKey(key);
    if (again) {
      // Only a resend of this very refund answers "refunded"; a key that made a charge, or a refund
      // of another charge, must not pass for a refund that never happened.
      const same = again.kind === 'refund' && charge !== undefined && again.refundOfId === charge.id;
      return same ? { kind: 'refunded', receiptNumber: again.receiptNumber, duplicate: true } : { kind: 'formUsed' };
    }
    if (!charge) return { kind: 'notFound' };
    if (statements().providerStatus.get({ providerId: actor.providerId })?.status !== 'approved') return { kind: 'notApproved' };
    const disputed = openDisputeOf(tx, charge.id) !== undefined;
    if (!isRefundable({ kind: 'charge', createdAt: charge.createdAt, refunded: false, disputed }, now)) return { kind: 'tooLate' };
    const refunded = tx.select({ id: ledgerEntries.id }).from(ledgerEntries).where(eq(ledgerEntries.refundOfId, charge.id)).get();
    if (refunded) return { kind: 'alreadyRefunded' };
    if (monthInvoiced(charge.providerId, charge.budgetMonth)) return { kind: 'invoiced' };
    const receiptNumber = insertWithFreshReceipt(charge.budgetMonth, {
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
    // The month's kept rows (a disputed charge of a closed month) no longer hold. Always, not only
    // for a past month by this clock: for the current month the deletes find nothing.
    forgetClosedMonth(tx, charge.budgetMonth);
    audit({
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
    queueReceipt({
      kind: 'refund',
      clientId: charge.clientId,
      providerName: providerName(charge.providerId),
      serviceNameFi: service.nameFi,
      serviceNameSv: service.nameSv,
      amountCents: charge.amountCents,
      serviceDate: charge.serviceDate,
      receiptNumber,
      monthlyCents: line.monthlyCents,
      remainingCents: line.monthlyCents - usedThisMonth(charge.clientId, charge.serviceId, charge.budgetMonth),
      nextMonthStarts: firstDayOf(addMonths(charge.budgetMonth, 1)),
    });
    return { kind: 'refunded', receiptNumber, duplicate: false };
  });
  if (result.kind === 'refunded' && !result.duplicate) afterQueued();
  return result;
}
