// A worker adds a client and links representatives (many-to-many), unlinks them and resets or
// turns off the logins of their own client; the audit log viewer filters.
import { and, eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { auditLog, clients, representativeLinks, sessions } from '../../db/schema';
import { verifyPassword } from '../../app/auth/password.server';
import { getSessionUser } from '../../app/auth/session.server';
import { createClient, linkRepresentative, resetClientLogin, setRepresentativeActive, unlinkRepresentative } from '../../app/domain/clientAccounts.server';
import { listConversations } from '../../app/domain/messages.server';
import { auditEntries, auditFilterFrom } from '../../app/domain/auditViewer.server';
import { helsinkiMidnightUtc } from '../../app/domain/months';
import * as auditRoute from '../../app/routes/admin+/audit';
import * as newClientRoute from '../../app/routes/worker+/clients.new';
import * as representativesRoute from '../../app/routes/worker+/clients.$id.representatives';
import * as budgetRoute from '../../app/routes/_client+/budget';
import * as conversationRoute from '../../app/routes/messages+/$id';
import * as newMessageRoute from '../../app/routes/messages+/new';
import * as inboxRoute from '../../app/routes/messages+/_index';
import { clientByPhone, userByEmail } from '../helpers/fixtures';
import { cookieFor, getRequest, postRequest, run } from '../helpers/requests';

const worker = () => ({ id: userByEmail('worker@example.fi').id, ip: '203.0.113.7' });

describe('client accounts', () => {
  test('a new client becomes the worker’s own; a phone number is unique', async () => {
    const input = { firstName: 'Toini', lastName: 'Kemppainen', phone: '040 765 4321', municipalityCode: '205', language: 'fi' as const, group: 'hb' as const };
    const result = await createClient(worker(), input);
    if (result.kind !== 'created') throw new Error(JSON.stringify(result));
    expect(result.temporaryPassword).toBeNull();
    const client = getDb().select().from(clients).where(eq(clients.id, result.clientId)).get();
    expect(client).toMatchObject({ phone: '+358407654321', ownWorkerId: worker().id, group: 'hb', userId: null });
    expect(await createClient(worker(), input)).toEqual({ kind: 'invalid', errors: { phone: 'backoffice:accounts.errors.phoneTaken' } });
  });

  test('with an e-mail the client gets a login and a one-time password (route answers once, no-store)', async () => {
    const result = await run(
      newClientRoute.action,
      postRequest('/worker/clients/new', { firstName: 'Sulo', lastName: 'Piirainen', phone: '0401112223', municipalityCode: '765', language: 'fi', group: 'comparison', email: 'sulo@example.fi' }, cookieFor('worker@example.fi')),
    );
    expect(result.status).toBe(200);
    expect(result.data).toMatchObject({ kind: 'created', email: 'sulo@example.fi' });
    expect(userByEmail('sulo@example.fi')).toMatchObject({ role: 'client', mustChangePassword: true });
  });

  test('a representative can represent several clients and a client can have several representatives', async () => {
    const tauno = clientByPhone('+358400372915');
    const aino = clientByPhone('+358401234567');
    expect((await linkRepresentative(worker(), tauno.id, { email: 'caregiver@example.fi', relationship: 'naapuri' })).kind).toBe('linked');
    const created = await linkRepresentative(worker(), tauno.id, { email: 'poika@example.fi', firstName: 'Pekka', lastName: 'Heikkinen', relationship: 'poika' });
    expect(created).toMatchObject({ kind: 'linked', email: 'poika@example.fi' });
    expect((await linkRepresentative(worker(), aino.id, { email: 'poika@example.fi' })).kind).toBe('linked');
    expect(getDb().select().from(representativeLinks).where(eq(representativeLinks.clientId, tauno.id)).all()).toHaveLength(2);
    expect(await linkRepresentative(worker(), tauno.id, { email: 'poika@example.fi' })).toEqual({ kind: 'invalid', errors: { email: 'backoffice:accounts.errors.alreadyLinked' } });
    expect(await linkRepresentative(worker(), tauno.id, { email: 'provider@example.fi' })).toEqual({ kind: 'invalid', errors: { email: 'backoffice:accounts.errors.notRepresentative' } });
    expect(await linkRepresentative(worker(), tauno.id, { email: 'tuntematon@example.fi' })).toMatchObject({ kind: 'invalid' });
    expect(await linkRepresentative({ id: userByEmail('worker2@example.fi').id }, tauno.id, { email: 'caregiver@example.fi' })).toEqual({ kind: 'notFound' });
  });
});

// Issue 10, item 2: worker 2 links worker 1's clients' representative to their own client by
// e-mail. That must not let worker 2 reset her password (and read the temporary one), turn her
// login off, or reach worker 1's clients through her.
describe('a representative shared with another worker’s client', () => {
  const eetu = () => getDb().select().from(clients).where(eq(clients.firstName, 'Eetu')).get()!;
  const helmi = () => getDb().select().from(clients).where(eq(clients.firstName, 'Helmi')).get()!;
  const elsa = () => getDb().select().from(clients).where(eq(clients.userId, userByEmail('klient@example.fi').id)).get()!;
  const path = (clientId: number) => `/worker/clients/${clientId}/representatives`;
  const post = (clientId: number, fields: Record<string, string>, email: string) =>
    run(representativesRoute.action, postRequest(path(clientId), fields, cookieFor(email)), { id: String(clientId) });
  const repsOnPage = async (clientId: number, email: string) =>
    ((await run(representativesRoute.loader, getRequest(path(clientId), cookieFor(email)), { id: String(clientId) })).data as {
      representatives: { userId: number; shared: boolean }[];
    }).representatives;

  test('link, then reset, deactivate or reactivate: 409 with a clear message, no temporary password, her login and sessions untouched', async () => {
    const caregiver = userByEmail('caregiver@example.fi');
    const session = cookieFor('caregiver@example.fi', '', { actingFor: helmi().id });
    const started = await run(newMessageRoute.action, postRequest('/messages/new', { topic: 'question', body: 'Luottamuksellinen asia', idempotencyKey: crypto.randomUUID(), clientId: String(helmi().id) }, session));
    expect(started.status, JSON.stringify(started.data)).toBe(303);
    const conversationId = /^\/messages\/(\d+)/.exec(started.headers.get('Location') ?? '')![1];

    // Worker 2 links her to their own client by e-mail: allowed, no password shown.
    const linked = await post(elsa().id, { email: 'caregiver@example.fi', relationship: 'naapuri', basis: 'authorised' }, 'worker2@example.fi');
    expect(linked.status).toBe(303);
    expect((await repsOnPage(elsa().id, 'worker2@example.fi')).find((r) => r.userId === caregiver.id)).toMatchObject({ shared: true });

    for (const intent of ['reset', 'deactivate', 'reactivate']) {
      const result = await post(elsa().id, { intent, userId: String(caregiver.id) }, 'worker2@example.fi');
      expect(result.status, intent).toBe(409);
      expect(result.data, intent).toEqual({ kind: 'form', errors: { form: 'backoffice:accounts.errors.sharedLogin' }, values: {} });
      expect(JSON.stringify(result.data)).not.toMatch(/temporaryPassword/);
    }
    // Nothing changed: same password, still active, her session still works, nothing audited as done.
    expect(userByEmail('caregiver@example.fi')).toMatchObject({ passwordHash: caregiver.passwordHash, active: true, mustChangePassword: false });
    expect(getSessionUser(getRequest('/budget', session))?.id).toBe(caregiver.id);
    const done = getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, String(caregiver.id)), eq(auditLog.actorUserId, userByEmail('worker2@example.fi').id)))
      .all();
    expect(done.map((row) => row.action)).toEqual([]);
    expect(await verifyPassword(userByEmail('caregiver@example.fi').passwordHash, 'avain-demo')).toBe(true);

    // Worker 2 reaches neither worker 1's clients' budgets nor the confidential conversation.
    const worker2 = cookieFor('worker2@example.fi');
    expect((await run(budgetRoute.loader, getRequest(`/budget?client=${helmi().id}`, worker2))).status).toBe(403);
    expect((await run(conversationRoute.loader, getRequest(`/messages/${conversationId}`, worker2), { id: conversationId })).status).toBe(404);
    for (const client of [helmi(), eetu()]) {
      expect((await run(representativesRoute.loader, getRequest(path(client.id), worker2), { id: String(client.id) })).status).toBe(404);
      expect((await post(client.id, { intent: 'reset', userId: String(caregiver.id) }, 'worker2@example.fi')).status).toBe(404);
    }

    // Worker 1 may not reset or turn off a login that now also reaches worker 2's client either.
    expect((await repsOnPage(helmi().id, 'worker@example.fi')).find((r) => r.userId === caregiver.id)).toMatchObject({ shared: true });
    expect((await post(helmi().id, { intent: 'reset', userId: String(caregiver.id) }, 'worker@example.fi')).status).toBe(409);
    expect((await post(helmi().id, { intent: 'deactivate', userId: String(caregiver.id) }, 'worker@example.fi')).status).toBe(409);
    expect(userByEmail('caregiver@example.fi')).toMatchObject({ passwordHash: caregiver.passwordHash, active: true });

    // Each worker may still unlink her from their own client; then worker 1 holds every link again.
    expect((await post(elsa().id, { intent: 'unlink', userId: String(caregiver.id), confirm: 'yes' }, 'worker2@example.fi')).status).toBe(303);
    expect(getDb().select().from(representativeLinks).where(eq(representativeLinks.userId, caregiver.id)).all().map((l) => l.clientId)).not.toContain(elsa().id);
    expect((await repsOnPage(helmi().id, 'worker@example.fi')).find((r) => r.userId === caregiver.id)).toMatchObject({ shared: false });
    expect(getSessionUser(getRequest('/budget', session))?.id).toBe(caregiver.id);
  });

  test('the domain functions refuse a shared login the same way', async () => {
    const caregiver = userByEmail('caregiver@example.fi');
    const worker2 = { id: userByEmail('worker2@example.fi').id, ip: '203.0.113.7' };
    expect((await linkRepresentative(worker2, elsa().id, { email: 'caregiver@example.fi' })).kind).toBe('linked');
    expect(await resetClientLogin(worker2, elsa().id, caregiver.id)).toEqual({ kind: 'shared' });
    expect(setRepresentativeActive(worker2, elsa().id, caregiver.id, false)).toBe('shared');
    expect(await resetClientLogin(worker(), helmi().id, caregiver.id)).toEqual({ kind: 'shared' });
    expect(unlinkRepresentative(worker2, elsa().id, caregiver.id)).toBe('unlinked');
    expect(userByEmail('caregiver@example.fi')).toMatchObject({ passwordHash: caregiver.passwordHash, active: true });
  });
});

describe('removing access', () => {
  const eetu = () => getDb().select().from(clients).where(eq(clients.firstName, 'Eetu')).get()!;
  const helmi = () => getDb().select().from(clients).where(eq(clients.firstName, 'Helmi')).get()!;
  const aino = () => getDb().select().from(clients).where(eq(clients.userId, userByEmail('client@example.fi').id)).get()!;
  const elsa = () => getDb().select().from(clients).where(eq(clients.userId, userByEmail('klient@example.fi').id)).get()!;
  const path = (clientId: number) => `/worker/clients/${clientId}/representatives`;
  const post = (clientId: number, fields: Record<string, string>, email = 'worker@example.fi') =>
    run(representativesRoute.action, postRequest(path(clientId), fields, cookieFor(email)), { id: String(clientId) });
  const linked = (clientId: number, userId: number) =>
    getDb().select().from(representativeLinks).where(and(eq(representativeLinks.clientId, clientId), eq(representativeLinks.userId, userId))).get();

  test('other roles are refused (403); bad input is 400', async () => {
    const caregiver = userByEmail('caregiver@example.fi');
    for (const email of ['admin@example.fi', 'provider@example.fi', 'client@example.fi', 'caregiver@example.fi']) {
      expect((await post(helmi().id, { intent: 'reset', userId: String(caregiver.id) }, email)).status, email).toBe(403);
      expect((await post(helmi().id, { intent: 'unlink', userId: String(caregiver.id), confirm: 'yes' }, email)).status, email).toBe(403);
    }
    expect((await post(helmi().id, { intent: 'explode', userId: String(caregiver.id) })).status).toBe(400);
    expect((await post(helmi().id, { intent: 'reset', userId: 'abc' })).status).toBe(400);
    expect((await post(helmi().id, { intent: 'unlink', userId: String(caregiver.id), confirm: 'no' })).status).toBe(400);
    expect(linked(helmi().id, caregiver.id)).toBeDefined();
  });

  test('unlinking needs the confirmation; afterwards the representative loses the budget and the conversations at once', async () => {
    const caregiver = userByEmail('caregiver@example.fi');
    const cookie = cookieFor('caregiver@example.fi');
    const started = await run(newMessageRoute.action, postRequest('/messages/new', { topic: 'question', body: 'Hei!', idempotencyKey: crypto.randomUUID(), clientId: String(eetu().id) }, cookie));
    expect(started.status, JSON.stringify(started.data)).toBe(303);
    const conversationId = /^\/messages\/(\d+)/.exec(started.headers.get('Location') ?? '')![1];
    const openConversation = () => run(conversationRoute.loader, getRequest(`/messages/${conversationId}`, cookie), { id: conversationId });
    expect((await run(budgetRoute.loader, getRequest(`/budget?client=${eetu().id}`, cookie))).status).toBe(200);
    expect((await openConversation()).status).toBe(200);

    // The page lists the representative with the forms.
    const page = await run(representativesRoute.loader, getRequest(path(eetu().id), cookieFor('worker@example.fi')), { id: String(eetu().id) });
    expect((page.data as { representatives: { userId: number }[] }).representatives.map((r) => r.userId)).toContain(caregiver.id);

    const unconfirmed = await post(eetu().id, { intent: 'unlink', userId: String(caregiver.id) });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.data).toMatchObject({ errors: { form: 'backoffice:accounts.errors.notConfirmed' } });
    expect(linked(eetu().id, caregiver.id)).toBeDefined();

    // Another worker cannot unlink: their client is not this one.
    expect((await post(eetu().id, { intent: 'unlink', userId: String(caregiver.id), confirm: 'yes' }, 'worker2@example.fi')).status).toBe(404);
    // A representative not linked to this client, or a client id that is not the worker's own: 404.
    expect((await post(aino().id, { intent: 'unlink', userId: String(caregiver.id), confirm: 'yes' })).status).toBe(404);
    expect((await post(elsa().id, { intent: 'unlink', userId: String(caregiver.id), confirm: 'yes' })).status).toBe(404);
    expect(linked(eetu().id, caregiver.id)).toBeDefined();

    const done = await post(eetu().id, { intent: 'unlink', userId: String(caregiver.id), confirm: 'yes' });
    expect(done.status).toBe(303);
    expect(done.headers.get('Location')).toBe(`${path(eetu().id)}?done=representativeUnlinked`);
    expect(linked(eetu().id, caregiver.id)).toBeUndefined();
    const row = getDb().select().from(auditLog).where(eq(auditLog.action, 'client.representative_unlinked')).all().at(-1);
    expect(row).toMatchObject({ actorUserId: userByEmail('worker@example.fi').id, subjectType: 'client', subjectId: String(eetu().id) });

    // The same session, straight away: no budget (the choice has ended: back to the chooser), no
    // conversation, nothing in the inbox.
    const budget = await run(budgetRoute.loader, getRequest(`/budget?client=${eetu().id}`, cookie));
    expect(budget.status).toBe(303);
    expect(budget.headers.get('Location')).toMatch(/^\/act-for\?ended=1/);
    const conversation = await openConversation();
    expect(conversation.status).toBe(303);
    expect(conversation.headers.get('Location')).toMatch(/^\/act-for\?/);
    // The inbox too asks her to choose again (the ended choice is gone); Eetu's thread is not hers.
    expect((await run(inboxRoute.loader, getRequest('/messages', cookie))).headers.get('Location')).toMatch(/^\/act-for\?/);
    expect(listConversations({ id: caregiver.id, role: 'representative' }).map((c) => c.id)).not.toContain(Number(conversationId));
    // Helmi, still represented, is unaffected; unlinking twice is 404.
    expect((await run(budgetRoute.loader, getRequest(`/budget?client=${helmi().id}`, cookieFor(caregiver.email, '', { actingFor: helmi().id })))).status).toBe(200);
    expect((await post(eetu().id, { intent: 'unlink', userId: String(caregiver.id), confirm: 'yes' })).status).toBe(404);
  });

  test('the own worker resets the client’s password: shown once, no-store, sessions end, must change at sign-in', async () => {
    const client = userByEmail('client@example.fi');
    const oldSession = cookieFor('client@example.fi');
    const result = await post(aino().id, { intent: 'reset', userId: String(client.id) });
    expect(result.status).toBe(200);
    expect(result.headers.get('Cache-Control')).toBe('no-store');
    const reset = result.data as { kind: string; email: string; temporaryPassword: string };
    expect(reset).toMatchObject({ kind: 'reset', email: 'client@example.fi' });
    const after = userByEmail('client@example.fi');
    expect(after.mustChangePassword).toBe(true);
    expect(await verifyPassword(after.passwordHash, reset.temporaryPassword)).toBe(true);
    expect(getSessionUser(getRequest('/budget', oldSession))).toBeNull();
    const budget = await run(budgetRoute.loader, getRequest('/budget', cookieFor('client@example.fi')));
    expect(budget.status).toBe(303);
    expect(budget.headers.get('Location')).toBe('/account/password');
    expect(getDb().select().from(auditLog).where(and(eq(auditLog.action, 'user.password_reset'), eq(auditLog.subjectId, String(client.id)))).all()).toHaveLength(1);
    // Another worker's client's login, a staff account, and the worker's client with the wrong id: 404.
    expect((await post(aino().id, { intent: 'reset', userId: String(client.id) }, 'worker2@example.fi')).status).toBe(404);
    expect((await post(aino().id, { intent: 'reset', userId: String(userByEmail('klient@example.fi').id) })).status).toBe(404);
    expect((await post(aino().id, { intent: 'reset', userId: String(userByEmail('worker2@example.fi').id) })).status).toBe(404);
    expect((await post(aino().id, { intent: 'reset', userId: String(userByEmail('admin@example.fi').id) })).status).toBe(404);
    expect((await post(aino().id, { intent: 'reset', userId: String(userByEmail('worker@example.fi').id) })).status).toBe(404);
    expect((await post(aino().id, { intent: 'deactivate', userId: String(client.id) })).status).toBe(404);
  });

  test('a linked representative: reset, deactivate (sessions end), reactivate; another worker’s representative is 404', async () => {
    const caregiver = userByEmail('caregiver@example.fi');
    const cookie = cookieFor('caregiver@example.fi');
    const reset = await post(helmi().id, { intent: 'reset', userId: String(caregiver.id) });
    expect(reset.status).toBe(200);
    expect(reset.headers.get('Cache-Control')).toBe('no-store');
    expect(userByEmail('caregiver@example.fi').mustChangePassword).toBe(true);
    expect(getSessionUser(getRequest('/budget', cookie))).toBeNull();

    const session = cookieFor('caregiver@example.fi');
    const off = await post(helmi().id, { intent: 'deactivate', userId: String(caregiver.id) });
    expect(off.status).toBe(303);
    expect(off.headers.get('Location')).toBe(`${path(helmi().id)}?done=representativeDeactivated`);
    expect(userByEmail('caregiver@example.fi').active).toBe(false);
    expect(getSessionUser(getRequest('/budget', session))).toBeNull();
    expect(getDb().select().from(sessions).where(eq(sessions.userId, caregiver.id)).all()).toEqual([]);
    expect((await post(helmi().id, { intent: 'reset', userId: String(caregiver.id) })).status).toBe(400);
    const on = await post(helmi().id, { intent: 'reactivate', userId: String(caregiver.id) });
    expect(on.status).toBe(303);
    expect(userByEmail('caregiver@example.fi').active).toBe(true);
    expect(getDb().select().from(auditLog).where(and(eq(auditLog.subjectId, String(caregiver.id)), eq(auditLog.action, 'user.reactivated'))).all()).toHaveLength(1);

    // A representative of worker2's client: worker@example.fi cannot touch the login.
    const other = await linkRepresentative({ id: userByEmail('worker2@example.fi').id }, elsa().id, { email: 'edustaja.elsa@example.fi', firstName: 'Eero', lastName: 'Edustaja' });
    expect(other.kind).toBe('linked');
    const otherRep = userByEmail('edustaja.elsa@example.fi');
    for (const intent of ['reset', 'deactivate', 'unlink']) {
      expect((await post(helmi().id, { intent, userId: String(otherRep.id), confirm: 'yes' })).status, intent).toBe(404);
      expect((await post(elsa().id, { intent, userId: String(otherRep.id), confirm: 'yes' })).status, intent).toBe(404);
    }
    expect(userByEmail('edustaja.elsa@example.fi')).toMatchObject({ active: true, passwordHash: otherRep.passwordHash });
  });

});

describe('audit log viewer', () => {
  test('filters by kind of event and person; a Helsinki day starts at 22 or 21 UTC', async () => {
    const all = auditEntries(auditFilterFrom(new URL('http://x/admin/audit')));
    expect(all.rows.length).toBeGreaterThan(0);
    const linked = auditEntries(auditFilterFrom(new URL('http://x/admin/audit?category=users&actor=worker@example')));
    expect(linked.rows.length).toBeGreaterThan(0);
    expect(linked.rows.every((row) => row.actorEmail === 'worker@example.fi' && /^(user|client)\./.test(row.action))).toBe(true);
    const none = auditEntries(auditFilterFrom(new URL('http://x/admin/audit?from=2020-01-01&to=2020-01-02')));
    expect(none.rows).toHaveLength(0);
    expect(helsinkiMidnightUtc('2026-01-15')).toBe('2026-01-14T22:00:00.000Z');
    expect(helsinkiMidnightUtc('2026-07-15')).toBe('2026-07-14T21:00:00.000Z');
    const page = await run(auditRoute.loader, getRequest('/admin/audit?category=bogus&before=-3&after=x', cookieFor('admin@example.fi')));
    expect(page.status).toBe(200);
    expect((page.data as { filter: object }).filter).toMatchObject({ category: null, keyset: { before: null, after: null } });
    expect(all.rows[0].id).toBe(getDb().select().from(auditLog).all().at(-1)!.id);
  });
});
