// The access log: who looked at or changed one client's data, when, what, why, and whether it
// was allowed (703/2023 §11, 906/2019 §17). Rows are written by the access guards in
// app/auth/guards.server.ts (and by the charge look-up, which finds its client by phone number);
// the client and a representative acting for them read them on /my-data/access.
import { and, count, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { getDb } from '../../db/client.server';
import {
  accessLog,
  providers,
  users,
  type AccessBasis,
  type AccessKind,
  type AccessReason,
  type Role,
} from '../../db/schema';
import { audit } from './audit.server';
import { preparedPerConnection } from './prepared.server';
import { currentTime } from './clock';
import { addMonths, firstDayOf, helsinkiDate, helsinkiMonth } from './months';

export type AccessEntry = {
  clientId: number;
  actor: { id: number; role: Role; ip?: string; providerId?: number | null };
  kind: AccessKind;
  basis: AccessBasis;
  reason?: { code: AccessReason; text: string } | null;
  succeeded: boolean;
};

const insertAccess = preparedPerConnection((db) =>
  db
    .insert(accessLog)
    .values({
      clientId: sql.placeholder('clientId'),
      actorUserId: sql.placeholder('actorUserId'),
      actorRole: sql.placeholder('actorRole'),
      providerId: sql.placeholder('providerId'),
      recordKind: sql.placeholder('recordKind'),
      basis: sql.placeholder('basis'),
      reasonCode: sql.placeholder('reasonCode'),
      reasonText: sql.placeholder('reasonText'),
      succeeded: sql.placeholder('succeeded'),
      ip: sql.placeholder('ip'),
      createdAt: sql.placeholder('createdAt'),
    })
    .prepare(),
);

/**
 * Appends one access row on the app's connection (getDb(), where the insert is prepared): inside
 * the caller's immediate() when one is open, since a transaction belongs to its connection.
 */
export function recordAccess(entry: AccessEntry, now = currentTime()): void {
  insertAccess().run({
    clientId: entry.clientId,
    actorUserId: entry.actor.id,
    actorRole: entry.actor.role,
    providerId: entry.actor.providerId ?? null,
    recordKind: entry.kind,
    basis: entry.basis,
    reasonCode: entry.reason?.code ?? null,
    reasonText: entry.reason?.text ?? null,
    succeeded: entry.succeeded,
    ip: entry.actor.ip ?? null,
    createdAt: now.toISOString(),
  });
}

/** How long a stated reason lets a worker or administrator keep opening a client not their own. */
export const STATED_REASON_MINUTES = 60;

/** The reason the actor gave for this client within the last hour, if any. */
export function statedReason(actorId: number, clientId: number, now = currentTime()): { code: AccessReason; text: string } | undefined {
  const since = new Date(now.getTime() - STATED_REASON_MINUTES * 60_000).toISOString();
  const row = getDb()
    .select({ code: accessLog.reasonCode, text: accessLog.reasonText })
    .from(accessLog)
    .where(
      and(
        eq(accessLog.actorUserId, actorId),
        eq(accessLog.clientId, clientId),
        eq(accessLog.recordKind, 'reason'),
        eq(accessLog.basis, 'stated_reason'),
        gte(accessLog.createdAt, since),
      ),
    )
    .orderBy(desc(accessLog.id))
    .get();
  return row?.code ? { code: row.code, text: row.text ?? '' } : undefined;
}

export const ACCESS_PAGE_SIZE = 20;

export type AccessFilter = { month?: string | null; kind?: AccessKind | null; page?: number };

const actorUser = alias(users, 'actor_user');

/** The instant a Helsinki month begins (midnight in Helsinki, +02 or +03), as an ISO string. */
export function helsinkiMonthStart(month: string): string {
  const day = firstDayOf(month);
  for (const offset of ['+02:00', '+03:00']) {
    const instant = new Date(`${day}T00:00:00${offset}`);
    if (helsinkiDate(instant) === day && helsinkiDate(new Date(instant.getTime() - 1)) !== day) return instant.toISOString();
  }
  throw new Error(`no Helsinki midnight for ${day}`);
}

function filterOf(clientId: number, filter: AccessFilter) {
  return and(
    eq(accessLog.clientId, clientId),
    filter.month ? gte(accessLog.createdAt, helsinkiMonthStart(filter.month)) : undefined,
    filter.month ? lt(accessLog.createdAt, helsinkiMonthStart(addMonths(filter.month, 1))) : undefined,
    filter.kind ? eq(accessLog.recordKind, filter.kind) : undefined,
  );
}

/**
 * One page of the client's access rows, newest first. A provider's staff member is shown as the
 * provider (its name, not the person's): the client deals with the company.
 */
export function accessRowsFor(clientId: number, filter: AccessFilter = {}) {
  const db = getDb();
  const where = filterOf(clientId, filter);
  const total = db.select({ n: count() }).from(accessLog).where(where).get()?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / ACCESS_PAGE_SIZE));
  const page = Math.min(Math.max(1, filter.page ?? 1), pages);
  const rows = db
    .select({
      id: accessLog.id,
      createdAt: accessLog.createdAt,
      role: accessLog.actorRole,
      kind: accessLog.recordKind,
      basis: accessLog.basis,
      reasonCode: accessLog.reasonCode,
      reasonText: accessLog.reasonText,
      succeeded: accessLog.succeeded,
      firstName: actorUser.firstName,
      lastName: actorUser.lastName,
      providerName: providers.name,
    })
    .from(accessLog)
    .leftJoin(actorUser, eq(actorUser.id, accessLog.actorUserId))
    .leftJoin(providers, eq(providers.id, accessLog.providerId))
    .where(where)
    .orderBy(desc(accessLog.createdAt), desc(accessLog.id))
    .limit(ACCESS_PAGE_SIZE)
    .offset((page - 1) * ACCESS_PAGE_SIZE)
    .all();
  return {
    total,
    page,
    pages,
    rows: rows.map(({ firstName, lastName, providerName, ...row }) => ({
      ...row,
      who: row.role === 'provider' ? (providerName ?? '') : `${firstName ?? ''} ${lastName ?? ''}`.trim(),
    })),
  };
}

export type AccessRow = ReturnType<typeof accessRowsFor>['rows'][number];

/** Every access row of the client, oldest first (for the data copy). */
export function allAccessRowsFor(clientId: number): AccessRow[] {
  const { total } = accessRowsFor(clientId, {});
  const rows: AccessRow[] = [];
  for (let page = 1; page <= Math.ceil(total / ACCESS_PAGE_SIZE); page++) rows.push(...accessRowsFor(clientId, { page }).rows);
  return rows.reverse();
}

/** Helsinki months that have access rows for the client, newest first. */
export function accessMonths(clientId: number): string[] {
  const bounds = getDb()
    .select({ first: sql<string | null>`min(${accessLog.createdAt})`, last: sql<string | null>`max(${accessLog.createdAt})` })
    .from(accessLog)
    .where(eq(accessLog.clientId, clientId))
    .get();
  if (!bounds?.first || !bounds.last) return [];
  const months: string[] = [];
  const first = helsinkiMonth(new Date(bounds.first));
  for (let month = helsinkiMonth(new Date(bounds.last)); month >= first; month = addMonths(month, -1)) months.push(month);
  return months;
}

/** Rows written before `before` (for retention tests and counts). */
export function accessRowsBefore(clientId: number, before: string): number {
  return (
    getDb()
      .select({ n: count() })
      .from(accessLog)
      .where(and(eq(accessLog.clientId, clientId), lt(accessLog.createdAt, before)))
      .get()?.n ?? 0
  );
}

/**
 * A client or a representative acting for them read the access log or took a copy of the data.
 * Their own reads are not access rows (it is their own data) but they are logged, in the audit log.
 */
export function noteOwnDataRead(actor: { id: number; role: Role; ip?: string }, clientId: number, what: 'access_log' | 'copy' | 'copy_json'): void {
  audit({ actorUserId: actor.id, action: `my_data.${what}`, subjectType: 'client', subjectId: clientId, details: { role: actor.role }, actingForClientId: clientId, ip: actor.ip });
}
