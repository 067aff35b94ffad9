// Secure messages between a client (and their representatives) and the client's own worker.
//
// Who takes part in a conversation is never stored with it: it is the client, the client's
// representatives and the client's *current* own worker (clients.own_worker_id), so when an
// administrator reassigns the worker the whole history follows the client. Accessibility feedback
// is in addition visible to every administrator. Anyone else is told the conversation does not
// exist (the routes answer 404), so ids cannot be probed.
import { and, asc, desc, eq, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { getDb, type AppDatabase } from '../../db/client.server';
import { PAGE_SIZE, pageWindow } from './paging';
import {
  clients,
  conversations,
  messageReads,
  messages,
  representativeLinks,
  users,
  type ConversationTopic,
  type Role,
} from '../../db/schema';
import { clientsVisibleTo, guardStatements, preparedClientsVisibleTo, viewableClients, visibleToValues, type Actor } from '../auth/guards.server';
import { audit } from './audit.server';
import { immediate, type Tx } from './transaction.server';
import { messageBody, normalizeBody } from './messageText';
import { daysBetween } from './months';
import { notifyNewMessage } from './notifications.server';
import { currentTime } from './clock';

/** The accessibility statement promises an answer to accessibility feedback within this many days. */
export const ACCESSIBILITY_RESPONSE_DAYS = 14;

const CLIENT_SIDE: Role[] = ['client', 'representative'];
const STAFF_SIDE: Role[] = ['worker', 'admin'];

/**
 * The SQL condition "viewer may read this conversation", or null when the role reads none: the
 * conversations about the clients the viewer may see (auth/guards.server), and for an
 * administrator accessibility feedback.
 */
function visibleTo(viewer: Actor): SQL | null {
  return viewer.role === 'admin' ? eq(conversations.topic, 'accessibility') : clientsVisibleTo(viewer);
}

// Correlated subqueries on the conversation row of the outer query.
const lastMessageId = sql<number>`(select max(m.id) from messages m where m.conversation_id = ${conversations.id})`;
const lastMessageAt = sql<string>`(select max(m.created_at) from messages m where m.conversation_id = ${conversations.id})`;
const messageCount = sql<number>`(select count(*) from messages m where m.conversation_id = ${conversations.id})`;

function unreadFor(viewer: Pick<Actor, 'id'> | { id: Placeholder }) {
  return sql<number>`exists (
    select 1 from messages m
    where m.conversation_id = ${conversations.id}
      and m.author_user_id <> ${viewer.id}
      and m.id > coalesce((select r.last_read_message_id from message_reads r
                           where r.conversation_id = ${conversations.id} and r.user_id = ${viewer.id}), 0))`;
}

/** When the oldest client-side message not yet answered by staff was written; null if answered. */
const waitingSince = sql<string | null>`(
  select min(m.created_at) from messages m join users u on u.id = m.author_user_id
  where m.conversation_id = ${conversations.id}
    and u.role in ('client', 'representative')
    and m.id > coalesce((select max(m2.id) from messages m2 join users u2 on u2.id = m2.author_user_id
                         where m2.conversation_id = ${conversations.id} and u2.role in ('worker', 'admin')), 0))`;

export type ConversationFilter = { unreadOnly?: boolean; clientId?: number };

export type ConversationSummary = {
  id: number;
  topic: ConversationTopic;
  subject: string | null;
  status: 'open' | 'closed';
  clientId: number;
  clientFirstName: string;
  clientLastName: string;
  createdAt: string;
  lastMessageAt: string;
  messageCount: number;
  unread: boolean;
  waitingSince: string | null;
  /** Whole days since waitingSince (open conversations only), else null. */
  daysWaiting: number | null;
};

/** The viewer's conversations, the one with the newest message first. */
export function listConversations(
  viewer: Actor,
  filter: ConversationFilter = {},
  now = currentTime(),
  window: { offset: number; limit: number } = { offset: 0, limit: -1 },
): ConversationSummary[] {
  const conditions = conversationConditions(viewer, filter);
  if (!conditions) return [];
  const unread = unreadFor(viewer);
  const rows = getDb()
    .select({
      id: conversations.id,
      topic: conversations.topic,
      subject: conversations.subject,
      status: conversations.status,
      clientId: clients.id,
      clientFirstName: clients.firstName,
      clientLastName: clients.lastName,
      createdAt: conversations.createdAt,
      lastMessageAt,
      lastMessageId,
      messageCount,
      unread,
      waitingSince,
    })
    .from(conversations)
    .innerJoin(clients, eq(clients.id, conversations.clientId))
    .where(and(...conditions))
    .orderBy(desc(lastMessageId))
    .limit(window.limit)
    .offset(window.offset)
    .all();
  return rows.map(({ lastMessageId: _last, ...row }) => ({
    ...row,
    unread: Boolean(row.unread),
    daysWaiting: row.status === 'open' && row.waitingSince ? daysBetween(row.waitingSince, now) : null,
  }));
}

function conversationConditions(viewer: Actor, filter: ConversationFilter): SQL[] | null {
  const visible = visibleTo(viewer);
  if (!visible) return null;
  const conditions = [visible];
  if (filter.unreadOnly) conditions.push(sql`${unreadFor(viewer)}`);
  if (filter.clientId !== undefined) conditions.push(eq(conversations.clientId, filter.clientId));
  return conditions;
}

/** One page of the viewer's conversations, newest message first, and how many there are. */
export function conversationPage(viewer: Actor, filter: ConversationFilter, requested: number, now = currentTime(), pageSize = PAGE_SIZE) {
  const conditions = conversationConditions(viewer, filter);
  const total = conditions
    ? (getDb().select({ n: sql<number>`count(*)` }).from(conversations).innerJoin(clients, eq(clients.id, conversations.clientId)).where(and(...conditions)).get()?.n ?? 0)
    : 0;
  const { offset, limit, ...page } = pageWindow(total, requested, pageSize);
  return { conversations: listConversations(viewer, filter, now, { offset, limit }), page };
}

// The header's unread count is on every signed-in page: one statement per role, prepared once
// per connection (again if the guards' statements are, when the representation source changes).
function prepareUnreadCounts(db: AppDatabase) {
  const viewer = { id: sql.placeholder('userId') };
  const count = (visible: SQL) =>
    db
      .select({ n: sql<number>`count(*)` })
      .from(conversations)
      .innerJoin(clients, eq(clients.id, conversations.clientId))
      .where(and(visible, sql`${unreadFor(viewer)}`))
      .prepare();
  return {
    client: count(preparedClientsVisibleTo('client')!),
    representative: count(preparedClientsVisibleTo('representative')!),
    worker: count(preparedClientsVisibleTo('worker')!),
    admin: count(eq(conversations.topic, 'accessibility')),
  };
}

const unreadCounts = new WeakMap<ReturnType<typeof guardStatements>, ReturnType<typeof prepareUnreadCounts>>();

/** The unread counts' prepared statements of this connection (exported for the query-plan test). */
export function unreadCountStatements(db: AppDatabase = getDb()) {
  const key = guardStatements(db);
  let found = unreadCounts.get(key);
  if (!found) {
    found = prepareUnreadCounts(db);
    unreadCounts.set(key, found);
  }
  return found;
}

/** How many of the viewer's conversations have a message the viewer has not read. */
export function unreadConversationCount(viewer: Actor): number {
  const role = viewer.role;
  // A request's viewer (acting-for known) on the prepared statement; anyone else as built here.
  if (role === 'admin' || role === 'worker' || ((role === 'client' || role === 'representative') && viewer.actingForClientId !== undefined)) {
    return unreadCountStatements()[role].get(visibleToValues(viewer))?.n ?? 0;
  }
  const visible = visibleTo(viewer);
  if (!visible) return 0;
  const row = getDb()
    .select({ n: sql<number>`count(*)` })
    .from(conversations)
    .innerJoin(clients, eq(clients.id, conversations.clientId))
    .where(and(visible, sql`${unreadFor(viewer)}`))
    .get();
  return row?.n ?? 0;
}

function findVisibleConversation(viewer: Actor, conversationId: number) {
  const visible = visibleTo(viewer);
  if (!visible) return undefined;
  return getDb()
    .select({
      id: conversations.id,
      topic: conversations.topic,
      subject: conversations.subject,
      status: conversations.status,
      createdAt: conversations.createdAt,
      closedAt: conversations.closedAt,
      clientId: clients.id,
      clientUserId: clients.userId,
      clientFirstName: clients.firstName,
      clientLastName: clients.lastName,
      ownWorkerId: clients.ownWorkerId,
    })
    .from(conversations)
    .innerJoin(clients, eq(clients.id, conversations.clientId))
    .where(and(eq(conversations.id, conversationId), visible))
    .get();
}

export type ConversationView = NonNullable<ReturnType<typeof findVisibleConversation>> & {
  messages: { id: number; body: string; createdAt: string; authorUserId: number; authorFirstName: string; authorLastName: string; authorRole: Role }[];
  canClose: boolean;
  canReply: boolean;
};

/** The whole exchange in order, or undefined when the viewer may not read it (or it does not exist). */
export function conversationFor(viewer: Actor, conversationId: number): ConversationView | undefined {
  const conversation = findVisibleConversation(viewer, conversationId);
  if (!conversation) return undefined;
  const exchange = getDb()
    .select({
      id: messages.id,
      body: messages.body,
      createdAt: messages.createdAt,
      authorUserId: messages.authorUserId,
      authorFirstName: users.firstName,
      authorLastName: users.lastName,
      authorRole: users.role,
    })
    .from(messages)
    .innerJoin(users, eq(users.id, messages.authorUserId))
    .where(eq(messages.conversationId, conversationId))
    .orderBy(asc(messages.id))
    .all();
  const open = conversation.status === 'open';
  return { ...conversation, messages: exchange, canReply: open, canClose: open && STAFF_SIDE.includes(viewer.role) };
}

/** Everything in the conversation up to now counts as read by the viewer. */
export function markRead(viewer: Actor, conversationId: number, now = currentTime()): void {
  const db = getDb();
  const last = db
    .select({ id: sql<number | null>`max(${messages.id})` })
    .from(messages)
    .where(eq(messages.conversationId, conversationId))
    .get();
  if (!last?.id) return;
  db.insert(messageReads)
    .values({ conversationId, userId: viewer.id, lastReadMessageId: last.id, readAt: now.toISOString() })
    .onConflictDoUpdate({
      target: [messageReads.conversationId, messageReads.userId],
      set: { lastReadMessageId: sql`max(${messageReads.lastReadMessageId}, excluded.last_read_message_id)`, readAt: now.toISOString() },
    })
    .run();
}

/** Clients a client or representative may write about: the clients they may see. */
export function writableClients(viewer: Actor): { id: number; firstName: string; lastName: string }[] {
  if (!CLIENT_SIDE.includes(viewer.role)) return [];
  return viewableClients(viewer).map(({ id, firstName, lastName }) => ({ id, firstName, lastName }));
}


function existingByKey(tx: Tx, key: string) {
  return tx.select({ conversationId: messages.conversationId }).from(messages).where(eq(messages.idempotencyKey, key)).get();
}

function appendMessage(tx: Tx, viewer: Actor, conversationId: number, body: string, key: string, now: Date): number {
  // The forms check this with a friendly message; this is the last line of defence for other callers.
  if (!messageBody.safeParse(body).success) throw new RangeError('A message must have text and at most 5,000 characters.');
  const row = tx
    .insert(messages)
    .values({ conversationId, authorUserId: viewer.id, body, idempotencyKey: key, createdAt: now.toISOString() })
    .returning({ id: messages.id })
    .get();
  // The author has read their own message.
  tx.insert(messageReads)
    .values({ conversationId, userId: viewer.id, lastReadMessageId: row.id, readAt: now.toISOString() })
    .onConflictDoUpdate({ target: [messageReads.conversationId, messageReads.userId], set: { lastReadMessageId: row.id, readAt: now.toISOString() } })
    .run();
  return row.id;
}

/** Who hears about a new message: the other side of the conversation, never the author. */
function recipientsOf(conversationId: number, author: Actor): number[] {
  const db = getDb();
  const conversation = db
    .select({ topic: conversations.topic, clientId: clients.id, clientUserId: clients.userId, ownWorkerId: clients.ownWorkerId })
    .from(conversations)
    .innerJoin(clients, eq(clients.id, conversations.clientId))
    .where(eq(conversations.id, conversationId))
    .get();
  if (!conversation) return [];
  const recipients: number[] = [];
  if (CLIENT_SIDE.includes(author.role)) {
    recipients.push(conversation.ownWorkerId);
    if (conversation.topic === 'accessibility') {
      const admins = db.select({ id: users.id }).from(users).where(and(eq(users.role, 'admin'), eq(users.active, true))).all();
      recipients.push(...admins.map((admin) => admin.id));
    }
  } else {
    if (conversation.clientUserId !== null) recipients.push(conversation.clientUserId);
    const representatives = db
      .select({ id: representativeLinks.userId })
      .from(representativeLinks)
      .where(eq(representativeLinks.clientId, conversation.clientId))
      .all();
    recipients.push(...representatives.map((r) => r.id));
  }
  return recipients.filter((id) => id !== author.id);
}

export type PostResult =
  | { kind: 'posted'; conversationId: number }
  | { kind: 'duplicate'; conversationId: number }
  | { kind: 'notFound' }
  | { kind: 'closed' };

export type NewConversation = {
  clientId: number;
  topic: ConversationTopic;
  subject?: string | null;
  body: string;
  idempotencyKey: string;
};

/** A client or representative starts a conversation about a client they may write about. */
export function startConversation(viewer: Actor, input: NewConversation, now = currentTime()): PostResult {
  if (!writableClients(viewer).some((client) => client.id === input.clientId)) return { kind: 'notFound' };
  const key = `${viewer.id}:${input.idempotencyKey}`;
  const result = immediate((tx): PostResult => {
    const existing = existingByKey(tx, key);
    if (existing) return { kind: 'duplicate', conversationId: existing.conversationId };
    const conversation = tx
      .insert(conversations)
      .values({
        clientId: input.clientId,
        topic: input.topic,
        subject: input.subject?.trim() ? input.subject.trim() : null,
        createdByUserId: viewer.id,
        createdAt: now.toISOString(),
      })
      .returning({ id: conversations.id })
      .get();
    appendMessage(tx, viewer, conversation.id, normalizeBody(input.body), key, now);
    return { kind: 'posted', conversationId: conversation.id };
  });
  if (result.kind === 'posted') notifyNewMessage(recipientsOf(result.conversationId, viewer));
  return result;
}

/** Any party of an open conversation replies to it. */
export function replyToConversation(viewer: Actor, conversationId: number, body: string, idempotencyKey: string, now = currentTime()): PostResult {
  const key = `${viewer.id}:${idempotencyKey}`;
  const result = immediate((tx): PostResult => {
    const existing = existingByKey(tx, key);
    if (existing) return { kind: 'duplicate', conversationId: existing.conversationId };
    const conversation = findVisibleConversation(viewer, conversationId);
    if (!conversation) return { kind: 'notFound' };
    if (conversation.status !== 'open') return { kind: 'closed' };
    appendMessage(tx, viewer, conversationId, normalizeBody(body), key, now);
    return { kind: 'posted', conversationId };
  });
  if (result.kind === 'posted') notifyNewMessage(recipientsOf(conversationId, viewer));
  return result;
}

/** The own worker (or an administrator, for accessibility feedback) marks a conversation closed. */
export function closeConversation(viewer: Actor, conversationId: number, now = currentTime()): 'closed' | 'notFound' | 'notAllowed' {
  const conversation = findVisibleConversation(viewer, conversationId);
  if (!conversation) return 'notFound';
  if (!STAFF_SIDE.includes(viewer.role)) return 'notAllowed';
  if (conversation.status === 'closed') return 'closed';
  immediate((tx) => {
    const changed = tx
      .update(conversations)
      .set({ status: 'closed', closedAt: now.toISOString(), closedBy: viewer.id })
      .where(and(eq(conversations.id, conversationId), eq(conversations.status, 'open')))
      .run();
    if (changed.changes > 0) {
      audit({ actorUserId: viewer.id, action: 'message.conversation_closed', subjectType: 'conversation', subjectId: conversationId });
    }
  });
  return 'closed';
}

// ---------------------------------------------------------------------------------------------
// Own worker. Reassigning is what moves a client's message history to another worker, so it
// lives with the messages.
// ---------------------------------------------------------------------------------------------

export function activeWorkers() {
  return getDb()
    .select({ id: users.id, firstName: users.firstName, lastName: users.lastName })
    .from(users)
    .where(and(eq(users.role, 'worker'), eq(users.active, true)))
    .orderBy(asc(users.lastName), asc(users.firstName))
    .all();
}

/** One page of the region's clients by name with their own worker; `query` matches words of the name. */
export function clientsWithOwnWorker(query = '', requested = 1, pageSize = PAGE_SIZE) {
  const words = query.trim().split(/\s+/).filter(Boolean).slice(0, 5);
  const where = and(...words.map((word) => sql`(${clients.firstName} || ' ' || ${clients.lastName}) LIKE ${`%${word.replace(/[%_\\]/g, '')}%`}`));
  const db = getDb();
  const total = db.select({ n: sql<number>`count(*)` }).from(clients).where(where).get()?.n ?? 0;
  const { offset, limit, ...page } = pageWindow(total, requested, pageSize);
  const rows = db
    .select({
      id: clients.id,
      firstName: clients.firstName,
      lastName: clients.lastName,
      ownWorkerId: clients.ownWorkerId,
      workerFirstName: users.firstName,
      workerLastName: users.lastName,
    })
    .from(clients)
    .innerJoin(users, eq(users.id, clients.ownWorkerId))
    .where(where)
    .orderBy(asc(clients.lastName), asc(clients.firstName), asc(clients.id))
    .limit(limit)
    .offset(offset)
    .all();
  return { clients: rows, page };
}

export type ReassignResult = 'reassigned' | 'unchanged' | 'unknownClient' | 'unknownWorker';

/** An administrator gives a client another own worker; audit-logged with the old and new worker. */
export function reassignOwnWorker(admin: Actor, clientId: number, workerId: number): ReassignResult {
  return immediate((tx): ReassignResult => {
    const client = tx.select({ id: clients.id, ownWorkerId: clients.ownWorkerId }).from(clients).where(eq(clients.id, clientId)).get();
    if (!client) return 'unknownClient';
    const worker = tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, workerId), eq(users.role, 'worker'), eq(users.active, true)))
      .get();
    if (!worker) return 'unknownWorker';
    if (client.ownWorkerId === workerId) return 'unchanged';
    tx.update(clients).set({ ownWorkerId: workerId }).where(eq(clients.id, clientId)).run();
    audit({
      actorUserId: admin.id,
      action: 'client.reassign_own_worker',
      subjectType: 'client',
      subjectId: clientId,
      details: { fromWorkerId: client.ownWorkerId, toWorkerId: workerId },
      ip: admin.ip,
    });
    return 'reassigned';
  });
}
