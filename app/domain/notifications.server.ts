// Tells people that something is waiting for them in Avain, never what it is: a notification
// travels over channels we do not control (e-mail, SMS), so it carries no content at all.
import { eq } from 'drizzle-orm';
import { getDb } from '../../db/client.server';
import { notificationOutbox, users } from '../../db/schema';
import { getT } from '../i18n/i18n';

export interface NotificationSender {
  /** Delivers `text` to the user. Must not throw for an unreachable user. */
  send(userId: number, text: string): void;
}

/** Development sender: writes to notification_outbox and logs that it did, without the text. */
export const outboxSender: NotificationSender = {
  send(userId, text) {
    const row = getDb()
      .insert(notificationOutbox)
      .values({ userId, channel: 'outbox', text })
      .returning({ id: notificationOutbox.id })
      .get();
    if (process.env.NODE_ENV !== 'test') console.log(`[avain] notification ${row.id} queued for user ${userId} (outbox)`);
  },
};

// E-mail and SMS gateways plug in here behind the same interface.
const SENDERS: Record<string, NotificationSender> = { outbox: outboxSender };

export function notificationSender(): NotificationSender {
  const name = process.env.NOTIFICATION_SENDER ?? 'outbox';
  const sender = SENDERS[name];
  if (!sender) throw new Error(`Unknown NOTIFICATION_SENDER=${name}; known: ${Object.keys(SENDERS).join(', ')}`);
  return sender;
}

/** "You have a new message in Avain", in each user's own language. */
export function notifyNewMessage(userIds: Iterable<number>, chosen?: NotificationSender): void {
  let sender: NotificationSender;
  try {
    sender = chosen ?? notificationSender();
  } catch (error) {
    // The message itself is saved; a misconfigured sender is logged, not shown as an error page.
    console.error('[avain] notifications not sent:', error);
    return;
  }
  const db = getDb();
  for (const userId of new Set(userIds)) {
    const user = db.select({ language: users.language, active: users.active }).from(users).where(eq(users.id, userId)).get();
    if (!user?.active) continue;
    try {
      sender.send(userId, getT(user.language)('messages:notification.newMessage'));
    } catch (error) {
      // The message itself is saved; a failed notification must not turn into an error page.
      console.error(`[avain] notification to user ${userId} failed:`, error);
    }
  }
}
