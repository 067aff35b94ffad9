// The access log: every route that reads or changes one client's data writes a row (routes found
// at run time from their source, as the bad-input test finds actions), refused attempts too; the
// reason prompt for a client not one's own; the log is append-only; the client and a
// representative acting for them read it, and nobody else's.
import fs from 'node:fs';
import { beforeAll, describe, expect, test, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CHARGE_REFUSAL_FLOOR_MS = '0';
});

import type { ActionFunction, LoaderFunction } from '@remix-run/node';
import { and, eq, max } from 'drizzle-orm';
import { getDb } from '../../db/client.server';
import { accessLog, auditLog, clients, decisions, representativeLinks, services, users } from '../../db/schema';
import { chargeBudget } from '../../app/domain/charge.server';
import { recordAccess } from '../../app/domain/accessLog.server';
import { startConversation } from '../../app/domain/messages.server';
import { helsinkiDate } from '../../app/domain/months';
import { clientByPhone, providerActor, userByEmail } from '../helpers/fixtures';
import { cookieFor, getRequest, postRequest, run } from '../helpers/requests';
import * as recordsRoute from '../../app/routes/records.$id';
import * as accessRoute from '../../app/routes/my-data+/access';
import * as myDataRoute from '../../app/routes/my-data+/_index';
import { routeFiles } from '../helpers/routes';

/** A route reads one client's data when it calls one of these guards or finds a client itself. */
const CLIENT_DATA = /\b(requireOwnClient|requireClientAccess|requireStatedReasonAccess|requireConversationAccess|requireProviderReceipt|requireActingFor|logClientAccess|previewCharge|chargeBudget)\(/;
/** Dynamic segments that name something other than a client's data (a provider, a language). */
// An invoice id names a provider's month invoice (receipts, no client names), not a client. The
// dispute page is only for the client and their representatives, whose own reads leave no row.
const NOT_CLIENT_PARAM = /^(providers\.\$id|admin\.providers\.\$id|language\.\$lang|invoices\.\$id|budget_\.dispute\.\$receipt)/;

/**
 * Loaders of client routes that read no one client's data (their action does). Each says why;
 * the walk checks that they really write nothing, so a change that starts reading a client there
 * must come here and be logged.
 */
const READS_NO_ONE_CLIENT: Record<string, string> = {
  'admin.clients.tsx loader': 'the list of all clients and their workers; opening one goes through /records/:id',
  'provider.charge.tsx loader': 'the empty charge form; the look-up is the action',
  'my-data._index.tsx loader': 'the client’s own overview: their name and three links',
};

type RouteModule = { loader?: LoaderFunction; action?: ActionFunction };
const clientRoutes: { file: string; module: RouteModule }[] = [];
for (const { file, absolutePath } of routeFiles()) {
  const source = fs.readFileSync(absolutePath, 'utf8');
  if (CLIENT_DATA.test(source)) clientRoutes.push({ file, module: (await import(absolutePath)) as RouteModule });
}

let aino: typeof clients.$inferSelect;
let elsa: typeof clients.$inferSelect;
let ownWorkerEmail: string;
let receipt: string;
let ainoConversation: number;
let ainoDecision: number;

function lastAccessId(): number {
  return getDb().select({ id: max(accessLog.id) }).from(accessLog).get()?.id ?? 0;
}
function accessRowsSince(id: number) {
  return getDb().select().from(accessLog).where(and(eq(accessLog.clientId, aino.id))).all().filter((row) => row.id > id);
}
function lastAuditId(): number {
  return getDb().select({ id: max(auditLog.id) }).from(auditLog).get()?.id ?? 0;
}

beforeAll(async () => {
  const db = getDb();
  aino = clientByPhone('+358401234567');
  elsa = db.select().from(clients).where(eq(clients.userId, userByEmail('klient@example.fi').id)).get()!;
  ownWorkerEmail = db.select().from(users).where(eq(users.id, aino.ownWorkerId)).get()!.email;
  const cleaning = db.select().from(services).where(eq(services.code, 'cleaning')).get()!;
  const charged = await chargeBudget(providerActor('provider@example.fi'), { phone: aino.phone, serviceId: cleaning.id, quantityHundredths: 100, serviceDate: helsinkiDate() }, 'access-log-test-1');
  if (charged.kind !== 'charged') throw new Error(`charge: ${charged.kind}`);
  receipt = charged.receiptNumber;
  const started = startConversation(userByEmail('client@example.fi'), { clientId: aino.id, topic: 'question', subject: 'Siivous', body: 'Kysymys siivouksesta.', idempotencyKey: crypto.randomUUID() });
  if (started.kind !== 'posted') throw new Error(`conversation: ${started.kind}`);
  ainoConversation = started.conversationId;
  ainoDecision = db.select().from(decisions).where(eq(decisions.clientId, aino.id)).get()!.id;
});

/** Who calls a route, with which params and (for actions) which fields reach past the guard. */
function callFor(file: string): { email: string; params: Record<string, string>; path: string; fields?: Record<string, string>; prepare?: () => void } {
  const params: Record<string, string> = { id: String(aino.id), decisionId: String(ainoDecision), receipt };
  const urlPath = `/${file.replace(/\.tsx?$/, '').replace(/\[\.(\w+)\]/g, '.$1').split('.').filter((s) => s !== '_index').map((s) => (s.startsWith('$') ? params[s.slice(1)] : s)).join('/')}`;
  if (file.startsWith('worker.clients.')) return { email: ownWorkerEmail, params, path: urlPath };
  if (file.startsWith('messages.$id')) return { email: ownWorkerEmail, params: { id: String(ainoConversation) }, path: `/messages/${ainoConversation}` };
  if (file.startsWith('records.')) {
    // A reason first: without one nothing of the client is read (the reason prompt test covers that).
    return { email: 'admin@example.fi', params, path: urlPath, prepare: () => recordAccess({ clientId: aino.id, actor: { id: userByEmail('admin@example.fi').id, role: 'admin' }, kind: 'reason', basis: 'stated_reason', reason: { code: 'administration', text: 'walk' }, succeeded: true }) };
  }
  if (file.startsWith('provider.charge')) {
    const cleaning = getDb().select().from(services).where(eq(services.code, 'cleaning')).get()!;
    return { email: 'provider@example.fi', params, path: urlPath, fields: { intent: 'preview', phone: '040 123 4567', serviceId: String(cleaning.id), quantity: '1', serviceDate: helsinkiDate().split('-').reverse().join('.'), idempotencyKey: crypto.randomUUID() } };
  }
  if (file.startsWith('provider.')) return { email: 'provider@example.fi', params, path: urlPath };
  if (file.startsWith('admin.clients')) return { email: 'admin@example.fi', params, path: urlPath, fields: { clientId: String(aino.id), workerId: String(aino.ownWorkerId) } };
  if (file.startsWith('my-data.') || file.startsWith('budget.')) return { email: 'client@example.fi', params, path: urlPath };
  throw new Error(`${file} reads a client's data but the walk does not know how to call it: add it here`);
}

describe('every route that reads or changes one client’s data writes a row', () => {
  test('the walk finds the client routes, and every route with a client id among them', () => {
    const found = clientRoutes.map((route) => route.file);
    for (const file of routeFiles().map((route) => route.file).filter((name) => name.includes('$') && !NOT_CLIENT_PARAM.test(name))) expect(found).toContain(file);
    expect(found).toEqual(expect.arrayContaining(['worker.clients.$id._index.tsx', 'messages.$id.tsx', 'provider.receipts.$receipt.tsx', 'provider.charge.tsx', 'records.$id.tsx', 'my-data.access.tsx']));
  });

  for (const { file, module } of clientRoutes) {
    for (const method of ['loader', 'action'] as const) {
      const fn = module[method];
      if (!fn) continue;
      test(`${file} ${method}`, async () => {
        const call = callFor(file);
        call.prepare?.();
        const cookie = cookieFor(call.email);
        const request = method === 'loader' ? getRequest(call.path, cookie) : postRequest(call.path, call.fields ?? {}, cookie);
        const beforeAccess = lastAccessId();
        const beforeAudit = lastAuditId();
        const result = await run(fn, request, call.params);
        expect(result.status).toBeLessThan(500);
        if (READS_NO_ONE_CLIENT[`${file} ${method}`]) {
          expect(accessRowsSince(beforeAccess)).toHaveLength(0);
        } else if (file.startsWith('budget.')) {
          // The client's own budget and statement: their own data, no access row.
          expect(result.status).toBe(200);
          expect(accessRowsSince(beforeAccess)).toHaveLength(0);
        } else if (file.startsWith('my-data.')) {
          // The client's own reads are no access rows (their own data) but they are audit-logged.
          const own = getDb().select().from(auditLog).all().filter((row) => row.id > beforeAudit && row.action.startsWith('my_data.'));
          expect(own.length, `${file} ${method} logged no read`).toBeGreaterThan(0);
          expect(accessRowsSince(beforeAccess)).toHaveLength(0);
        } else {
          const rows = accessRowsSince(beforeAccess);
          expect(rows.length, `${file} ${method} wrote no access row`).toBeGreaterThan(0);
          expect(rows[0]).toMatchObject({ clientId: aino.id, actorUserId: userByEmail(call.email).id, succeeded: true });
        }
      });
    }
  }
});

describe('who, why and refusals in the row', () => {
  test('the own worker: role and basis own_client', async () => {
    const before = lastAccessId();
    const route = (await import('../../app/routes/worker+/clients.$id.plan')) as RouteModule;
    await run(route.loader!, getRequest(`/worker/clients/${aino.id}/plan`, cookieFor(ownWorkerEmail)), { id: String(aino.id) });
    expect(accessRowsSince(before)).toMatchObject([{ actorRole: 'worker', recordKind: 'plan', basis: 'own_client', succeeded: true }]);
  });

  test('another worker is refused (404) and the attempt is in the log', async () => {
    const other = getDb().select().from(users).where(eq(users.role, 'worker')).all().find((user) => user.id !== aino.ownWorkerId)!;
    const route = (await import('../../app/routes/worker+/clients.$id._index')) as RouteModule;
    const before = lastAccessId();
    const result = await run(route.loader!, getRequest(`/worker/clients/${aino.id}`, cookieFor(other.email)), { id: String(aino.id) });
    expect(result.status).toBe(404);
    expect(accessRowsSince(before)).toMatchObject([{ actorUserId: other.id, basis: 'refused', succeeded: false }]);
  });

  test('a provider’s charge look-up is logged with the provider', async () => {
    const before = lastAccessId();
    const { previewCharge } = await import('../../app/domain/charge.server');
    const cleaning = getDb().select().from(services).where(eq(services.code, 'cleaning')).get()!;
    await previewCharge(providerActor('provider@example.fi'), { phone: aino.phone, serviceId: cleaning.id, quantityHundredths: 100, serviceDate: helsinkiDate() });
    const staff = userByEmail('provider@example.fi');
    expect(accessRowsSince(before)).toMatchObject([{ actorRole: 'provider', providerId: staff.providerId, recordKind: 'charge_lookup', basis: 'charge_lookup' }]);
  });
});

describe('a client who is not one’s own: a reason first', () => {
  const form = { reasonCode: 'client_request', reasonText: 'Asiakas soitti neuvontaan budjetistaan.' };

  test('the administrator is asked for a reason; nothing is read or logged before it', async () => {
    const admin = userByEmail('admin@example.fi');
    const target = elsa; // no reason stated for her yet
    const before = lastAccessId();
    const ask = await run(recordsRoute.loader, getRequest(`/records/${target.id}`, cookieFor(admin.email)), { id: String(target.id) });
    expect(ask.data).toMatchObject({ kind: 'ask', clientId: target.id });
    expect(JSON.stringify(ask.data)).not.toContain(target.lastName);
    expect(getDb().select().from(accessLog).where(eq(accessLog.clientId, target.id)).all().filter((row) => row.id > before)).toHaveLength(0);
  });

  test('a missing reason is 400 with both errors and what was typed kept', async () => {
    const cookie = cookieFor('admin@example.fi');
    const result = await run(recordsRoute.action, postRequest(`/records/${elsa.id}`, { reasonText: '  ' }, cookie), { id: String(elsa.id) });
    expect(result.status).toBe(400);
    expect(result.data).toMatchObject({ errors: { reasonCode: 'mydata:reason.errors.codeRequired', reasonText: 'mydata:reason.errors.textRequired' } });
    const tooLong = await run(recordsRoute.action, postRequest(`/records/${elsa.id}`, { reasonCode: 'other', reasonText: 'x'.repeat(501) }, cookie), { id: String(elsa.id) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.data).toMatchObject({ errors: { reasonText: 'mydata:reason.errors.textTooLong' }, values: { reasonCode: 'other' } });
  });

  test('with a reason the record opens and every view carries the reason', async () => {
    const admin = userByEmail('admin@example.fi');
    const cookie = cookieFor(admin.email);
    const posted = await run(recordsRoute.action, postRequest(`/records/${elsa.id}`, form, cookie), { id: String(elsa.id) });
    expect(posted.status).toBe(303);
    const before = lastAccessId();
    const opened = await run(recordsRoute.loader, getRequest(`/records/${elsa.id}`, cookie), { id: String(elsa.id) });
    expect(opened.data).toMatchObject({ kind: 'record', client: { lastName: elsa.lastName } });
    const rows = getDb().select().from(accessLog).where(eq(accessLog.clientId, elsa.id)).all().filter((row) => row.id > before);
    expect(rows).toMatchObject([{ actorUserId: admin.id, actorRole: 'admin', recordKind: 'record', basis: 'stated_reason', reasonCode: 'client_request', reasonText: form.reasonText }]);
  });

  test('a substitute worker gets the prompt; the own worker is sent to their own page', async () => {
    const substitute = getDb().select().from(users).where(eq(users.role, 'worker')).all().find((user) => user.id !== aino.ownWorkerId)!;
    const ask = await run(recordsRoute.loader, getRequest(`/records/${aino.id}`, cookieFor(substitute.email)), { id: String(aino.id) });
    expect(ask.data).toMatchObject({ kind: 'ask' });
    const own = await run(recordsRoute.loader, getRequest(`/records/${aino.id}`, cookieFor(ownWorkerEmail)), { id: String(aino.id) });
    expect(own.status).toBe(303);
    expect(own.headers.get('Location')).toBe(`/worker/clients/${aino.id}`);
  });

  test('other roles are refused (403) and an unknown client is 404', async () => {
    for (const email of ['client@example.fi', 'caregiver@example.fi', 'provider@example.fi']) {
      expect((await run(recordsRoute.loader, getRequest(`/records/${aino.id}`, cookieFor(email)), { id: String(aino.id) })).status).toBe(403);
      expect((await run(recordsRoute.action, postRequest(`/records/${aino.id}`, form, cookieFor(email)), { id: String(aino.id) })).status).toBe(403);
    }
    expect((await run(recordsRoute.loader, getRequest('/records/999999', cookieFor('admin@example.fi')), { id: '999999' })).status).toBe(404);
  });
});

describe('the access log is append-only', () => {
  test('UPDATE and DELETE are refused by the database', () => {
    const sqlite = getDb().$client;
    expect(() => sqlite.prepare('UPDATE access_log SET basis = ? WHERE id = (SELECT max(id) FROM access_log)').run('own_client')).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM access_log WHERE id = (SELECT max(id) FROM access_log)').run()).toThrow(/append-only/);
  });
});

describe('the client and a representative acting for them read the log', () => {
  function rowsOf(data: unknown) {
    return (data as { rows: { who: string; role: string; kind: string }[] }).rows;
  }

  test('a client sees their own rows in plain parts, a provider as the provider, and never another client’s', async () => {
    const result = await run(accessRoute.loader, getRequest('/my-data/access', cookieFor('client@example.fi')));
    const rows = rowsOf(result.data);
    expect(rows.length).toBeGreaterThan(0);
    const ainoRows = getDb().select().from(accessLog).where(eq(accessLog.clientId, aino.id)).all();
    expect((result.data as { total: number }).total).toBe(ainoRows.length);
    const providerRow = rows.find((row) => row.role === 'provider')!;
    expect(providerRow.who).toBe('Kainuun Kotisiivous Oy');
    const staff = userByEmail('provider@example.fi');
    expect(rows.some((row) => row.who.includes(staff.lastName))).toBe(false);
    // Another client's rows are never in the client's pages, and ?client= cannot reach them.
    expect(JSON.stringify(result.data)).not.toContain(elsa.lastName);
    expect((await run(accessRoute.loader, getRequest(`/my-data/access?client=${elsa.id}`, cookieFor('client@example.fi')))).status).toBe(404);
    const elsaView = await run(accessRoute.loader, getRequest('/my-data/access', cookieFor('klient@example.fi')));
    expect((elsaView.data as { total: number }).total).toBe(getDb().select().from(accessLog).where(eq(accessLog.clientId, elsa.id)).all().length);
  });

  test('filters by kind and month, newest first, 20 a page; a bad filter is 400', async () => {
    const cookie = cookieFor('client@example.fi');
    const byKind = await run(accessRoute.loader, getRequest('/my-data/access?kind=receipt', cookie));
    expect(rowsOf(byKind.data).every((row) => row.kind === 'receipt')).toBe(true);
    const admin = userByEmail('admin@example.fi');
    for (let i = 0; i < 25; i++) recordAccess({ clientId: aino.id, actor: { id: admin.id, role: 'admin' }, kind: 'record', basis: 'administration', succeeded: true });
    recordAccess({ clientId: aino.id, actor: { id: admin.id, role: 'admin' }, kind: 'plan', basis: 'administration', succeeded: true }, new Date('2025-03-31T21:30:00Z')); // 1.4.2025 in Helsinki
    const first = await run(accessRoute.loader, getRequest('/my-data/access', cookie));
    expect(rowsOf(first.data)).toHaveLength(20);
    const times = (first.data as { rows: { createdAt: string }[] }).rows.map((row) => row.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect((first.data as { pages: number }).pages).toBeGreaterThan(1);
    const april = await run(accessRoute.loader, getRequest('/my-data/access?month=2025-04', cookie));
    expect(rowsOf(april.data)).toMatchObject([{ kind: 'plan' }]);
    expect(rowsOf((await run(accessRoute.loader, getRequest('/my-data/access?month=2025-03', cookie))).data)).toHaveLength(0);
    expect((await run(accessRoute.loader, getRequest('/my-data/access?month=2025-13', cookie))).status).toBe(400);
    expect((await run(accessRoute.loader, getRequest('/my-data/access?kind=everything', cookie))).status).toBe(400);
  });

  test('a representative sees a client’s log only while acting for that client', async () => {
    const caregiver = userByEmail('caregiver@example.fi');
    const represented = getDb().select().from(representativeLinks).where(eq(representativeLinks.userId, caregiver.id)).all();
    const target = represented[0].clientId;
    // Not chosen yet: sent to choose on /act-for first.
    const choose = await run(accessRoute.loader, getRequest('/my-data/access', cookieFor(caregiver.email, '', { actingFor: null })));
    expect(choose.status).toBe(303);
    expect(choose.headers.get('Location')).toMatch(/^\/act-for\?/);
    const cookie = cookieFor(caregiver.email, '', { actingFor: target });
    const admin = userByEmail('admin@example.fi');
    recordAccess({ clientId: target, actor: { id: admin.id, role: 'admin' }, kind: 'record', basis: 'administration', succeeded: true });
    const acting = await run(accessRoute.loader, getRequest(`/my-data/access?client=${target}`, cookie));
    expect(acting.data).toMatchObject({ kind: 'log', self: false, clientParam: target });
    expect((acting.data as { total: number }).total).toBeGreaterThan(0);
    // Not a client she represents: 404. Once her link is removed the choice has ended: back to
    // the chooser, with nothing of the client read.
    expect((await run(accessRoute.loader, getRequest(`/my-data/access?client=${aino.id}`, cookie))).status).toBe(404);
    getDb().delete(representativeLinks).where(and(eq(representativeLinks.userId, caregiver.id), eq(representativeLinks.clientId, target))).run();
    const ended = await run(accessRoute.loader, getRequest(`/my-data/access?client=${target}`, cookie));
    expect(ended.status).toBe(303);
    expect(ended.headers.get('Location')).toMatch(/^\/act-for\?ended=1/);
    getDb().insert(representativeLinks).values(represented[0]).run();
  });

  test('reading the log is itself logged', async () => {
    const before = lastAuditId();
    await run(accessRoute.loader, getRequest('/my-data/access', cookieFor('client@example.fi')));
    const rows = getDb().select().from(auditLog).all().filter((row) => row.id > before);
    expect(rows).toMatchObject([{ action: 'my_data.access_log', subjectType: 'client', subjectId: String(aino.id) }]);
  });

  test('other roles are refused (403); signed out goes to sign in', async () => {
    for (const email of ['worker@example.fi', 'admin@example.fi', 'provider@example.fi']) {
      expect((await run(accessRoute.loader, getRequest('/my-data/access', cookieFor(email)))).status).toBe(403);
      expect((await run(myDataRoute.loader, getRequest('/my-data', cookieFor(email)))).status).toBe(403);
    }
    expect((await run(accessRoute.loader, getRequest('/my-data/access'))).status).toBe(303);
  });

});
