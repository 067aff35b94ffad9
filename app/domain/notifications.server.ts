// Tells people that something happened in Avain. A notification travels over channels we do not
// control (e-mail, SMS), so it never carries the content of a confidential message, a dispute note,
// a worker's reason or any health detail: only what happened and a link.
//
// Rows are queued in notification_outbox, in the same transaction as what caused them when there
// is one, and delivered later by the delivery worker (delivery.server.ts), never in the request.
import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { getDb, type AppDatabase } from '../../db/client.server';
import {
  clients,
  notificationOutbox,
  notificationPreferences,
  providers,
  representativeLinks,
  users,
  type Language,
  type NotificationChannel,
} from '../../db/schema';
import { formatDate } from '../i18n/format';
import { formatEuros } from './money';
import { getT } from '../i18n/i18n';
import { currentTime } from './clock';
import { kickDelivery } from './delivery.server';
import { preparedPerConnection } from './prepared.server';

type Tx = Parameters<Parameters<AppDatabase['transaction']>[0]>[0] | AppDatabase;

export type Recipient = { userId: number | null; channel: 'email' | 'sms'; address: string; language: Language; clientName?: string };

export type NotificationKind =
  | 'message'
  | 'charge'
  | 'refund'
  | 'decision'
  | 'low'
  | 'usedUp'
  | 'disputeWorker'
  | 'disputeProvider'
  | 'disputeClosed'
  | 'application'
  | 'invoiced';

/** The base of the links in notifications: `PUBLIC_URL`, default http://localhost:3000. */
export function publicUrl(pathname: string): string {
  const base = (process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, '');
  return `${base}${pathname}`;
}

/** Below this share (percent) of a line's monthly amount the client is told it runs low: `LOW_BALANCE_PERCENT`, default 20. */
export function lowBalancePercent(): number {
  const value = Number(process.env.LOW_BALANCE_PERCENT);
  return Number.isFinite(value) && value > 0 && value < 100 ? value : 20;
}

// ---------------------------------------------------------------------------------------------
// Preferences
// ---------------------------------------------------------------------------------------------

export type NotificationPreference = {
  channel: NotificationChannel;
  language: Language;
  /** Whether the person chose it (else the default from what the worker recorded). */
  chosen: boolean;
  email: string;
  phone: string | null;
};

// The charge path asks these for every receipt (prepared.server.ts).
const ph = { userId: sql.placeholder('userId'), clientId: sql.placeholder('clientId') };

function prepareRecipientStatements(db: AppDatabase) {
  return {
    user: db.select().from(users).where(eq(users.id, ph.userId)).prepare(),
    clientPhoneOfUser: db.select({ phone: clients.phone }).from(clients).where(eq(clients.userId, ph.userId)).prepare(),
    preference: db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, ph.userId)).prepare(),
    client: db.select().from(clients).where(eq(clients.id, ph.clientId)).prepare(),
    representatives: db.select({ userId: representativeLinks.userId }).from(representativeLinks).where(eq(representativeLinks.clientId, ph.clientId)).prepare(),
    queue: db
      .insert(notificationOutbox)
      .values({
        userId: sql.placeholder('userId'),
        clientId: sql.placeholder('clientId'),
        kind: sql.placeholder('kind'),
        channel: sql.placeholder('channel'),
        address: sql.placeholder('address'),
        language: sql.placeholder('language'),
        subject: sql.placeholder('subject'),
        text: sql.placeholder('text'),
        messageId: sql.placeholder('messageId'),
        createdAt: sql.placeholder('createdAt'),
        nextAttemptAt: sql.placeholder('createdAt'),
      })
      .prepare(),
  };
}

const recipientStatements = preparedPerConnection(prepareRecipientStatements);

type Contact = { user: typeof users.$inferSelect; phone: string | null };

function userContact(userId: number): Contact | undefined {
  const sqlOf = recipientStatements();
  const user = sqlOf.user.get({ userId });
  if (!user) return undefined;
  // A client's phone is the one the worker recorded on the client record.
  const own = user.role === 'client' ? sqlOf.clientPhoneOfUser.get({ userId }) : undefined;
  return { user, phone: user.phone ?? own?.phone ?? null };
}

function preferenceFrom(contact: Contact): NotificationPreference {
  const row = recipientStatements().preference.get({ userId: contact.user.id });
  const clientSide = contact.user.role === 'client' || contact.user.role === 'representative';
  const fallback: NotificationChannel = clientSide && contact.phone ? 'sms' : 'email';
  return {
    channel: row?.channel ?? fallback,
    language: row?.language ?? contact.user.language,
    chosen: Boolean(row),
    email: contact.user.email,
    phone: contact.phone,
  };
}

/** The person's choice, or the default: SMS for clients and representatives with a phone, else e-mail; their recorded language. */
export function preferenceOf(userId: number): NotificationPreference | undefined {
  const contact = userContact(userId);
  return contact ? preferenceFrom(contact) : undefined;
}

export type PreferenceResult = { kind: 'saved' } | { kind: 'noPhone' };

export function savePreference(userId: number, channel: NotificationChannel, language: Language, now = currentTime()): PreferenceResult {
  const db = getDb();
  const current = preferenceOf(userId);
  if (!current) return { kind: 'saved' };
  if (channel === 'sms' && !current.phone) return { kind: 'noPhone' };
  db.insert(notificationPreferences)
    .values({ userId, channel, language, updatedAt: now.toISOString() })
    .onConflictDoUpdate({ target: notificationPreferences.userId, set: { channel, language, updatedAt: now.toISOString() } })
    .run();
  return { kind: 'saved' };
}

// ---------------------------------------------------------------------------------------------
// Recipients
// ---------------------------------------------------------------------------------------------

function userRecipient(userId: number): Recipient | null {
  const contact = userContact(userId);
  if (!contact?.user.active) return null;
  const preference = preferenceFrom(contact);
  if (preference.channel === 'none') return null;
  if (preference.channel === 'sms' && contact.phone) return { userId, channel: 'sms', address: contact.phone, language: preference.language };
  return { userId, channel: 'email', address: contact.user.email, language: preference.language };
}

/** The client (by login, or by the recorded phone when there is no login) and every representative. */
export function clientRecipients(clientId: number): Recipient[] {
  const sqlOf = recipientStatements();
  const client = sqlOf.client.get({ clientId });
  if (!client) return [];
  const found: Recipient[] = [];
  if (client.userId !== null) {
    const own = userRecipient(client.userId);
    if (own) found.push(own);
  } else {
    found.push({ userId: null, channel: 'sms', address: client.phone, language: client.language });
  }
  for (const { userId } of sqlOf.representatives.all({ clientId })) {
    const recipient = userRecipient(userId);
    // A representative may act for several people: the first name says which one.
    if (recipient) found.push({ ...recipient, clientName: client.firstName });
  }
  return found;
}

export function workerRecipients(tx: Tx, clientId: number): Recipient[] {
  const client = tx.select({ workerId: clients.ownWorkerId }).from(clients).where(eq(clients.id, clientId)).get();
  const recipient = client ? userRecipient(client.workerId) : null;
  return recipient ? [recipient] : [];
}

/** The provider's active staff; the provider's own e-mail address when it has no logins yet. */
export function providerRecipients(tx: Tx, providerId: number): Recipient[] {
  const staff = tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.providerId, providerId), eq(users.role, 'provider'), eq(users.active, true)))
    .all();
  const found = staff.map(({ id }) => userRecipient(id)).filter((r): r is Recipient => r !== null);
  if (staff.length > 0) return found;
  const provider = tx.select({ email: providers.email }).from(providers).where(eq(providers.id, providerId)).get();
  return provider ? [{ userId: null, channel: 'email', address: provider.email, language: 'fi' }] : [];
}

// ---------------------------------------------------------------------------------------------
// Queueing
// ---------------------------------------------------------------------------------------------

export type NotificationContent = {
  kind: NotificationKind;
  clientId?: number | null;
  /** Interpolation values, per language: only names, amounts, dates, receipt numbers. Never free text. */
  values?: Record<string, string> | ((language: Language) => Record<string, string>);
  /** Where the link points, given the recipient (a representative's link names the client). */
  link?: (recipient: Recipient) => string;
};

/**
 * Queues one row per recipient, in each one's language, on the app's connection (getDb(), where
 * the insert is prepared): the caller's immediate() on it keeps the row atomic with its cause.
 */
export function queueNotifications(recipients: Recipient[], content: NotificationContent): number {
  let queued = 0;
  const seen = new Set<string>();
  const queuedAt = currentTime().toISOString();
  for (const recipient of recipients) {
    const key = `${recipient.channel}:${recipient.address}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const t = getT(recipient.language);
    const link = content.link ? publicUrl(content.link(recipient)) : publicUrl('/');
    const values = typeof content.values === 'function' ? content.values(recipient.language) : content.values;
    const body = t(`notifications:text.${content.kind}`, { ...values, link });
    const forWhom = recipient.clientName ? `${t('notifications:forClient', { name: recipient.clientName })} ` : '';
    const text = recipient.channel === 'email' ? `${forWhom}${body}\n\n-- \n${t('notifications:footer')}\n` : `${forWhom}${body}`;
    recipientStatements().queue.run({
      userId: recipient.userId,
      clientId: content.clientId ?? null,
      kind: content.kind,
      channel: recipient.channel,
      address: recipient.address,
      language: recipient.language,
      subject: t(`notifications:subject.${content.kind}`),
      text,
      messageId: `${crypto.randomUUID()}@avain`,
      // The app's clock, not SQLite's: the worker compares with it (tests move it).
      createdAt: queuedAt,
    });
    queued++;
  }
  return queued;
}

/** After the transaction that queued rows has committed: let the worker in this process start now. */
export function afterQueued(): void {
  kickDelivery();
}

/** A link to the budget page that names the client for a representative. */
export function budgetLink(clientId: number, pathname = '/budget') {
  return (recipient: Recipient) => (recipient.clientName ? `${pathname}?client=${clientId}` : pathname);
}

/** "You have a new message in Avain", to each user in their own language, never the content. */
export function notifyNewMessage(userIds: Iterable<number>): void {
  try {
    const recipients = [...new Set(userIds)].map((id) => userRecipient(id)).filter((r): r is Recipient => r !== null);
    queueNotifications(recipients, { kind: 'message', link: () => '/messages' });
    afterQueued();
  } catch (error) {
    // The message itself is saved; a failed notification must not turn into an error page.
    console.error('[avain] new-message notifications not queued:', error);
  }
}

// ---------------------------------------------------------------------------------------------
// Receipts and balance
// ---------------------------------------------------------------------------------------------

export type ReceiptFacts = {
  kind: 'charge' | 'refund';
  clientId: number;
  providerName: string;
  serviceNameFi: string;
  serviceNameSv: string;
  amountCents: number;
  serviceDate: string;
  receiptNumber: string;
  monthlyCents: number;
  /** What is left of the service's month after this row. */
  remainingCents: number;
  nextMonthStarts: string;
};

/** A receipt for a charge or refund to the client and representatives; after a charge also "running low" or "used up". */
export function queueReceipt(facts: ReceiptFacts): void {
  const recipients = clientRecipients(facts.clientId);
  const service = (language: Language) => (language === 'sv' ? facts.serviceNameSv : facts.serviceNameFi);
  const base = (language: Language) => ({
    provider: facts.providerName,
    service: service(language),
    amount: formatEuros(facts.amountCents, language),
    left: formatEuros(Math.max(facts.remainingCents, 0), language),
    date: formatDate(facts.serviceDate, language),
    receipt: facts.receiptNumber,
    next: formatDate(facts.nextMonthStarts, language),
  });
  queueNotifications(recipients, {
    kind: facts.kind,
    clientId: facts.clientId,
    values: base,
    link: facts.kind === 'charge' ? budgetLink(facts.clientId, `/budget/dispute/${facts.receiptNumber}`) : budgetLink(facts.clientId),
  });
  if (facts.kind !== 'charge') return;
  const before = facts.remainingCents + facts.amountCents;
  const threshold = (facts.monthlyCents * lowBalancePercent()) / 100;
  if (facts.remainingCents <= 0 && before > 0) {
    queueNotifications(recipients, { kind: 'usedUp', clientId: facts.clientId, values: base, link: budgetLink(facts.clientId) });
  } else if (facts.remainingCents > 0 && facts.remainingCents < threshold && before >= threshold) {
    queueNotifications(recipients, { kind: 'low', clientId: facts.clientId, values: base, link: budgetLink(facts.clientId) });
  }
}
