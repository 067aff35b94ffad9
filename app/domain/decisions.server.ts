// Budget decisions made by a client's own worker: create, end, replace from a date. A decision is
// never rewritten: ending it shortens valid_to (the one UPDATE the database allows), replacing it
// ends the old one the day before and adds a new one that points at it. Ledger rows keep the
// budget line they were charged to, so no decision change alters what was already charged.
import { and, asc, eq, gte, inArray, isNull, lte, ne, or } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '../../db/client.server';
import { budgetLines, clients, decisions, services } from '../../db/schema';
import { parseId, type Actor } from '../auth/guards.server';
import { audit } from './audit.server';
import { immediate, type Tx } from './transaction.server';
import { currentTime } from './clock';
import { afterQueued, budgetLink, clientRecipients, queueNotifications } from './notifications.server';
import { addDays, addMonths, firstDayOf, helsinkiDate, helsinkiMonth, isIsoDate, lastDayOf } from './months';
import { parseEurosToCents } from './money';
import type { FieldErrors } from '../utils/fieldErrors';


/** Rows of service + monthly amount on the decision form (no JavaScript: a fixed number). */
export const DECISION_FORM_ROWS = 5;
/** A sensible maximum for one line: 10 000,00 € a month. */
export const MAX_MONTHLY_CENTS = 1_000_000;
/**
 * The pilot's rule for family caregivers of special-needs children: statutory caregiver's leave
 * may be swapped for services worth at most 300 € a month. On a decision marked as such a swap,
 * every line must be a caregiver service (services.category = 'caregiver') and the lines
 * together may be at most 30 000 cents a month. Other decisions (older and disabled people's
 * HB) may use the same services without this cap.
 */
export const CAREGIVER_SWAP_CAP_CENTS = 30_000;
/** How far ahead a decision may start. */
const MAX_MONTHS_AHEAD = 24;

export type DecisionLineInput = { row: number; serviceId: number; monthlyCents: number };
export type DecisionInput = {
  validFrom: string;
  validTo: string | null;
  caregiverLeaveSwap: boolean;
  note: string;
  lines: DecisionLineInput[];
};

export type { FieldErrors };

const E = (key: string) => `backoffice:decision.errors.${key}`;


const optionalDate = z
  .string()
  .trim()
  .optional()
  .refine((value) => !value || isIsoDate(value), E('dateInvalid'));

const rowFields: Record<string, z.ZodOptional<z.ZodString>> = {};
for (let row = 1; row <= DECISION_FORM_ROWS; row++) {
  rowFields[`serviceId_${row}`] = z.string().optional();
  rowFields[`amount_${row}`] = z.string().optional();
}

/** The form of a new decision (also used when replacing one: validFrom is the change date). */
export const decisionFormSchema = z
  .object({
    validFrom: z
      .string(E('fromRequired'))
      .trim()
      .min(1, E('fromRequired'))
      .refine((value) => isIsoDate(value), E('dateInvalid')),
    validTo: optionalDate,
    caregiverLeaveSwap: z.literal('yes').optional(),
    note: z.string().trim().max(2000, 'common:errors.tooLong').optional(),
    ...rowFields,
  })
  .superRefine((form, ctx) => {
    const values = form as Record<string, string | undefined>;
    let filled = 0;
    const seen = new Set<string>();
    for (let row = 1; row <= DECISION_FORM_ROWS; row++) {
      const service = values[`serviceId_${row}`]?.trim() ?? '';
      const amount = values[`amount_${row}`]?.trim() ?? '';
      if (!service && !amount) continue;
      filled++;
      if (parseId(service, null) === null) ctx.addIssue({ code: 'custom', message: E('serviceRequired'), path: [`serviceId_${row}`] });
      else if (seen.has(service)) ctx.addIssue({ code: 'custom', message: E('serviceTwice'), path: [`serviceId_${row}`] });
      seen.add(service);
      const cents = parseEurosToCents(amount);
      if (!amount) ctx.addIssue({ code: 'custom', message: E('amountRequired'), path: [`amount_${row}`] });
      else if (cents === null || cents <= 0) ctx.addIssue({ code: 'custom', message: E('amountInvalid'), path: [`amount_${row}`] });
      else if (cents > MAX_MONTHLY_CENTS) ctx.addIssue({ code: 'custom', message: E('amountTooLarge'), path: [`amount_${row}`] });
    }
    if (filled === 0) ctx.addIssue({ code: 'custom', message: E('linesRequired'), path: ['serviceId_1'] });
    if (form.validTo && form.validFrom && isIsoDate(form.validFrom) && form.validTo < form.validFrom) {
      ctx.addIssue({ code: 'custom', message: E('toBeforeFrom'), path: ['validTo'] });
    }
  });

/** The decision as the domain sees it, from a validated form. */
export function decisionInputFrom(form: z.infer<typeof decisionFormSchema>): DecisionInput {
  const values = form as Record<string, string | undefined>;
  const lines: DecisionLineInput[] = [];
  for (let row = 1; row <= DECISION_FORM_ROWS; row++) {
    const service = values[`serviceId_${row}`]?.trim();
    const amount = values[`amount_${row}`]?.trim();
    if (!service || !amount) continue;
    lines.push({ row, serviceId: Number(service), monthlyCents: parseEurosToCents(amount) ?? 0 });
  }
  return {
    validFrom: form.validFrom,
    validTo: form.validTo ? form.validTo : null,
    caregiverLeaveSwap: form.caregiverLeaveSwap === 'yes',
    note: form.note ?? '',
    lines,
  };
}

/** Services a decision may name: not retired. */
export function decisionServices() {
  return getDb()
    .select({ id: services.id, nameFi: services.nameFi, nameSv: services.nameSv, category: services.category })
    .from(services)
    .where(isNull(services.retiredAt))
    .orderBy(asc(services.nameFi))
    .all();
}

export type DecisionStatus = 'active' | 'future' | 'ended';

export function decisionStatus(decision: { validFrom: string; validTo: string | null }, today: string): DecisionStatus {
  if (decision.validFrom > today) return 'future';
  if (decision.validTo !== null && decision.validTo < today) return 'ended';
  return 'active';
}

/** A client's decisions, newest first, each with its lines. */
export function decisionsOf(clientId: number, now = currentTime()) {
  const db = getDb();
  const today = helsinkiDate(now);
  const rows = db.select().from(decisions).where(eq(decisions.clientId, clientId)).all();
  rows.sort((a, b) => (a.validFrom === b.validFrom ? b.id - a.id : a.validFrom < b.validFrom ? 1 : -1));
  const ids = rows.map((row) => row.id);
  const lines = ids.length
    ? db
        .select({
          decisionId: budgetLines.decisionId,
          lineId: budgetLines.id,
          serviceId: services.id,
          serviceNameFi: services.nameFi,
          serviceNameSv: services.nameSv,
          category: services.category,
          monthlyCents: budgetLines.monthlyCents,
        })
        .from(budgetLines)
        .innerJoin(services, eq(services.id, budgetLines.serviceId))
        .where(inArray(budgetLines.decisionId, ids))
        .orderBy(asc(services.nameFi))
        .all()
    : [];
  return rows.map((decision) => ({
    ...decision,
    status: decisionStatus(decision, today),
    lines: lines.filter((line) => line.decisionId === decision.id),
  }));
}

export type DecisionView = ReturnType<typeof decisionsOf>[number];

/** One decision of the client, or undefined (the route's guard has checked whose client it is). */
export function decisionOf(clientId: number, decisionId: number, now = currentTime()) {
  return decisionsOf(clientId, now).find((decision) => decision.id === decisionId);
}

export type DecisionResult = { kind: 'saved'; decisionId: number } | { kind: 'invalid'; errors: FieldErrors } | { kind: 'notFound' };

/** Lines of the client's other decisions that would be in force on the same days for a service. */
function overlapping(tx: Tx, clientId: number, serviceIds: number[], from: string, to: string | null, exceptDecisionId: number | null) {
  if (serviceIds.length === 0) return [];
  const conditions = [
    eq(decisions.clientId, clientId),
    inArray(budgetLines.serviceId, serviceIds),
    or(isNull(decisions.validTo), gte(decisions.validTo, from)),
  ];
  if (to !== null) conditions.push(lte(decisions.validFrom, to));
  if (exceptDecisionId !== null) conditions.push(ne(decisions.id, exceptDecisionId));
  return tx
    .select({ serviceId: budgetLines.serviceId, decisionId: decisions.id })
    .from(budgetLines)
    .innerJoin(decisions, eq(decisions.id, budgetLines.decisionId))
    .where(and(...conditions))
    .all();
}

/**
 * The most the client's other caregiver's-leave swap decisions grant a month on any one day of
 * [from, to]: their lines are added to the new decision's against the cap. The decision being
 * replaced (it ends the day before the new one starts) is left out.
 */
function otherSwapCents(tx: Tx, clientId: number, from: string, to: string | null, exceptDecisionId: number | null): number {
  const conditions = [
    eq(decisions.clientId, clientId),
    eq(decisions.caregiverLeaveSwap, true),
    or(isNull(decisions.validTo), gte(decisions.validTo, from)),
  ];
  if (to !== null) conditions.push(lte(decisions.validFrom, to));
  if (exceptDecisionId !== null) conditions.push(ne(decisions.id, exceptDecisionId));
  const others = tx
    .select({ id: decisions.id, validFrom: decisions.validFrom, validTo: decisions.validTo, monthlyCents: budgetLines.monthlyCents })
    .from(budgetLines)
    .innerJoin(decisions, eq(decisions.id, budgetLines.decisionId))
    .where(and(...conditions))
    .all();
  // The total in force is highest on a day some decision begins: the new one's start or a later one's.
  const days = new Set([from, ...others.map((o) => o.validFrom).filter((day) => day > from)]);
  let most = 0;
  for (const day of days) {
    const total = others
      .filter((o) => o.validFrom <= day && (o.validTo === null || o.validTo >= day))
      .reduce((sum, o) => sum + o.monthlyCents, 0);
    most = Math.max(most, total);
  }
  return most;
}

/** Every rule of a new decision that needs the database. Errors are keyed by form field. */
function checkDecision(
  tx: Tx,
  client: { id: number; group: string },
  input: DecisionInput,
  today: string,
  options: { exceptDecisionId: number | null; earliestFrom: string },
): FieldErrors {
  const latestFrom = lastDayOf(addMonths(today.slice(0, 7), MAX_MONTHS_AHEAD));
  const errors: FieldErrors = {};
  if (client.group !== 'hb') errors.form = E('comparisonGroup');
  if (input.validFrom < options.earliestFrom) errors.validFrom = E(options.exceptDecisionId === null ? 'fromTooEarly' : 'changeTooEarly');
  if (input.validFrom > latestFrom) errors.validFrom = E('fromTooLate');
  if (input.validTo !== null && input.validTo < input.validFrom) errors.validTo = E('toBeforeFrom');
  if (input.validTo !== null && input.validTo < today) errors.validTo = E('toInPast');
  if (input.lines.length === 0) errors.serviceId_1 = E('linesRequired');
  const found = tx
    .select()
    .from(services)
    .where(inArray(services.id, input.lines.map((line) => line.serviceId).concat(-1)))
    .all();
  let caregiverCents = 0;
  for (const line of input.lines) {
    const service = found.find((s) => s.id === line.serviceId);
    if (!service || service.retiredAt) {
      errors[`serviceId_${line.row}`] = E('serviceRequired');
      continue;
    }
    if (!Number.isInteger(line.monthlyCents) || line.monthlyCents <= 0) errors[`amount_${line.row}`] = E('amountInvalid');
    else if (line.monthlyCents > MAX_MONTHLY_CENTS) errors[`amount_${line.row}`] = E('amountTooLarge');
    if (input.caregiverLeaveSwap) {
      if (service.category !== 'caregiver') errors[`serviceId_${line.row}`] = E('notCaregiverService');
      caregiverCents += line.monthlyCents;
    }
  }
  if (input.caregiverLeaveSwap) {
    // The cap is the client's, not the decision's: other swap decisions in force at the same time count too.
    caregiverCents += otherSwapCents(tx, client.id, input.validFrom, input.validTo, options.exceptDecisionId);
    if (caregiverCents > CAREGIVER_SWAP_CAP_CENTS) errors.caregiverLeaveSwap = E('caregiverCap');
  }
  const clashes = overlapping(
    tx,
    client.id,
    input.lines.map((line) => line.serviceId),
    input.validFrom,
    input.validTo,
    options.exceptDecisionId,
  );
  for (const clash of clashes) {
    const line = input.lines.find((l) => l.serviceId === clash.serviceId);
    if (line) errors[`serviceId_${line.row}`] = E('overlap');
  }
  return errors;
}

function insertDecision(tx: Tx, actor: Actor, clientId: number, input: DecisionInput, replacesDecisionId: number | null): number {
  const { id } = tx
    .insert(decisions)
    .values({
      clientId,
      workerId: actor.id,
      validFrom: input.validFrom,
      validTo: input.validTo,
      replacesDecisionId,
      note: input.note,
      caregiverLeaveSwap: input.caregiverLeaveSwap,
    })
    .returning({ id: decisions.id })
    .get();
  tx.insert(budgetLines)
    .values(input.lines.map((line) => ({ decisionId: id, serviceId: line.serviceId, monthlyCents: line.monthlyCents })))
    .run();
  return id;
}

const auditLines = (input: DecisionInput) => input.lines.map(({ serviceId, monthlyCents }) => ({ serviceId, monthlyCents }));

/**
 * A new decision for one of the worker's own clients. It may start on the first day of the
 * current month at the earliest: earlier months are settled history.
 */
export function createDecision(actor: Actor, clientId: number, input: DecisionInput, now = currentTime()): DecisionResult {
  const today = helsinkiDate(now);
  return afterSaved(immediate((tx): DecisionResult => {
    const client = tx.select().from(clients).where(and(eq(clients.id, clientId), eq(clients.ownWorkerId, actor.id))).get();
    if (!client) return { kind: 'notFound' };
    const errors = checkDecision(tx, client, input, today, { exceptDecisionId: null, earliestFrom: firstDayOf(helsinkiMonth(now)) });
    if (Object.keys(errors).length > 0) return { kind: 'invalid', errors };
    const decisionId = insertDecision(tx, actor, clientId, input, null);
    audit({
      actorUserId: actor.id,
      action: 'decision.created',
      subjectType: 'decision',
      subjectId: decisionId,
      details: { clientId, validFrom: input.validFrom, validTo: input.validTo, caregiverLeaveSwap: input.caregiverLeaveSwap, lines: auditLines(input) },
      ip: actor.ip,
    });
    queueNotifications(clientRecipients(clientId), { kind: 'decision', clientId, link: budgetLink(clientId) });
    return { kind: 'saved', decisionId };
  }));
}

function ownDecisionRow(tx: Tx, actor: Actor, clientId: number, decisionId: number) {
  return tx
    .select({ decision: decisions, client: clients })
    .from(decisions)
    .innerJoin(clients, eq(clients.id, decisions.clientId))
    .where(and(eq(decisions.id, decisionId), eq(decisions.clientId, clientId), eq(clients.ownWorkerId, actor.id)))
    .get();
}

/**
 * Ends a decision: its last valid day becomes `validTo`. Only today or later (charges already
 * made stay inside the decision) and only shorter than before.
 */
export function endDecision(actor: Actor, clientId: number, decisionId: number, validTo: string, now = currentTime()): DecisionResult {
  const today = helsinkiDate(now);
  return afterSaved(immediate((tx): DecisionResult => {
    const found = ownDecisionRow(tx, actor, clientId, decisionId);
    if (!found) return { kind: 'notFound' };
    const { decision } = found;
    if (decision.validTo !== null && decision.validTo < today) return { kind: 'invalid', errors: { form: E('alreadyEnded') } };
    if (!isIsoDate(validTo)) return { kind: 'invalid', errors: { validTo: E('dateInvalid') } };
    if (validTo < today) return { kind: 'invalid', errors: { validTo: E('toInPast') } };
    if (validTo < decision.validFrom) return { kind: 'invalid', errors: { validTo: E('toBeforeFrom') } };
    if (decision.validTo !== null && validTo >= decision.validTo) return { kind: 'invalid', errors: { validTo: E('notShorter') } };
    tx.update(decisions).set({ validTo }).where(eq(decisions.id, decisionId)).run();
    audit({
      actorUserId: actor.id,
      action: 'decision.ended',
      subjectType: 'decision',
      subjectId: decisionId,
      details: { clientId, previousValidTo: decision.validTo, validTo },
      ip: actor.ip,
    });
    queueNotifications(clientRecipients(clientId), { kind: 'decision', clientId, link: budgetLink(clientId) });
    return { kind: 'saved', decisionId };
  }));
}

/**
 * Replaces a decision from a date: the old one ends the day before, the new one starts on that
 * date and points at it. The date is today or later and after the old decision began.
 */
export function replaceDecision(actor: Actor, clientId: number, decisionId: number, input: DecisionInput, now = currentTime()): DecisionResult {
  const today = helsinkiDate(now);
  return afterSaved(immediate((tx): DecisionResult => {
    const found = ownDecisionRow(tx, actor, clientId, decisionId);
    if (!found) return { kind: 'notFound' };
    const { decision, client } = found;
    if (decision.validTo !== null && decision.validTo < today) return { kind: 'invalid', errors: { form: E('alreadyEnded') } };
    const errors = checkDecision(tx, client, input, today, { exceptDecisionId: decisionId, earliestFrom: today });
    if (!errors.validFrom && input.validFrom <= decision.validFrom) errors.validFrom = E('changeBeforeStart');
    if (!errors.validFrom && decision.validTo !== null && input.validFrom > decision.validTo) errors.validFrom = E('changeAfterEnd');
    if (Object.keys(errors).length > 0) return { kind: 'invalid', errors };
    const oldEnds = addDays(input.validFrom, -1);
    tx.update(decisions).set({ validTo: oldEnds }).where(eq(decisions.id, decisionId)).run();
    const newId = insertDecision(tx, actor, clientId, input, decisionId);
    audit({
      actorUserId: actor.id,
      action: 'decision.replaced',
      subjectType: 'decision',
      subjectId: newId,
      details: { clientId, replaces: decisionId, oldValidTo: oldEnds, validFrom: input.validFrom, validTo: input.validTo, lines: auditLines(input) },
      ip: actor.ip,
    });
    queueNotifications(clientRecipients(clientId), { kind: 'decision', clientId, link: budgetLink(clientId) });
    return { kind: 'saved', decisionId: newId };
  }));
}

/** Once the decision's transaction has committed, the delivery worker may send what it queued. */
function afterSaved(result: DecisionResult): DecisionResult {
  if (result.kind === 'saved') afterQueued();
  return result;
}
