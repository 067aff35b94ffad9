// A provider's approval status and the administrator's changes to it (approve, reject, suspend,
// reinstate), with the lists and details the administrator judges from. Approval status changes
// are not budget decisions (`decisions.server.ts`). Every change is audit-logged in its transaction.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { getDb } from '../../db/client.server';
import { auditLog, PROVIDER_STATUSES, providers } from '../../db/schema';
import { audit } from './audit.server';
import { currentTime } from './clock';
import { afterQueued, providerRecipients, queueNotifications } from './notifications.server';
import { offeringHistory } from './ledger.server';
import { providerAreas, providerLanguageCodes } from './providerProfile.server';
import { immediate } from './transaction.server';
import { isOneOf } from '../utils/oneOf';

export type ProviderStatus = (typeof PROVIDER_STATUSES)[number];
/** Who changes provider data: a signed-in user, or nobody (the public application). */
export type Actor = { userId: number | null; ip?: string };

export const STATUS_CHANGES = ['approve', 'reject', 'suspend', 'reinstate'] as const;
export type ProviderStatusChange = (typeof STATUS_CHANGES)[number];

const TRANSITIONS: Record<ProviderStatusChange, { from: ProviderStatus; to: ProviderStatus }> = {
  approve: { from: 'pending', to: 'approved' },
  reject: { from: 'pending', to: 'rejected' },
  suspend: { from: 'approved', to: 'suspended' },
  reinstate: { from: 'suspended', to: 'approved' },
};

/** The status changes an administrator can make to a provider in this status. */
export function statusChangesFor(status: ProviderStatus): ProviderStatusChange[] {
  return STATUS_CHANGES.filter((change) => TRANSITIONS[change].from === status);
}

export type StatusChangeOutcome =
  | { kind: 'done'; status: ProviderStatus }
  | { kind: 'notFound' }
  | { kind: 'conflict'; status: ProviderStatus };

/**
 * Moves a provider from one status to the next. The UPDATE names the status it expects, so two
 * administrators acting at once cannot both win; the loser gets 'conflict'.
 */
export function changeProviderStatus(actor: Actor, providerId: number, change: ProviderStatusChange, reason: string, now = currentTime()): StatusChangeOutcome {
  const { from, to } = TRANSITIONS[change];
  const outcome: StatusChangeOutcome = immediate((tx): StatusChangeOutcome => {
    const current = tx.select({ status: providers.status }).from(providers).where(eq(providers.id, providerId)).get();
    if (!current) return { kind: 'notFound' as const };
    if (current.status !== from) return { kind: 'conflict' as const, status: current.status };
    tx.update(providers)
      .set({
        status: to,
        statusReason: reason || null,
        // "Approved since" is the first approval; a reinstatement keeps it.
        ...(change === 'approve' ? { approvedAt: now.toISOString() } : {}),
      })
      .where(and(eq(providers.id, providerId), eq(providers.status, from)))
      .run();
    audit({
      actorUserId: actor.userId,
      action: `provider.${change}`,
      subjectType: 'provider',
      subjectId: providerId,
      details: { from, to, reason },
      ip: actor.ip,
    });
    // An application approved or rejected is told to the provider; the reason is not sent.
    if (change === 'approve' || change === 'reject') {
      const name = tx.select({ name: providers.name }).from(providers).where(eq(providers.id, providerId)).get()?.name ?? '';
      queueNotifications(providerRecipients(tx, providerId), { kind: 'application', values: { provider: name } });
    }
    return { kind: 'done' as const, status: to };
  });
  if (outcome.kind === 'done') afterQueued();
  return outcome;
}

// Lists and details for the administrator.

export type ProviderListRow = { id: number; name: string; businessId: string; createdAt: string; approvedAt: string | null; statusReason: string | null };

const listColumns = {
  id: providers.id,
  name: providers.name,
  businessId: providers.businessId,
  createdAt: providers.createdAt,
  approvedAt: providers.approvedAt,
  statusReason: providers.statusReason,
};

/** Providers in one status; pending ones oldest first (a queue), others by name. */
export function providersInStatus(status: ProviderStatus, options: { text?: string; limit?: number } = {}): { rows: ProviderListRow[]; total: number } {
  const db = getDb();
  const text = (options.text ?? '').trim();
  const where = and(
    eq(providers.status, status),
    text ? sql`instr(lower(${providers.name} || ' ' || ${providers.businessId}), ${text.toLowerCase()}) > 0` : undefined,
  );
  const total = db.select({ n: sql<number>`count(*)` }).from(providers).where(where).get()?.n ?? 0;
  const query = db
    .select(listColumns)
    .from(providers)
    .where(where)
    .orderBy(...(status === 'pending' ? [asc(providers.createdAt), asc(providers.id)] : [sql`${providers.name} collate nocase`, asc(providers.id)]));
  const rows = options.limit ? query.limit(options.limit).all() : query.all();
  return { rows, total };
}

/** Everything an administrator needs to judge a provider, with its status changes so far. */
export function providerForAdmin(providerId: number) {
  const db = getDb();
  const provider = db.select().from(providers).where(eq(providers.id, providerId)).get();
  if (!provider) return undefined;
  const history = db
    .select({ action: auditLog.action, details: auditLog.details, createdAt: auditLog.createdAt })
    .from(auditLog)
    .where(and(eq(auditLog.subjectType, 'provider'), eq(auditLog.subjectId, String(providerId))))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .all()
    .flatMap((row) => {
      const change = row.action.slice('provider.'.length);
      return row.action.startsWith('provider.') && isOneOf(STATUS_CHANGES, change) ? [{ row, change }] : [];
    })
    .map(({ row, change }) => ({ change, reason: String(row.details?.reason ?? ''), createdAt: row.createdAt }));
  return {
    provider,
    offerings: offeringHistory(providerId),
    areas: providerAreas(providerId),
    languages: providerLanguageCodes(providerId),
    history,
  };
}
