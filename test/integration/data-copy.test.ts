// A copy of one's own data: two clients with data of every kind; the copy of one holds every kind
// of record of that client and nothing of the other (name, phone, messages, plan, representative,
// receipts). The client, a representative acting for them and the own worker can take it; taking
// it is logged; others are refused.
import { beforeAll, describe, expect, test, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CHARGE_REFUSAL_FLOOR_MS = '0';
});

import { and, eq, max } from 'drizzle-orm';
import { getDb } from '../../db/client.server';
import { accessLog, auditLog, budgetLines, clientPlans, clients, decisions, representativeLinks, services, users } from '../../db/schema';
import { recordAccess } from '../../app/domain/accessLog.server';
import { chargeBudget } from '../../app/domain/charge.server';
import { dataCopyFor } from '../../app/domain/dataCopy.server';
import { startConversation } from '../../app/domain/messages.server';
import { firstDayOf, helsinkiDate, helsinkiMonth } from '../../app/domain/months';
import { providerActor, userByEmail } from '../helpers/fixtures';
import { cookieFor, getRequest, run } from '../helpers/requests';
import * as copyRoute from '../../app/routes/my-data+/copy';
import * as copyJsonRoute from '../../app/routes/my-data+/copy[.json]';
import * as workerCopyRoute from '../../app/routes/worker+/clients.$id.copy';
import * as workerCopyJsonRoute from '../../app/routes/worker+/clients.$id.copy[.json]';

type Seeded = { clientId: number; email: string; repEmail: string; words: string[] };

/** A client with a login, a representative, a decision with a note, a charge, a plan, a conversation and an access row. */
async function seedClient(tag: string, phone: string, repPhone: string): Promise<Seeded> {
  const db = getDb();
  const worker = userByEmail('worker@example.fi');
  const cleaning = db.select().from(services).where(eq(services.code, 'cleaning')).get()!;
  const email = `${tag.toLowerCase()}@copy.example.fi`;
  const user = db.insert(users).values({ email, passwordHash: 'x', role: 'client', firstName: `${tag}etunimi`, lastName: `${tag}sukunimi`, phone }).returning().get();
  const client = db.insert(clients).values({ userId: user.id, firstName: `${tag}etunimi`, lastName: `${tag}sukunimi`, phone, municipalityCode: '205', ownWorkerId: worker.id, group: 'hb' }).returning().get();
  const repEmail = `${tag.toLowerCase()}-rep@copy.example.fi`;
  const rep = db.insert(users).values({ email: repEmail, passwordHash: 'x', role: 'representative', firstName: `${tag}edustaja`, lastName: `${tag}omainen`, phone: repPhone }).returning().get();
  db.insert(representativeLinks).values({ clientId: client.id, userId: rep.id, relationship: `${tag}suhde` }).run();
  const decision = db.insert(decisions).values({ clientId: client.id, workerId: worker.id, validFrom: firstDayOf(helsinkiMonth()), note: `${tag} päätöksen lisätieto` }).returning().get();
  db.insert(budgetLines).values({ decisionId: decision.id, serviceId: cleaning.id, monthlyCents: 30000 }).run();
  const charged = await chargeBudget(providerActor('provider@example.fi'), { phone, serviceId: cleaning.id, quantityHundredths: 100, serviceDate: helsinkiDate() }, `copy-${tag}`);
  if (charged.kind !== 'charged') throw new Error(`charge for ${tag}: ${charged.kind}`);
  db.insert(clientPlans).values({ clientId: client.id, workerId: worker.id, needs: `${tag} tarpeet`, goals: `${tag} tavoitteet`, servicesAgreed: `${tag} palvelut` }).run();
  const started = startConversation(user, { clientId: client.id, topic: 'question', subject: `${tag} aihe`, body: `${tag} salainen viesti`, idempotencyKey: crypto.randomUUID() });
  if (started.kind !== 'posted') throw new Error(`conversation for ${tag}: ${started.kind}`);
  recordAccess({ clientId: client.id, actor: { id: worker.id, role: 'worker' }, kind: 'plan', basis: 'own_client', succeeded: true });
  return {
    clientId: client.id,
    email,
    repEmail,
    words: [`${tag}etunimi`, `${tag}sukunimi`, phone, `${tag}edustaja`, repPhone, `${tag} päätöksen lisätieto`, charged.receiptNumber, `${tag} tarpeet`, `${tag} salainen viesti`, `${tag} aihe`],
  };
}

let first: Seeded;
let second: Seeded;

beforeAll(async () => {
  first = await seedClient('Ensimmäinen', '+358409990001', '+358409990011');
  second = await seedClient('Toinen', '+358409990002', '+358409990012');
});

describe('the copy holds every kind of record of the client and nothing of anyone else', () => {
  test('every kind, by content', () => {
    const copy = dataCopyFor(first.clientId)!;
    expect(copy.profile).toMatchObject({ firstName: 'Ensimmäinenetunimi', phone: '+358409990001', loginEmail: first.email });
    expect(copy.representatives).toMatchObject([{ firstName: 'Ensimmäinenedustaja', phone: '+358409990011', relationship: 'Ensimmäinensuhde' }]);
    expect(copy.decisions).toMatchObject([{ note: 'Ensimmäinen päätöksen lisätieto', lines: [{ monthlyCents: 30000 }] }]);
    expect(copy.ledger).toMatchObject([{ kind: 'charge', providerName: 'Kainuun Kotisiivous Oy' }]);
    expect(copy.plans).toMatchObject([{ needs: 'Ensimmäinen tarpeet' }]);
    expect(copy.conversations).toMatchObject([{ subject: 'Ensimmäinen aihe', messages: [{ body: 'Ensimmäinen salainen viesti' }] }]);
    expect(copy.accessLog.some((row) => row.kind === 'plan' && row.role === 'worker')).toBe(true);
    const text = JSON.stringify(copy);
    for (const word of first.words) expect(text).toContain(word);
  });

  test('nothing of the other client: name, phone, representative, messages, plan, receipts', () => {
    const text = JSON.stringify(dataCopyFor(first.clientId));
    for (const word of second.words) expect(text).not.toContain(word);
    const other = JSON.stringify(dataCopyFor(second.clientId));
    for (const word of first.words) expect(other).not.toContain(word);
  });
});

function lastAuditId(): number {
  return getDb().select({ id: max(auditLog.id) }).from(auditLog).get()?.id ?? 0;
}

describe('who takes the copy, and the log of it', () => {
  test('the client: the page and the JSON file, each logged', async () => {
    const before = lastAuditId();
    const page = await run(copyRoute.loader, getRequest('/my-data/copy', cookieFor(first.email)));
    expect(page.data).toMatchObject({ kind: 'copy', self: true, copy: { profile: { lastName: 'Ensimmäinensukunimi' } } });
    const file = (await copyJsonRoute.loader({ request: getRequest('/my-data/copy.json', cookieFor(first.email)), params: {}, context: {} })) as Response;
    expect(file.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(file.headers.get('Content-Disposition')).toMatch(/^attachment; filename="avain-tiedot-\d{4}-\d{2}-\d{2}\.json"$/);
    const body = await file.text();
    for (const word of first.words) expect(body).toContain(word);
    for (const word of second.words) expect(body).not.toContain(word);
    const actions = getDb().select().from(auditLog).all().filter((row) => row.id > before).map((row) => [row.action, row.subjectId]);
    expect(actions).toEqual([
      ['my_data.copy', String(first.clientId)],
      ['my_data.copy_json', String(first.clientId)],
    ]);
  });

  test('a representative only for the client they act for', async () => {
    const cookie = cookieFor(first.repEmail);
    const own = await run(copyRoute.loader, getRequest(`/my-data/copy?client=${first.clientId}`, cookie));
    expect(own.data).toMatchObject({ kind: 'copy', self: false });
    expect((await run(copyRoute.loader, getRequest(`/my-data/copy?client=${second.clientId}`, cookie))).status).toBe(404);
    expect((await run(copyJsonRoute.loader, getRequest(`/my-data/copy.json?client=${second.clientId}`, cookie))).status).toBe(404);
  });

  test('the own worker produces the same copy; it is an access row of kind export', async () => {
    const worker = userByEmail('worker@example.fi');
    const before = getDb().select({ id: max(accessLog.id) }).from(accessLog).get()?.id ?? 0;
    const page = await run(workerCopyRoute.loader, getRequest(`/worker/clients/${first.clientId}/copy`, cookieFor(worker.email)), { id: String(first.clientId) });
    expect(JSON.stringify(page.data)).toContain('Ensimmäinen salainen viesti');
    const file = (await workerCopyJsonRoute.loader({ request: getRequest(`/worker/clients/${first.clientId}/copy.json`, cookieFor(worker.email)), params: { id: String(first.clientId) }, context: {} })) as Response;
    expect(JSON.parse(await file.text()).profile.phone).toBe('+358409990001');
    const rows = getDb().select().from(accessLog).where(and(eq(accessLog.clientId, first.clientId), eq(accessLog.recordKind, 'export'))).all().filter((row) => row.id > before);
    expect(rows).toMatchObject([
      { actorUserId: worker.id, basis: 'own_client' },
      { actorUserId: worker.id, basis: 'own_client' },
    ]);
  });

  test('another worker 404, other roles 403', async () => {
    const other = userByEmail('worker2@example.fi');
    expect((await run(workerCopyRoute.loader, getRequest(`/worker/clients/${first.clientId}/copy`, cookieFor(other.email)), { id: String(first.clientId) })).status).toBe(404);
    for (const email of ['admin@example.fi', 'provider@example.fi', first.email, first.repEmail]) {
      expect((await run(workerCopyJsonRoute.loader, getRequest(`/worker/clients/${first.clientId}/copy.json`, cookieFor(email)), { id: String(first.clientId) })).status).toBe(403);
    }
    for (const email of ['admin@example.fi', 'provider@example.fi', 'worker@example.fi']) {
      expect((await run(copyRoute.loader, getRequest('/my-data/copy', cookieFor(email)))).status).toBe(403);
    }
  });
});
