// What Avain keeps and for how long: the rules in one place, and the job that applies them. The
// reasons and sources are in docs/decisions/018-data-retention.md. The job runs in the server
// process every night (croner, app/server.ts) and by hand with `npm run retention`; every run is a
// row in retention_runs with its counts, and one log line.
//
// A client who has left is anonymised, not deleted: the client row keeps its id, group,
// municipality and own worker, so every ledger row, settlement and evaluation total stays true;
// names, phone, login, representatives, plans, messages and decision notes go. Ledger rows are
// never touched (their triggers would refuse it anyway). Messages, conversations, plans and
// access-log rows may be deleted only while a run is open and only for a client that run has
// erased: the triggers in migration 0008 check that.
import { and, eq, inArray, isNotNull, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { getDb, type AppDatabase } from '../../db/client.server';
import {
  accessLog,
  clientPlans,
  clients,
  conversations,
  decisions,
  loginAttempts,
  messageReads,
  messages,
  notificationOutbox,
  representativeLinks,
  retentionErasures,
  retentionRuns,
  sessions,
  signInRefusals,
  users,
} from '../../db/schema';
import { IDLE_MINUTES } from '../auth/session.server';
import { currentTime } from './clock';
import { helsinkiDate } from './months';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The periods, one per kind of record. Changing one: change docs/decisions/018-data-retention.md too. */
export const RETENTION = {
  /** Ended sessions (past their end or idle too long): removed at the next run. */
  endedSessionDays: 0,
  /** Sign-in attempts: the limits look back 15 minutes; kept a week to see an attack afterwards. */
  loginAttemptDays: 7,
  /** Counted refusals during a lockout: as sign-in attempts. */
  signInRefusalDays: 7,
  /** Notification outbox rows: a month after delivery (undelivered rows stay until sent). */
  outboxMonthsAfterDelivery: 1,
  /** A client who has left: personal data 10 years after the matter closed (disability and elderly services). */
  closedClientYears: 10,
  /** Access-log rows: as long as the data they describe, and at least two years. */
  accessLogMinimumYears: 2,
} as const;

export type RetentionCounts = {
  sessions: number;
  loginAttempts: number;
  signInRefusals: number;
  outbox: number;
  clientsAnonymised: number;
  messages: number;
  conversations: number;
  plans: number;
  accessLog: number;
};

function yearsBefore(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const shifted = new Date(Date.UTC(y - years, m - 1, d));
  // 29 February in a year without one becomes 28 February, not 1 March.
  if (shifted.getUTCMonth() !== m - 1) shifted.setUTCDate(0);
  return shifted.toISOString().slice(0, 10);
}

function monthsBefore(instant: Date, months: number): string {
  const shifted = new Date(instant);
  shifted.setUTCMonth(shifted.getUTCMonth() - months);
  return shifted.toISOString();
}

/**
 * The cut-offs for `now`: a row older than its cut-off goes. A closed client's data goes when the
 * matter closed before the day `closedBefore` (so on the tenth anniversary it is still kept).
 */
export function retentionCutoffs(now = currentTime()) {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    sessionsEndedBefore: iso(now.getTime() - RETENTION.endedSessionDays * DAY_MS),
    sessionsIdleBefore: iso(now.getTime() - RETENTION.endedSessionDays * DAY_MS - IDLE_MINUTES * 60_000),
    loginAttemptsBefore: iso(now.getTime() - RETENTION.loginAttemptDays * DAY_MS),
    signInRefusalsBefore: iso(now.getTime() - RETENTION.signInRefusalDays * DAY_MS),
    outboxSentBefore: monthsBefore(now, RETENTION.outboxMonthsAfterDelivery),
    closedBefore: yearsBefore(helsinkiDate(now), RETENTION.closedClientYears),
    accessLogBefore: monthsBefore(now, RETENTION.accessLogMinimumYears * 12),
  };
}

type Tx = Parameters<Parameters<AppDatabase['transaction']>[0]>[0];

/** Removes one client's personal data and keeps the row that the ledger and the reports count. */
function anonymiseClient(tx: Tx, client: { id: number; userId: number | null }, counts: RetentionCounts, nowIso: string): void {
  const conversationIds = tx.select({ id: conversations.id }).from(conversations).where(eq(conversations.clientId, client.id)).all().map((row) => row.id);
  if (conversationIds.length) {
    counts.messages += tx.delete(messages).where(inArray(messages.conversationId, conversationIds)).run().changes;
    tx.delete(messageReads).where(inArray(messageReads.conversationId, conversationIds)).run();
    counts.conversations += tx.delete(conversations).where(inArray(conversations.id, conversationIds)).run().changes;
  }
  counts.plans += tx.delete(clientPlans).where(eq(clientPlans.clientId, client.id)).run().changes;
  tx.update(decisions).set({ note: '' }).where(and(eq(decisions.clientId, client.id), ne(decisions.note, ''))).run();
  tx.delete(representativeLinks).where(eq(representativeLinks.clientId, client.id)).run();
  tx.update(clients)
    .set({ firstName: '–', lastName: '–', phone: `erased:${client.id}`, userId: null, erasedAt: nowIso })
    .where(eq(clients.id, client.id))
    .run();
  if (client.userId !== null) {
    tx.delete(sessions).where(eq(sessions.userId, client.userId)).run();
    tx.delete(notificationOutbox).where(eq(notificationOutbox.userId, client.userId)).run();
    tx.update(users)
      .set({ email: `erased-${client.userId}@invalid`, firstName: '–', lastName: '–', phone: null, passwordHash: '!', active: false, temporaryPasswordExpiresAt: null })
      .where(eq(users.id, client.userId))
      .run();
  }
}

/** One retention run: applies every rule in one IMMEDIATE transaction and records what it removed. */
export function runRetention(now = currentTime(), db: AppDatabase = getDb()): { runId: number; counts: RetentionCounts } {
  const cut = retentionCutoffs(now);
  const nowIso = now.toISOString();
  const result = db.transaction(
    (tx) => {
      const runId = tx.insert(retentionRuns).values({ startedAt: nowIso, accessLogBefore: cut.accessLogBefore }).returning({ id: retentionRuns.id }).get().id;
      const counts: RetentionCounts = { sessions: 0, loginAttempts: 0, signInRefusals: 0, outbox: 0, clientsAnonymised: 0, messages: 0, conversations: 0, plans: 0, accessLog: 0 };
      counts.sessions = tx.delete(sessions).where(or(lt(sessions.expiresAt, cut.sessionsEndedBefore), lt(sessions.lastSeenAt, cut.sessionsIdleBefore))).run().changes;
      counts.loginAttempts = tx.delete(loginAttempts).where(lt(loginAttempts.createdAt, cut.loginAttemptsBefore)).run().changes;
      counts.signInRefusals = tx.delete(signInRefusals).where(lt(signInRefusals.lastAt, cut.signInRefusalsBefore)).run().changes;
      counts.outbox = tx.delete(notificationOutbox).where(and(isNotNull(notificationOutbox.sentAt), lt(notificationOutbox.sentAt, cut.outboxSentBefore))).run().changes;

      const leaving = tx
        .select({ id: clients.id, userId: clients.userId })
        .from(clients)
        .where(and(isNotNull(clients.serviceEndedOn), isNull(clients.erasedAt), lt(clients.serviceEndedOn, cut.closedBefore)))
        .all();
      for (const client of leaving) {
        tx.insert(retentionErasures).values({ clientId: client.id, runId, erasedAt: nowIso }).run();
        anonymiseClient(tx, client, counts, nowIso);
        counts.clientsAnonymised++;
      }
      // The access rows of erased clients, once past the minimum; the trigger allows no others.
      counts.accessLog = tx
        .delete(accessLog)
        .where(and(lt(accessLog.createdAt, cut.accessLogBefore), inArray(accessLog.clientId, tx.select({ id: retentionErasures.clientId }).from(retentionErasures))))
        .run().changes;
      tx.update(retentionRuns).set({ finishedAt: nowIso, counts }).where(eq(retentionRuns.id, runId)).run();
      return { runId, counts };
    },
    { behavior: 'immediate' },
  );
  console.log(`[avain] retention run ${result.runId}: ${JSON.stringify(result.counts)}`);
  return result;
}

/** The last runs, newest first (for the administrator and tests). */
export function retentionRunsLog(limit = 20) {
  return getDb().select().from(retentionRuns).orderBy(sql`${retentionRuns.id} desc`).limit(limit).all();
}
