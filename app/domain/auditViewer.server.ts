// Reading the audit log: who did what and when, filtered by kind of event, person and dates.
// Read-only: the log itself refuses UPDATE and DELETE (triggers).
import { and, asc, desc, eq, gt, gte, inArray, like, lt, or, type SQL } from 'drizzle-orm';
import { getDb } from '../../db/client.server';
import { auditLog, users } from '../../db/schema';
import { addDays, helsinkiMidnightUtc, isIsoDate } from './months';
import { keysetPage, requestedKeyset, type Keyset } from './paging';

export const AUDIT_PAGE_SIZE = 50;

/** Kinds of event an administrator filters by, and the actions each covers. */
export const AUDIT_CATEGORIES = {
  signIns: { prefixes: ['auth.'], actions: [] },
  lookups: { prefixes: [], actions: ['charge.lookup', 'charge.refused', 'charge.locked', 'client.viewed'] },
  charges: { prefixes: [], actions: ['charge.created'] },
  refunds: { prefixes: [], actions: ['charge.refunded'] },
  decisions: { prefixes: ['decision.'], actions: [] },
  plans: { prefixes: ['plan.'], actions: [] },
  approvals: { prefixes: ['provider.', 'service.'], actions: [] },
  users: { prefixes: ['user.', 'client.'], actions: [] },
  settlement: { prefixes: ['settlement.'], actions: [] },
} as const satisfies Record<string, { prefixes: readonly string[]; actions: readonly string[] }>;

export type AuditCategory = keyof typeof AUDIT_CATEGORIES;
export const AUDIT_CATEGORY_NAMES = Object.keys(AUDIT_CATEGORIES) as AuditCategory[];

// The log only grows (every look-up and charge adds a row), so it is paged by id (keyset): no
// count and no offset, the thousandth page costs what the first does.
export type AuditFilter = { category: AuditCategory | null; actorEmail: string; clientId: number | null; from: string | null; to: string | null; keyset: Keyset };

/** The filter from the query string; anything unreadable is simply not applied. */
export function auditFilterFrom(url: URL): AuditFilter {
  const params = url.searchParams;
  const category = params.get('category') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const client = params.get('client') ?? '';
  return {
    category: (AUDIT_CATEGORY_NAMES as string[]).includes(category) ? (category as AuditCategory) : null,
    actorEmail: (params.get('actor') ?? '').trim().toLowerCase().slice(0, 200),
    from: isIsoDate(from) ? from : null,
    to: isIsoDate(to) ? to : null,
    clientId: /^\d{1,12}$/.test(client) && Number(client) > 0 ? Number(client) : null,
    keyset: requestedKeyset(url),
  };
}

function conditions(filter: AuditFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.category) {
    const { prefixes, actions } = AUDIT_CATEGORIES[filter.category];
    const parts: SQL[] = prefixes.map((prefix) => like(auditLog.action, `${prefix}%`));
    if (actions.length) parts.push(inArray(auditLog.action, [...actions]));
    const any = or(...parts);
    if (any) where.push(any);
  }
  if (filter.clientId !== null) where.push(eq(auditLog.subjectType, 'client'), eq(auditLog.subjectId, String(filter.clientId)));
  if (filter.actorEmail) where.push(like(users.email, `%${filter.actorEmail.replace(/[%_]/g, '')}%`));
  // Dates are Helsinki days; timestamps are UTC. A day in Helsinki starts 2–3 h before UTC midnight,
  // so compare with the instant of local midnight.
  if (filter.from) where.push(gte(auditLog.createdAt, helsinkiMidnightUtc(filter.from)));
  if (filter.to) where.push(lt(auditLog.createdAt, helsinkiMidnightUtc(addDays(filter.to, 1))));
  return where;
}

export function auditEntries(filter: AuditFilter) {
  const db = getDb();
  const { keyset } = filter;
  const where = conditions(filter);
  if (keyset.before !== null) where.push(lt(auditLog.id, keyset.before));
  if (keyset.after !== null) where.push(gt(auditLog.id, keyset.after));
  const page = keysetPage(keyset, (limit) =>
    db
      .select({
        id: auditLog.id,
        createdAt: auditLog.createdAt,
        action: auditLog.action,
        subjectType: auditLog.subjectType,
        subjectId: auditLog.subjectId,
        details: auditLog.details,
        ip: auditLog.ip,
        actorEmail: users.email,
        actorFirstName: users.firstName,
        actorLastName: users.lastName,
        actorRole: users.role,
      })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorUserId))
      .where(and(...where))
      .orderBy(keyset.after !== null ? asc(auditLog.id) : desc(auditLog.id))
      .limit(limit)
      .all(),
  AUDIT_PAGE_SIZE);
  return { ...page, rows: page.rows.map((row) => ({ ...row, details: row.details ? JSON.stringify(row.details) : '' })) };
}
