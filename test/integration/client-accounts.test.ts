// A worker adds a client and links representatives (many-to-many) by identity code, unlinks them
// and turns off representatives' logins of their own client (no passwords: they sign in with
// Suomi.fi); the audit log viewer filters.
import { and, eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { auditLog, clients, representativeLinks, sessions } from '../../db/schema';
import { getSessionUser } from '../../app/auth/session.server';
import { createClient, linkRepresentative, setRepresentativeActive, unlinkRepresentative } from '../../app/domain/clientAccounts.server';
import { nationalIdFor } from '../../app/domain/nationalId';
import { verifyPassword } from '../../app/auth/password.server';
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
/** A Suomi.fi login's password hash matches neither the demo password nor an empty one. */
async function verifyPasswordFails(hash: string): Promise<boolean> {
  return !(await verifyPassword(hash, 'avain-demo')) && !(await verifyPassword(hash, ''));
}
/** Marja Kinnunen (caregiver@example.fi), the demo representative of Eetu and Helmi. */
const MARJA = '150568-903C';

describe('client accounts', () => {
  test('a new client becomes the worker’s own; a phone number is unique', async () => {
    const input = { firstName: 'Toini', lastName: 'Kemppainen', phone: '040 765 4321', municipalityCode: '205', language: 'fi' as const, group: 'hb' as const };
    const result = await createClient(worker(), input);
    if (result.kind !== 'created') throw new Error(JSON.stringify(result));
    const client = getDb().select().from(clients).where(eq(clients.id, result.clientId)).get();
    expect(client).toMatchObject({ phone: '+358407654321', ownWorkerId: worker().id, group: 'hb', userId: null });
    expect(await createClient(worker(), input)).toEqual({ kind: 'invalid', errors: { phone: 'backoffice:accounts.errors.phoneTaken' } });
  });

  test('a login needs the identity code; the e-mail is contact information and no password is issued', async () => {
    const fields = { firstName: 'Sulo', lastName: 'Piirainen', phone: '0401112223', municipalityCode: '765', language: 'fi', group: 'comparison', email: 'sulo@example.fi' };
    const cookie = cookieFor('worker@example.fi');
    const noCode = await run(newClientRoute.action, postRequest('/worker/clients/new', fields, cookie));
    expect(noCode.status).toBe(400);
    expect(noCode.data).toMatchObject({ errors: { nationalId: 'backoffice:accounts.errors.nationalIdForEmail' }, values: { email: 'sulo@example.fi' } });
    const code = nationalIdFor('030303', '-', 906);
    const result = await run(newClientRoute.action, postRequest('/worker/clients/new', { ...fields, nationalId: code }, cookie));
    expect(result.status).toBe(303);
    expect(JSON.stringify(result.data ?? '')).not.toMatch(/temporaryPassword/);
    const login = userByEmail('sulo@example.fi');
    expect(login).toMatchObject({ role: 'client', nationalId: code, mustChangePassword: false, temporaryPasswordExpiresAt: null });
    expect(await verifyPasswordFails(login.passwordHash)).toBe(true);
  });

  test('a representative can represent several clients and a client can have several representatives', async () => {
    const tauno = clientByPhone('+358400372915');
    const aino = clientByPhone('+358401234567');
    const pekka = nationalIdFor('040404', 'A', 907);
    expect((await linkRepresentative(worker(), tauno.id, { nationalId: MARJA, relationship: 'naapuri' })).kind).toBe('linked');
    // A new representative: by identity code and name; the e-mail is optional contact information.
    expect(await linkRepresentative(worker(), tauno.id, { nationalId: pekka, email: 'poika@example.fi', firstName: 'Pekka', lastName: 'Heikkinen', relationship: 'poika' })).toEqual({ kind: 'linked' });
    expect(userByEmail('poika@example.fi')).toMatchObject({ role: 'representative', nationalId: pekka, mustChangePassword: false });
    expect(await verifyPasswordFails(userByEmail('poika@example.fi').passwordHash)).toBe(true);
    expect((await linkRepresentative(worker(), aino.id, { nationalId: pekka })).kind).toBe('linked');
    expect(getDb().select().from(representativeLinks).where(eq(representativeLinks.clientId, tauno.id)).all()).toHaveLength(2);
    expect(await linkRepresentative(worker(), tauno.id, { nationalId: pekka })).toEqual({ kind: 'invalid', errors: { nationalId: 'backoffice:accounts.errors.alreadyLinked' } });
    // Aino's code belongs to a client login, not a representative's.
    expect(await linkRepresentative(worker(), tauno.id, { nationalId: '120340-901J' })).toEqual({ kind: 'invalid', errors: { nationalId: 'backoffice:accounts.errors.notRepresentative' } });
    // An unknown code without a name, and a new person whose e-mail another login has.
    expect(await linkRepresentative(worker(), tauno.id, { nationalId: nationalIdFor('050505', 'A', 908) })).toMatchObject({ kind: 'invalid', errors: { firstName: 'backoffice:accounts.errors.firstNameForNew' } });
    expect(await linkRepresentative(worker(), tauno.id, { nationalId: nationalIdFor('050505', 'A', 908), email: 'provider@example.fi', firstName: 'Outi', lastName: 'Outo' })).toEqual({ kind: 'invalid', errors: { email: 'backoffice:accounts.errors.emailTaken' } });
    expect(await linkRepresentative({ id: userByEmail('worker2@example.fi').id }, tauno.id, { nationalId: MARJA })).toEqual({ kind: 'notFound' });
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

  test('link, then deactivate or reactivate: 409 with a clear message, her login and sessions untouched; a reset is no longer an action', async () => {
    const caregiver = userByEmail('caregiver@example.fi');
    const session = cookieFor('caregiver@example.fi', '', { actingFor: helmi().id });
    const started = await run(newMessageRoute.action, postRequest('/messages/new', { topic: 'question', body: 'Luottamuksellinen asia', idempotencyKey: crypto.randomUUID(), clientId: String(helmi().id) }, session));
    expect(started.status, JSON.stringify(started.data)).toBe(303);
    const conversationId = /^\/messages\/(\d+)/.exec(started.headers.get('Location') ?? '')![1];

    // Worker 2 links her to their own client by identity code: allowed, no password shown.
    const linked = await post(elsa().id, { nationalId: MARJA, relationship: 'naapuri', basis: 'authorised' }, 'worker2@example.fi');
    expect(linked.status).toBe(303);
    expect((await repsOnPage(elsa().id, 'worker2@example.fi')).find((r) => r.userId === caregiver.id)).toMatchObject({ shared: true });

    for (const intent of ['deactivate', 'reactivate']) {
      const result = await post(elsa().id, { intent, userId: String(caregiver.id) }, 'worker2@example.fi');
      expect(result.status, intent).toBe(409);
      expect(result.data, intent).toEqual({ kind: 'form', errors: { form: 'backoffice:accounts.errors.sharedLogin' }, values: {} });
    }
    const reset = await post(elsa().id, { intent: 'reset', userId: String(caregiver.id) }, 'worker2@example.fi');
    expect(reset.status).toBe(400);
    expect(JSON.stringify(reset.data)).not.toMatch(/temporaryPassword/);
    // Nothing changed: same password, still active, her session still works, nothing audited as done.
    expect(userByEmail('caregiver@example.fi')).toMatchObject({ passwordHash: caregiver.passwordHash, active: true, mustChangePassword: false });
    expect(getSessionUser(getRequest('/budget', session))?.id).toBe(caregiver.id);
    const done = getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, String(caregiver.id)), eq(auditLog.actorUserId, userByEmail('worker2@example.fi').id)))
      .all();
    expect(done.map((row) => row.action)).toEqual([]);

    // Worker 2 reaches neither worker 1's clients' budgets nor the confidential conversation.
    const worker2 = cookieFor('worker2@example.fi');
    expect((await run(budgetRoute.loader, getRequest(`/budget?client=${helmi().id}`, worker2))).status).toBe(403);
    expect((await run(conversationRoute.loader, getRequest(`/messages/${conversationId}`, worker2), { id: conversationId })).status).toBe(404);
    for (const client of [helmi(), eetu()]) {
      expect((await run(representativesRoute.loader, getRequest(path(client.id), worker2), { id: String(client.id) })).status).toBe(404);
      expect((await post(client.id, { intent: 'deactivate', userId: String(caregiver.id) }, 'worker2@example.fi')).status).toBe(404);
    }

    // Worker 1 may not turn off a login that now also reaches worker 2's client either.
    expect((await repsOnPage(helmi().id, 'worker@example.fi')).find((r) => r.userId === caregiver.id)).toMatchObject({ shared: true });
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
    expect((await linkRepresentative(worker2, elsa().id, { nationalId: MARJA })).kind).toBe('linked');
    expect(setRepresentativeActive(worker2, elsa().id, caregiver.id, false)).toBe('shared');
    expect(setRepresentativeActive(worker(), helmi().id, caregiver.id, false)).toBe('shared');
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
      expect((await post(helmi().id, { intent: 'deactivate', userId: String(caregiver.id) }, email)).status, email).toBe(403);
      expect((await post(helmi().id, { intent: 'unlink', userId: String(caregiver.id), confirm: 'yes' }, email)).status, email).toBe(403);
    }
    expect((await post(helmi().id, { intent: 'explode', userId: String(caregiver.id) })).status).toBe(400);
    expect((await post(helmi().id, { intent: 'deactivate', userId: 'abc' })).status).toBe(400);
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

  test('no password reset for the client’s or a representative’s login (Suomi.fi only); the client’s login cannot be turned off here', async () => {
    const client = userByEmail('client@example.fi');
    const caregiver = userByEmail('caregiver@example.fi');
    const session = cookieFor('client@example.fi');
    for (const [clientId, userId] of [[aino().id, client.id], [helmi().id, caregiver.id]]) {
      const result = await post(clientId, { intent: 'reset', userId: String(userId) });
      expect(result.status).toBe(400);
      expect(JSON.stringify(result.data)).not.toMatch(/temporaryPassword/);
    }
    expect(userByEmail('client@example.fi')).toMatchObject({ passwordHash: client.passwordHash, mustChangePassword: false });
    expect(userByEmail('caregiver@example.fi')).toMatchObject({ passwordHash: caregiver.passwordHash, mustChangePassword: false });
    expect(getSessionUser(getRequest('/budget', session))?.id).toBe(client.id);
    expect(getDb().select().from(auditLog).where(eq(auditLog.action, 'user.password_reset')).all().filter((row) => [String(client.id), String(caregiver.id)].includes(row.subjectId ?? ''))).toEqual([]);
    // The page offers no reset button.
    const page = await run(representativesRoute.loader, getRequest(path(aino().id), cookieFor('worker@example.fi')), { id: String(aino().id) });
    expect(page.data).toMatchObject({ login: { userId: client.id } });
    expect((await post(aino().id, { intent: 'deactivate', userId: String(client.id) })).status).toBe(404);
  });

  test('a linked representative: deactivate (sessions end), reactivate; another worker’s representative is 404', async () => {
    const caregiver = userByEmail('caregiver@example.fi');
    const session = cookieFor('caregiver@example.fi');
    const off = await post(helmi().id, { intent: 'deactivate', userId: String(caregiver.id) });
    expect(off.status).toBe(303);
    expect(off.headers.get('Location')).toBe(`${path(helmi().id)}?done=representativeDeactivated`);
    expect(userByEmail('caregiver@example.fi').active).toBe(false);
    expect(getSessionUser(getRequest('/budget', session))).toBeNull();
    expect(getDb().select().from(sessions).where(eq(sessions.userId, caregiver.id)).all()).toEqual([]);
    const on = await post(helmi().id, { intent: 'reactivate', userId: String(caregiver.id) });
    expect(on.status).toBe(303);
    expect(userByEmail('caregiver@example.fi').active).toBe(true);
    expect(getDb().select().from(auditLog).where(and(eq(auditLog.subjectId, String(caregiver.id)), eq(auditLog.action, 'user.reactivated'))).all()).toHaveLength(1);

    // A representative of worker2's client: worker@example.fi cannot touch the login.
    const other = await linkRepresentative({ id: userByEmail('worker2@example.fi').id }, elsa().id, { nationalId: nationalIdFor('060606', 'A', 909), email: 'edustaja.elsa@example.fi', firstName: 'Eero', lastName: 'Edustaja' });
    expect(other.kind).toBe('linked');
    const otherRep = userByEmail('edustaja.elsa@example.fi');
    for (const intent of ['deactivate', 'reactivate', 'unlink']) {
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
