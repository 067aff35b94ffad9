// The retention job with a fixed clock: rows just inside their period stay, rows just past it go;
// a client who left more than 10 years ago is anonymised while the ledger, a provider's settlement
// and the evaluation report give the same totals as before; the append-only triggers still hold;
// every run is recorded with its counts.
import { beforeAll, describe, expect, test, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CHARGE_REFUSAL_FLOOR_MS = '0';
});

import { eq, inArray } from 'drizzle-orm';
import { getDb } from '../../db/client.server';
import {
  accessLog,
  budgetLines,
  clientPlans,
  clients,
  conversations,
  decisions,
  ledgerEntries,
  loginAttempts,
  messages,
  notificationOutbox,
  representativeLinks,
  retentionRuns,
  services,
  sessions,
  users,
} from '../../db/schema';
import { recordAccess } from '../../app/domain/accessLog.server';
import { chargeBudget } from '../../app/domain/charge.server';
import { setClock } from '../../app/domain/clock';
import { evaluationReport, reportMonths } from '../../app/domain/evaluation.server';
import { startConversation } from '../../app/domain/messages.server';
import { firstDayOf, helsinkiDate, helsinkiMonth } from '../../app/domain/months';
import { RETENTION, retentionCutoffs, runRetention } from '../../app/domain/retention.server';
import { settlementFor } from '../../app/domain/settlement.server';
import { clientByPhone, providerActor, userByEmail } from '../helpers/fixtures';

// A fixed instant in winter (Helsinki +02), the middle of a month.
const NOW = new Date('2026-12-15T10:00:00.000Z');
const ms = (iso: string, deltaMs: number) => new Date(new Date(iso).getTime() + deltaMs).toISOString();
const DAY = 24 * 60 * 60 * 1000;

type Leaver = { clientId: number; userId: number; phone: string };

async function clientWithEverything(tag: string, phone: string): Promise<Leaver> {
  const db = getDb();
  const worker = userByEmail('worker@example.fi');
  const cleaning = db.select().from(services).where(eq(services.code, 'cleaning')).get()!;
  const user = db.insert(users).values({ email: `${tag}@retention.example.fi`, passwordHash: 'x', role: 'client', firstName: `${tag}Etu`, lastName: `${tag}Suku`, phone }).returning().get();
  const client = db.insert(clients).values({ userId: user.id, firstName: `${tag}Etu`, lastName: `${tag}Suku`, phone, municipalityCode: '205', ownWorkerId: worker.id, group: 'hb' }).returning().get();
  const rep = db.insert(users).values({ email: `${tag}-rep@retention.example.fi`, passwordHash: 'x', role: 'representative', firstName: 'Rep', lastName: tag }).returning().get();
  db.insert(representativeLinks).values({ clientId: client.id, userId: rep.id }).run();
  const decision = db.insert(decisions).values({ clientId: client.id, workerId: worker.id, validFrom: firstDayOf(helsinkiMonth(NOW)), note: `${tag} muistiinpano` }).returning().get();
  db.insert(budgetLines).values({ decisionId: decision.id, serviceId: cleaning.id, monthlyCents: 50000 }).run();
  for (const [i, hundredths] of [100, 250].entries()) {
    const charged = await chargeBudget(providerActor('provider@example.fi'), { phone, serviceId: cleaning.id, quantityHundredths: hundredths, serviceDate: helsinkiDate(NOW) }, `retention-${tag}-${i}`, NOW);
    if (charged.kind !== 'charged') throw new Error(`charge: ${charged.kind}`);
  }
  db.insert(clientPlans).values({ clientId: client.id, workerId: worker.id, needs: `${tag} tarve`, goals: 'g', servicesAgreed: 's' }).run();
  const started = startConversation(user, { clientId: client.id, topic: 'question', subject: null, body: `${tag} viesti`, idempotencyKey: crypto.randomUUID() });
  if (started.kind !== 'posted') throw new Error(`conversation: ${started.kind}`);
  return { clientId: client.id, userId: user.id, phone };
}

const cut = retentionCutoffs(NOW);
let leaver: Leaver; // left one day more than 10 years ago: goes
let stayer: Leaver; // left exactly 10 years ago today: stays
const ids: Record<string, number> = {};
let before: { settlement: unknown; evaluation: unknown; ledger: unknown };

function ledgerSnapshot() {
  return getDb().select().from(ledgerEntries).orderBy(ledgerEntries.id).all();
}

beforeAll(async () => {
  setClock(NOW);
  const db = getDb();
  leaver = await clientWithEverything('Lahtija', '+358409991001');
  stayer = await clientWithEverything('Jaaja', '+358409991002');
  const tenYearsAgo = cut.closedBefore; // today ten years ago
  const dayBefore = new Date(Date.parse(`${tenYearsAgo}T12:00:00Z`) - DAY).toISOString().slice(0, 10);
  db.update(clients).set({ serviceEndedOn: dayBefore }).where(eq(clients.id, leaver.clientId)).run();
  db.update(clients).set({ serviceEndedOn: tenYearsAgo }).where(eq(clients.id, stayer.clientId)).run();

  const worker = userByEmail('worker@example.fi');
  const access = (clientId: number, at: string) => {
    recordAccess({ clientId, actor: { id: worker.id, role: 'worker' }, kind: 'record', basis: 'own_client', succeeded: true }, new Date(at));
    return db.select().from(accessLog).orderBy(accessLog.id).all().at(-1)!.id;
  };
  ids.leaverOldAccess = access(leaver.clientId, ms(cut.accessLogBefore, -60_000));
  ids.leaverNewAccess = access(leaver.clientId, ms(cut.accessLogBefore, 60_000));
  ids.stayerOldAccess = access(stayer.clientId, ms(cut.accessLogBefore, -60_000));
  const aino = clientByPhone('+358401234567');
  ids.activeOldAccess = access(aino.id, ms(cut.accessLogBefore, -DAY * 365));

  const user = userByEmail('client@example.fi');
  const session = (id: string, expiresAt: string, lastSeenAt: string) => db.insert(sessions).values({ id, userId: user.id, expiresAt, lastSeenAt }).run();
  session('ended-just-now', ms(NOW.toISOString(), -1), ms(NOW.toISOString(), -60_000));
  session('still-open', ms(NOW.toISOString(), 60 * 60_000), ms(NOW.toISOString(), -60_000));
  const attempt = (createdAt: string) => db.insert(loginAttempts).values({ email: 'x@example.fi', ip: '203.0.113.1', succeeded: false, createdAt }).returning().get().id;
  ids.attemptPast = attempt(ms(cut.loginAttemptsBefore, -1000));
  ids.attemptInside = attempt(ms(cut.loginAttemptsBefore, 1000));
  const outbox = (sentAt: string | null, createdAt: string) => db.insert(notificationOutbox).values({ userId: user.id, channel: 'email', text: 'Uusi viesti', messageId: `retention-${createdAt}-${sentAt ?? 'unsent'}`, status: sentAt ? 'sent' : 'pending', sentAt, createdAt }).returning().get().id;
  ids.outboxPast = outbox(ms(cut.outboxSentBefore, -1000), '2026-10-01T00:00:00.000Z');
  ids.outboxInside = outbox(ms(cut.outboxSentBefore, 1000), '2026-10-01T00:00:00.000Z');
  ids.outboxUnsent = outbox(null, '2025-01-01T00:00:00.000Z');

  const provider = userByEmail('provider@example.fi').providerId!;
  before = { settlement: settlementFor(provider, helsinkiMonth(NOW)), evaluation: evaluationReport(reportMonths(helsinkiMonth(NOW))), ledger: ledgerSnapshot() };
});

describe('one run', () => {
  let result: ReturnType<typeof runRetention>;
  beforeAll(() => {
    result = runRetention(NOW);
  });

  test('the periods are the written ones', () => {
    expect(RETENTION).toMatchObject({ closedClientYears: 10, accessLogMinimumYears: 2, outboxMonthsAfterDelivery: 1 });
    expect(cut.closedBefore).toBe('2016-12-15');
    expect(cut.accessLogBefore).toBe('2024-12-15T10:00:00.000Z');
  });

  test('sessions, sign-in attempts and delivered notifications: just past goes, just inside stays', () => {
    const db = getDb();
    const left = db.select({ id: sessions.id }).from(sessions).where(inArray(sessions.id, ['ended-just-now', 'still-open'])).all().map((row) => row.id);
    expect(left).toEqual(['still-open']);
    const attempts = db.select({ id: loginAttempts.id }).from(loginAttempts).where(inArray(loginAttempts.id, [ids.attemptPast, ids.attemptInside])).all().map((row) => row.id);
    expect(attempts).toEqual([ids.attemptInside]);
    const outbox = db.select({ id: notificationOutbox.id }).from(notificationOutbox).where(inArray(notificationOutbox.id, [ids.outboxPast, ids.outboxInside, ids.outboxUnsent])).all().map((row) => row.id);
    expect(outbox.sort()).toEqual([ids.outboxInside, ids.outboxUnsent].sort());
  });

  test('a client who left just over 10 years ago is anonymised; one who left exactly 10 years ago stays', () => {
    const db = getDb();
    const gone = db.select().from(clients).where(eq(clients.id, leaver.clientId)).get()!;
    expect(gone).toMatchObject({ firstName: '–', lastName: '–', userId: null, group: 'hb', municipalityCode: '205' });
    expect(gone.phone).not.toBe(leaver.phone);
    expect(gone.erasedAt).toBe(NOW.toISOString());
    expect(db.select().from(users).where(eq(users.id, leaver.userId)).get()).toMatchObject({ firstName: '–', active: false, phone: null });
    expect(db.select().from(clientPlans).where(eq(clientPlans.clientId, leaver.clientId)).all()).toHaveLength(0);
    expect(db.select().from(conversations).where(eq(conversations.clientId, leaver.clientId)).all()).toHaveLength(0);
    expect(db.select().from(representativeLinks).where(eq(representativeLinks.clientId, leaver.clientId)).all()).toHaveLength(0);
    expect(db.select().from(decisions).where(eq(decisions.clientId, leaver.clientId)).get()!.note).toBe('');
    expect(JSON.stringify(db.select().from(messages).all())).not.toContain('Lahtija viesti');

    const kept = db.select().from(clients).where(eq(clients.id, stayer.clientId)).get()!;
    expect(kept).toMatchObject({ firstName: 'JaajaEtu', phone: stayer.phone, erasedAt: null });
    expect(db.select().from(clientPlans).where(eq(clientPlans.clientId, stayer.clientId)).all()).toHaveLength(1);
    expect(db.select().from(conversations).where(eq(conversations.clientId, stayer.clientId)).all()).toHaveLength(1);
  });

  test('access rows of an erased client go once past two years; others stay', () => {
    const left = getDb().select({ id: accessLog.id }).from(accessLog).where(inArray(accessLog.id, Object.values(ids))).all().map((row) => row.id);
    expect(left).not.toContain(ids.leaverOldAccess);
    expect(left).toEqual(expect.arrayContaining([ids.leaverNewAccess, ids.stayerOldAccess, ids.activeOldAccess]));
  });

  test('the ledger, the settlement and the evaluation report are the same as before', () => {
    const provider = userByEmail('provider@example.fi').providerId!;
    expect(ledgerSnapshot()).toEqual(before.ledger);
    expect(settlementFor(provider, helsinkiMonth(NOW))).toEqual(before.settlement);
    expect(evaluationReport(reportMonths(helsinkiMonth(NOW)))).toEqual(before.evaluation);
  });

  test('the run is recorded with its counts', () => {
    const run = getDb().select().from(retentionRuns).where(eq(retentionRuns.id, result.runId)).get()!;
    expect(run.finishedAt).toBe(NOW.toISOString());
    expect(run.counts).toEqual(result.counts);
    expect(result.counts).toMatchObject({ clientsAnonymised: 1, plans: 1, conversations: 1, messages: 1, accessLog: 1, outbox: 1 });
    expect(result.counts.sessions).toBeGreaterThanOrEqual(1);
    expect(result.counts.loginAttempts).toBeGreaterThanOrEqual(1);
  });

  test('a second run finds nothing more to anonymise', () => {
    expect(runRetention(NOW).counts).toMatchObject({ clientsAnonymised: 0, messages: 0, accessLog: 0 });
  });

  test('outside a run the triggers hold: no ledger change, no deleting messages, plans or access rows', () => {
    const sqlite = getDb().$client;
    expect(() => sqlite.prepare('UPDATE ledger_entries SET amount_cents = 1 WHERE client_id = ?').run(leaver.clientId)).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM ledger_entries WHERE client_id = ?').run(leaver.clientId)).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM messages').run()).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM client_plans WHERE client_id = ?').run(stayer.clientId)).toThrow(/append-only/);
    // Even an erased client's access row, once past two years, goes only inside a run.
    expect(() => sqlite.prepare('DELETE FROM access_log WHERE client_id = ?').run(leaver.clientId)).toThrow(/append-only/);
    expect(() => sqlite.prepare("UPDATE decisions SET note = 'x' WHERE client_id = ?").run(stayer.clientId)).toThrow(/never rewritten/);
  });
});

describe('the own worker records the day the matter closed', () => {
  test('a past date is saved; an empty, malformed or future one is 400 with the text kept; another worker 404', async () => {
    setClock(null);
    const route = await import('../../app/routes/worker+/clients.$id._index');
    const { cookieFor, postRequest, run } = await import('../helpers/requests');
    const client = clientByPhone('+358401234567');
    const owner = getDb().select().from(users).where(eq(users.id, client.ownWorkerId)).get()!;
    const path = `/worker/clients/${client.id}`;
    const params = { id: String(client.id) };
    for (const [value, error] of [
      ['', 'mydata:serviceEnd.errors.required'],
      ['31.2.2026', 'mydata:serviceEnd.errors.invalid'],
      ['1.1.2999', 'mydata:serviceEnd.errors.future'],
    ]) {
      const refused = await run(route.action, postRequest(path, { serviceEndedOn: value }, cookieFor(owner.email)), params);
      expect(refused.status).toBe(400);
      expect(refused.data).toMatchObject({ errors: { serviceEndedOn: error }, values: { serviceEndedOn: value } });
    }
    expect(getDb().select().from(clients).where(eq(clients.id, client.id)).get()!.serviceEndedOn).toBeNull();
    const other = getDb().select().from(users).where(eq(users.role, 'worker')).all().find((user) => user.id !== owner.id)!;
    expect((await run(route.action, postRequest(path, { serviceEndedOn: '1.12.2025' }, cookieFor(other.email)), params)).status).toBe(404);
    const saved = await run(route.action, postRequest(path, { serviceEndedOn: '1.12.2025' }, cookieFor(owner.email)), params);
    expect(saved.status).toBe(303);
    expect(getDb().select().from(clients).where(eq(clients.id, client.id)).get()!.serviceEndedOn).toBe('2025-12-01');
  });
});
