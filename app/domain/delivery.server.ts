// The delivery worker: drains notification_outbox into e-mail and SMS, in the server process and
// never inside the request that queued the row.
//
// At-least-once: a row is marked sent only after the mail server or SMS gateway accepted it. A
// crash between "accepted" and "marked" sends the row again with the same Message-ID / message id,
// so the receiver can recognise the resend; a crash before "accepted" loses nothing either, the row
// is still pending. A failure is retried with exponential backoff; a row still not delivered
// NOTIFICATION_GIVE_UP_HOURS after it was queued is marked failed and logged.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, asc, eq, lte } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { databasePath, getDb } from '../../db/client.server';
import { notificationOutbox } from '../../db/schema';
import { currentTime } from './clock';
import { immediate, type Tx } from './transaction.server';

export type OutgoingEmail = { to: string; subject: string; text: string; messageId: string; language: string };
export type OutgoingSms = { to: string; text: string; messageId: string };

/** Resolves only once the mail server accepted the message; throws otherwise. */
export interface MailTransport {
  send(mail: OutgoingEmail): Promise<void>;
  close?(): void;
}

/** The one small SMS interface: resolves only once the gateway accepted the message. */
export interface SmsSender {
  send(sms: OutgoingSms): Promise<void>;
}

export type Transports = { mail: MailTransport; sms: SmsSender };

const log = (line: string) => {
  if (process.env.NODE_ENV !== 'test' || process.env.AVAIN_LOG_DELIVERY === 'true') console.log(`[avain] ${line}`);
};

/** Where the embedded senders write: `outbox/` beside the database file. */
export function outboxFolder(): string {
  const file = databasePath();
  return path.join(file === ':memory:' ? 'data' : path.dirname(path.resolve(file)), 'outbox');
}

function fromAddress(): string {
  return process.env.MAIL_FROM ?? 'Avain <avain@localhost>';
}

function mailOptions(mail: OutgoingEmail) {
  return {
    from: fromAddress(),
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    messageId: `<${mail.messageId}>`,
    headers: { 'Content-Language': mail.language, 'Auto-Submitted': 'auto-generated' },
  };
}

/** Real SMTP through nodemailer: `SMTP_URL`, e.g. `smtps://user:pass@smtp.example.fi:465`. */
export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    async send(mail) {
      await transporter.sendMail(mailOptions(mail));
    },
    close: () => transporter.close(),
  };
}

/**
 * Writes `file` atomically (a temporary file renamed into place), so a crash leaves no half file.
 * Asynchronous: the server keeps answering requests while the embedded senders write.
 */
async function writeAtomically(file: string, content: string | Buffer) {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${crypto.randomUUID()}.tmp`;
  await fs.promises.writeFile(temporary, content);
  await fs.promises.rename(temporary, file);
}

const safeName = (messageId: string) => messageId.replace(/[^A-Za-z0-9._-]/g, '_');

/** The embedded default without SMTP_URL: each e-mail an `.eml` file under the data folder. */
export function fileMailTransport(folder = path.join(outboxFolder(), 'mail')): MailTransport {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const info = await builder.sendMail(mailOptions(mail));
      const file = path.join(folder, `${safeName(mail.messageId)}.eml`);
      await writeAtomically(file, info.message as Buffer);
    },
  };
}

/**
 * The shipped SMS sender: `POST SMS_GATEWAY_URL` with `Authorization: Bearer SMS_GATEWAY_TOKEN`,
 * `Content-Type: application/json`, `Idempotency-Key: <message id>` and the body
 * `{"id": "<message id>", "to": "+358401234567", "text": "…"}`. Any 2xx is "accepted".
 */
export function httpSmsSender(url: string, token: string, timeoutMs = 10_000): SmsSender {
  return {
    async send(sms) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': sms.messageId },
        body: JSON.stringify({ id: sms.messageId, to: sms.to, text: sms.text }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) throw new Error(`SMS gateway answered ${response.status}`);
    },
  };
}

/** The embedded default without SMS_GATEWAY_URL: each SMS a `.txt` file under the data folder. */
export function fileSmsSender(folder = path.join(outboxFolder(), 'sms')): SmsSender {
  return {
    async send(sms) {
      const file = path.join(folder, `${safeName(sms.messageId)}.txt`);
      await writeAtomically(file, `To: ${sms.to}\nMessage-Id: ${sms.messageId}\n\n${sms.text}\n`);
    },
  };
}

/** The transports the environment asks for. */
export function transportsFromEnv(env: Record<string, string | undefined> = process.env): Transports {
  const mail = env.SMTP_URL ? smtpTransport(env.SMTP_URL) : fileMailTransport();
  const sms = env.SMS_GATEWAY_URL ? httpSmsSender(env.SMS_GATEWAY_URL, env.SMS_GATEWAY_TOKEN ?? '') : fileSmsSender();
  return { mail, sms };
}

const numberFromEnv = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

/** Seconds before the n-th retry (n ≥ 1): base × 2^(n−1), at most an hour. */
export function retryDelaySeconds(attempts: number, baseSeconds = numberFromEnv('NOTIFICATION_RETRY_SECONDS', 30)): number {
  return Math.min(baseSeconds * 2 ** Math.max(attempts - 1, 0), 3600);
}

export function giveUpAfterMs(): number {
  return numberFromEnv('NOTIFICATION_GIVE_UP_HOURS', 48) * 3_600_000;
}

type OutboxRow = typeof notificationOutbox.$inferSelect;

async function deliverOne(row: OutboxRow, transports: Transports): Promise<void> {
  if (row.channel === 'email') {
    await transports.mail.send({ to: row.address, subject: row.subject, text: row.text, messageId: row.messageId, language: row.language });
  } else if (row.channel === 'sms') {
    await transports.sms.send({ to: row.address, text: row.text, messageId: row.messageId });
  } else {
    throw new Error(`unknown channel ${row.channel}`);
  }
}

export type DeliveryRound = { sent: number; retrying: number; failed: number };

/**
 * Outcomes are written after the transport accepted (or refused) the message, a group at a time:
 * one commit at most FLUSH_MS after the group's first outcome (or at the end of the pass), so
 * fast transports (the embedded files, a quick gateway) do not cost a durable commit per message,
 * and a slow one (SMTP over the network) has each row recorded within FLUSH_MS of its answer. A
 * crash before the group's commit means those rows are sent again, with their own Message-ID:
 * at-least-once.
 */
const FLUSH_MS = 25;

type Outcome = (tx: Tx) => void;

/** One pass over the rows that are due. Safe to call at any time; never throws for one bad row. */
export async function deliverDue(transports: Transports, now = currentTime(), batch = 50): Promise<DeliveryRound> {
  const db = getDb();
  const due = db
    .select()
    .from(notificationOutbox)
    .where(and(eq(notificationOutbox.status, 'pending'), lte(notificationOutbox.nextAttemptAt, now.toISOString())))
    .orderBy(asc(notificationOutbox.nextAttemptAt), asc(notificationOutbox.id))
    .limit(batch)
    .all();
  const round: DeliveryRound = { sent: 0, retrying: 0, failed: 0 };
  let unwritten: Outcome[] = [];
  let timer: NodeJS.Timeout | null = null;
  let flushError: unknown = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const outcomes = unwritten;
    unwritten = [];
    try {
      if (outcomes.length > 0) immediate((tx) => outcomes.forEach((write) => write(tx)));
    } catch (error) {
      // Not recorded: the rows stay pending (sent again later), and the pass ends here.
      unwritten = outcomes.concat(unwritten);
      flushError = error;
    }
  };
  const record = (outcome: Outcome) => {
    unwritten.push(outcome);
    timer ??= setTimeout(flush, FLUSH_MS);
  };
  try {
    for (const row of due) {
      if (flushError) break;
      let outcome: Outcome;
      try {
        await deliverOne(row, transports);
        // Only after the server accepted it: a crash before the group's commit means a resend, never a loss.
        const sentAt = currentTime().toISOString();
        outcome = (tx) => tx.update(notificationOutbox).set({ status: 'sent', sentAt, attempts: row.attempts + 1, lastError: null }).where(eq(notificationOutbox.id, row.id)).run();
        round.sent++;
      } catch (error) {
        const attempts = row.attempts + 1;
        const message = error instanceof Error ? error.message.slice(0, 500) : String(error).slice(0, 500);
        if (now.getTime() - new Date(row.createdAt).getTime() >= giveUpAfterMs()) {
          outcome = (tx) =>
            tx.update(notificationOutbox).set({ status: 'failed', failedAt: now.toISOString(), attempts, lastError: message }).where(eq(notificationOutbox.id, row.id)).run();
          console.error(`[avain] notification ${row.id} (${row.channel}) failed for good after ${attempts} attempts: ${message}`);
          round.failed++;
        } else {
          const next = new Date(now.getTime() + retryDelaySeconds(attempts) * 1000).toISOString();
          outcome = (tx) => tx.update(notificationOutbox).set({ attempts, nextAttemptAt: next, lastError: message }).where(eq(notificationOutbox.id, row.id)).run();
          log(`notification ${row.id} (${row.channel}) not delivered (${message}); next try ${next}`);
          round.retrying++;
        }
      }
      record(outcome);
    }
  } finally {
    flush();
  }
  if (flushError) throw flushError;
  // One line a pass, not one a message: a log write that blocks must not hold up requests.
  if (round.sent > 0) log(`${round.sent} notification(s) delivered`);
  return round;
}

export type DeliveryWorker = { stop(): Promise<void>; kick(): void };

let current: { kick(): void } | null = null;

/** Asks the running worker (if any in this process) to look at the outbox now, without waiting. */
export function kickDelivery(): void {
  current?.kick();
}

/**
 * Starts the loop in this process: a pass every NOTIFICATION_POLL_MS (default 2000) and soon after
 * a row is queued. One pass at a time; `stop()` waits for the pass in progress.
 */
export function startDeliveryWorker(transports: Transports = transportsFromEnv(), intervalMs = numberFromEnv('NOTIFICATION_POLL_MS', 2000)): DeliveryWorker {
  let running: Promise<unknown> | null = null;
  let stopped = false;
  let again = false;
  const pass = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = deliverDue(transports)
      .catch((error: unknown) => console.error('[avain] delivery pass failed:', error))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          setImmediate(pass);
        }
      });
  };
  const timer = setInterval(pass, intervalMs);
  timer.unref();
  const worker: DeliveryWorker = {
    kick: () => setImmediate(pass),
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (current === worker) current = null;
      await running;
      transports.mail.close?.();
    },
  };
  current = worker;
  setImmediate(pass);
  return worker;
}
