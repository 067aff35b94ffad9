// Delivery against a real SMTP server running in the test (smtp-server), read back with mailparser:
// the message arrives in the person's language with the right headers; a refusing or dropping
// server leads to retries and exactly one delivered message; a delivery process killed in the
// middle of the SMTP conversation loses nothing; rows give up after the set time; preferences are
// respected; no e-mail or SMS ever carries a message's content.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { clients, notificationOutbox, notificationPreferences } from '../../db/schema';
import { deliverDue, fileMailTransport, fileSmsSender, smtpTransport, type SmsSender, type Transports } from '../../app/domain/delivery.server';
import { notifyNewMessage, preferenceOf, savePreference } from '../../app/domain/notifications.server';
import { replyToConversation, startConversation } from '../../app/domain/messages.server';
import { raiseDispute, closeDispute } from '../../app/domain/disputes.server';
import { chargeBudget } from '../../app/domain/charge.server';
import { helsinkiDate } from '../../app/domain/months';
import { clientByPhone, providerActor, serviceByCode, userByEmail } from '../helpers/fixtures';

type Behaviour = 'accept' | 'refuse' | 'drop' | 'hang';

/** An SMTP server that keeps every message it accepted and misbehaves on request. */
class TestSmtp {
  received: ParsedMail[] = [];
  /** Every message whose DATA arrived, accepted or not (what the server saw). */
  seen: ParsedMail[] = [];
  behaviours: Behaviour[] = [];
  private server: SMTPServer;
  port = 0;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onConnect: (_session: SMTPServerSession, callback: (error?: Error) => void) => {
        if (this.behaviours[0] === 'drop') {
          this.behaviours.shift();
          // 421 at the greeting, then the server closes the connection: the client sees it dropped.
          return callback(Object.assign(new Error('going away'), { responseCode: 421 }));
        }
        callback();
      },
      onData: (stream: SMTPServerDataStream, _session: SMTPServerSession, callback: (error?: Error | null) => void) => {
        const behaviour = this.behaviours.shift() ?? 'accept';
        simpleParser(stream).then((mail) => {
          this.seen.push(mail);
          if (behaviour === 'refuse') return callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
          if (behaviour === 'hang') return; // never answers: the sender waits until it is killed
          this.received.push(mail);
          callback();
        }, callback);
      },
    });
  }

  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as { port: number }).port;
  }

  get url() {
    return `smtp://127.0.0.1:${this.port}`;
  }

  stop() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const smtp = new TestSmtp();
const smsFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'avain-sms-'));
const sentSms: { to: string; text: string; messageId: string }[] = [];
const recordingSms: SmsSender = {
  async send(sms) {
    sentSms.push(sms);
    await fileSmsSender(smsFolder).send(sms);
  },
};
let transports: Transports;

beforeAll(async () => {
  await smtp.start();
  transports = { mail: smtpTransport(smtp.url), sms: recordingSms };
});

afterAll(async () => {
  transports.mail.close?.();
  await smtp.stop();
  fs.rmSync(smsFolder, { recursive: true, force: true });
});

const rowsFor = (userId: number) => getDb().select().from(notificationOutbox).where(eq(notificationOutbox.userId, userId)).all();
const pending = () => getDb().select().from(notificationOutbox).where(eq(notificationOutbox.status, 'pending')).all();
const later = (seconds: number) => new Date(Date.now() + seconds * 1000);

/** Delivers everything due, moving time forward past any backoff, until nothing is pending. */
async function drain(rounds = 10) {
  let now = new Date();
  for (let i = 0; i < rounds && pending().length > 0; i++) {
    await deliverDue(transports, now);
    now = new Date(now.getTime() + 3600_000);
  }
}

describe('e-mail over SMTP', () => {
  test('arrives in the person’s language with the right headers', async () => {
    const worker2 = userByEmail('worker2@example.fi'); // Mikael, Swedish
    notifyNewMessage([worker2.id]);
    const [row] = rowsFor(worker2.id).filter((r) => r.status === 'pending');
    expect(row).toMatchObject({ channel: 'email', address: 'worker2@example.fi', language: 'sv' });
    const before = smtp.received.length;
    const round = await deliverDue(transports);
    expect(round.sent).toBeGreaterThanOrEqual(1);
    const mail = smtp.received.slice(before).find((m) => m.messageId === `<${row.messageId}>`)!;
    expect(mail).toBeDefined();
    expect(mail.subject).toBe('Nytt meddelande i Avain');
    expect(mail.text).toContain('Du har ett nytt meddelande i Avain.');
    expect(mail.text).toContain('http://localhost:3000/messages');
    expect(mail.headers.get('content-language')).toBe('sv');
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect((mail.to as { text: string }).text).toBe('worker2@example.fi');
    expect((mail.from as { text: string }).text).toContain('avain@localhost');
    const after = getDb().select().from(notificationOutbox).where(eq(notificationOutbox.id, row.id)).get()!;
    expect(after.status).toBe('sent');
    expect(after.sentAt).not.toBeNull();
  });

  test('a server that refuses, then drops the connection, is retried with backoff: exactly one message arrives', async () => {
    const worker = userByEmail('worker@example.fi');
    notifyNewMessage([worker.id]);
    const row = rowsFor(worker.id).find((r) => r.status === 'pending')!;
    smtp.behaviours = ['refuse', 'drop'];
    const first = await deliverDue(transports);
    expect(first.retrying).toBe(1);
    let now = getDb().select().from(notificationOutbox).where(eq(notificationOutbox.id, row.id)).get()!;
    expect(now).toMatchObject({ status: 'pending', attempts: 1 });
    expect(now.lastError).toContain('try again later');
    // Not due again before the backoff has passed.
    expect((await deliverDue(transports)).sent).toBe(0);
    const second = await deliverDue(transports, later(31));
    expect(second.retrying).toBe(1);
    now = getDb().select().from(notificationOutbox).where(eq(notificationOutbox.id, row.id)).get()!;
    expect(now.attempts).toBe(2);
    // The second retry waits twice as long.
    expect(new Date(now.nextAttemptAt).getTime() - Date.now()).toBeGreaterThan(80_000);
    await deliverDue(transports, later(200));
    now = getDb().select().from(notificationOutbox).where(eq(notificationOutbox.id, row.id)).get()!;
    expect(now).toMatchObject({ status: 'sent', attempts: 3 });
    expect(smtp.received.filter((m) => m.messageId === `<${row.messageId}>`)).toHaveLength(1);
  });

  test('gives up after the set time and marks the row failed', async () => {
    const worker = userByEmail('worker@example.fi');
    notifyNewMessage([worker.id]);
    const row = rowsFor(worker.id).find((r) => r.status === 'pending')!;
    const broken: Transports = { mail: { send: () => Promise.reject(new Error('no route to host')) }, sms: recordingSms };
    await deliverDue(broken);
    const round = await deliverDue(broken, later(49 * 3600));
    expect(round.failed).toBe(1);
    const after = getDb().select().from(notificationOutbox).where(eq(notificationOutbox.id, row.id)).get()!;
    expect(after).toMatchObject({ status: 'failed', lastError: 'no route to host' });
    expect(after.failedAt).not.toBeNull();
  });

  test('without SMTP_URL each e-mail is an .eml file under the data folder', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'avain-eml-'));
    const worker = userByEmail('worker@example.fi');
    notifyNewMessage([worker.id]);
    const row = rowsFor(worker.id).find((r) => r.status === 'pending')!;
    await deliverDue({ mail: fileMailTransport(folder), sms: recordingSms });
    const file = path.join(folder, `${row.messageId.replace(/[^A-Za-z0-9._-]/g, '_')}.eml`);
    const mail = await simpleParser(fs.readFileSync(file));
    expect(mail.messageId).toBe(`<${row.messageId}>`);
    expect(mail.subject).toBe('Uusi viesti Avaimessa');
    fs.rmSync(folder, { recursive: true, force: true });
  });
});

describe('outcomes are committed a group at a time', () => {
  test('with a slow transport each accepted row is recorded soon after its answer, before the next send ends', async () => {
    for (const row of pending()) getDb().update(notificationOutbox).set({ status: 'sent' }).where(eq(notificationOutbox.id, row.id)).run();
    const worker = userByEmail('worker@example.fi');
    const admin = userByEmail('admin@example.fi');
    notifyNewMessage([worker.id, admin.id]);
    const [first, second] = pending();
    let statusOfFirstWhileSecondWasSent: string | undefined;
    const slowMail = {
      async send(mail: { messageId: string }) {
        if (mail.messageId === second.messageId) {
          // The second send takes 200 ms; by then the first row's commit (≤ 25 ms) has happened.
          await new Promise((resolve) => setTimeout(resolve, 200));
          statusOfFirstWhileSecondWasSent = getDb().select().from(notificationOutbox).where(eq(notificationOutbox.id, first.id)).get()!.status;
        }
      },
    };
    const round = await deliverDue({ mail: slowMail, sms: recordingSms });
    expect(round.sent).toBe(2);
    expect(statusOfFirstWhileSecondWasSent).toBe('sent');
    expect(rowsFor(worker.id).concat(rowsFor(admin.id)).filter((r) => r.id === first.id || r.id === second.id).map((r) => r.status)).toEqual(['sent', 'sent']);
  });
});

describe('a crash in the middle of delivery', () => {
  let child: ChildProcess | undefined;
  afterAll(() => child?.kill('SIGKILL'));

  function startWorkerProcess(): Promise<ChildProcess> {
    const process_ = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/delivery-worker.ts'], {
      env: { ...process.env, SMTP_URL: smtp.url, NOTIFICATION_POLL_MS: '100' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new Promise((resolve, reject) => {
      process_.stdout!.once('data', () => resolve(process_));
      process_.once('error', reject);
    });
  }

  async function waitFor(condition: () => boolean, ms = 20_000) {
    const until = Date.now() + ms;
    while (!condition()) {
      if (Date.now() > until) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  test('killing the delivering process after the server got the data but before it answered loses nothing', async () => {
    const worker = userByEmail('worker@example.fi');
    notifyNewMessage([worker.id]);
    const row = rowsFor(worker.id).find((r) => r.status === 'pending')!;
    const id = `<${row.messageId}>`;
    smtp.behaviours = ['hang'];
    child = await startWorkerProcess();
    await waitFor(() => smtp.seen.some((m) => m.messageId === id));
    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
    // Not accepted, so not marked sent: still there to be delivered.
    expect(getDb().select().from(notificationOutbox).where(eq(notificationOutbox.id, row.id)).get()!.status).toBe('pending');
    expect(smtp.received.some((m) => m.messageId === id)).toBe(false);

    child = await startWorkerProcess();
    await waitFor(() => getDb().select().from(notificationOutbox).where(eq(notificationOutbox.id, row.id)).get()!.status === 'sent');
    child.kill('SIGKILL');
    // Delivered once, with the same Message-ID the first try had, so a resend is recognisable.
    expect(smtp.received.filter((m) => m.messageId === id)).toHaveLength(1);
    expect(smtp.seen.filter((m) => m.messageId === id).length).toBeGreaterThanOrEqual(2);
  });
});

describe('preferences', () => {
  test('the default follows what the worker recorded; e-mail, SMS and none are respected', async () => {
    const caregiver = userByEmail('caregiver@example.fi');
    expect(preferenceOf(caregiver.id)).toMatchObject({ channel: 'sms', language: 'fi', chosen: false, phone: '+358405938261' });
    const count = () => rowsFor(caregiver.id).length;

    notifyNewMessage([caregiver.id]);
    expect(rowsFor(caregiver.id).at(-1)).toMatchObject({ channel: 'sms', address: '+358405938261', language: 'fi' });

    expect(savePreference(caregiver.id, 'email', 'sv')).toEqual({ kind: 'saved' });
    notifyNewMessage([caregiver.id]);
    expect(rowsFor(caregiver.id).at(-1)).toMatchObject({ channel: 'email', address: 'caregiver@example.fi', language: 'sv' });
    expect(rowsFor(caregiver.id).at(-1)!.text).toContain('Du har ett nytt meddelande');

    expect(savePreference(caregiver.id, 'none', 'fi')).toEqual({ kind: 'saved' });
    const before = count();
    notifyNewMessage([caregiver.id]);
    expect(count()).toBe(before);

    // A provider's staff has no phone recorded: SMS cannot be chosen.
    const provider = userByEmail('provider@example.fi');
    expect(savePreference(provider.id, 'sms', 'fi')).toEqual({ kind: 'noPhone' });
    getDb().delete(notificationPreferences).where(eq(notificationPreferences.userId, caregiver.id)).run();
    await drain();
  });
});

describe('no content in any notification', () => {
  test('a sentinel word in a message, a dispute note and a worker’s reason never reaches an e-mail or SMS', async () => {
    const SENTINEL = 'KALEIDOSKOOPPI7731';
    const client = userByEmail('client@example.fi'); // Aino: SMS by default
    const worker = userByEmail('worker@example.fi');
    // Aino writes to her worker; the worker answers.
    const aino = getDb().select().from(clients).where(eq(clients.userId, client.id)).get()!;
    const started = startConversation({ id: client.id, role: 'client' }, { clientId: aino.id, topic: 'question', body: `Salaista: ${SENTINEL}`, idempotencyKey: crypto.randomUUID() });
    expect(started.kind).toBe('posted');
    const conversationId = (started as { conversationId: number }).conversationId;
    expect(replyToConversation({ id: worker.id, role: 'worker' }, conversationId, `Vastaus: ${SENTINEL}`, crypto.randomUUID()).kind).toBe('posted');
    // A charge, disputed with a note, closed by the worker with a reason.
    const charged = await chargeBudget(
      providerActor('provider@example.fi'),
      { phone: aino.phone, serviceId: serviceByCode('cleaning').id, quantityHundredths: 100, serviceDate: helsinkiDate() },
      crypto.randomUUID(),
    );
    expect(charged.kind).toBe('charged');
    const receipt = (charged as { receiptNumber: string }).receiptNumber;
    const raised = raiseDispute({ id: client.id, role: 'client' }, clientByPhone(aino.phone).id, receipt, { reason: 'not_received', note: `Muistiinpano ${SENTINEL}` }, crypto.randomUUID());
    expect(raised.kind).toBe('raised');
    expect(closeDispute({ id: worker.id, role: 'worker' }, (raised as { disputeId: number }).disputeId, `Perustelu ${SENTINEL}`).kind).toBe('closed');

    const mailsBefore = smtp.received.length;
    const smsBefore = sentSms.length;
    await drain();
    const mails = smtp.received.slice(mailsBefore);
    const texts = sentSms.slice(smsBefore);
    // Something was really sent over both channels: the worker by e-mail, Aino by SMS.
    expect(mails.some((m) => m.subject === 'Uusi viesti Avaimessa')).toBe(true);
    expect(mails.some((m) => m.subject === 'Asiakas on kiistänyt veloituksen')).toBe(true);
    expect(texts.some((s) => s.to === aino.phone && s.text.includes(receipt))).toBe(true);
    expect(texts.some((s) => s.to === aino.phone && s.text.includes('Sinulle on uusi viesti'))).toBe(true);
    for (const mail of mails) expect(`${mail.subject}\n${mail.text}\n${mail.html || ''}`).not.toContain(SENTINEL);
    for (const sms of texts) expect(sms.text).not.toContain(SENTINEL);
    for (const file of fs.readdirSync(smsFolder)) expect(fs.readFileSync(path.join(smsFolder, file), 'utf8')).not.toContain(SENTINEL);
    expect(getDb().select().from(notificationOutbox).all().some((row) => row.text.includes(SENTINEL) || row.subject.includes(SENTINEL))).toBe(false);
  });
});
