// The access guards of app/auth/guards.server.ts, each with what it lets through and what it
// refuses: other roles 403, other owners and ids that name nothing 404, signed-out users to sign in.
import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { clients, decisions, representativeLinks, users, type Role } from '../../db/schema';
import {
  parseId,
  requireClientAccess,
  requireClientSelf,
  requireOwnClient,
  requireProviderStaff,
  requireUser,
  viewableClients,
} from '../../app/auth/guards.server';
import { hashPassword } from '../../app/auth/password.server';
import { reassignOwnWorker } from '../../app/domain/messages.server';
import { clientByPhone, userByEmail } from '../helpers/fixtures';
import * as clientPage from '../../app/routes/worker+/clients.$id._index';
import * as decisionPage from '../../app/routes/worker+/clients.$id.decisions.$decisionId';
import * as newDecisionPage from '../../app/routes/worker+/clients.$id.decisions.new';
import * as planPage from '../../app/routes/worker+/clients.$id.plan';
import * as representativesPage from '../../app/routes/worker+/clients.$id.representatives';
import { cookieFor, getRequest, run } from '../helpers/requests';

const AINO = '+358401234567'; // client@, own worker worker@
const EETU = '+358442718935'; // represented by caregiver@, own worker worker@
const ELSA_EMAIL = 'klient@example.fi'; // own worker worker2@

const DEMO: Record<Role, string> = {
  admin: 'admin@example.fi',
  worker: 'worker@example.fi',
  provider: 'provider@example.fi',
  client: 'client@example.fi',
  representative: 'caregiver@example.fi',
};
const ALL = Object.keys(DEMO) as Role[];

const as = (email: string, path = '/somewhere') => getRequest(path, cookieFor(email));

/** What a guard threw: the status, the reason the error page shows, and a redirect's target. */
function refusal(guard: () => unknown): { status: number; reason: string | null; location: string | null } {
  try {
    guard();
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, reason: null, location: thrown.headers.get('Location') };
    const { data, init } = thrown as { data: { reason: string | null }; init: ResponseInit };
    return { status: init.status ?? 500, reason: data.reason, location: null };
  }
  throw new Error('the guard let the request through');
}

/** A signed-in login of `role` without the record the role needs (no client row, no provider). */
async function loneLogin(role: Role, email: string): Promise<string> {
  getDb()
    .insert(users)
    .values({ email, passwordHash: await hashPassword('lone login password'), role, firstName: 'Yksin', lastName: 'Tunnus' })
    .run();
  return email;
}

function clientIdsOf(email: string): number[] {
  return viewableClients(userByEmail(email))
    .map((client) => client.id)
    .sort((a, b) => a - b);
}

describe('parseId', () => {
  test('accepts a positive integer of up to ten digits', () => {
    expect(parseId('1')).toBe(1);
    expect(parseId('42')).toBe(42);
    expect(parseId('9999999999')).toBe(9_999_999_999);
  });

  test.each(['', '0', '01', '-1', '+1', '1.0', '1e3', ' 1', '1 ', '0x10', '12345678901', 'abc', '١'])('%j is not an id: 404 by default', (value) => {
    expect(refusal(() => parseId(value))).toMatchObject({ status: 404 });
  });

  test('a missing value or one that is not a string is not an id either', () => {
    expect(refusal(() => parseId(undefined))).toMatchObject({ status: 404 });
    expect(refusal(() => parseId(null))).toMatchObject({ status: 404 });
    expect(refusal(() => parseId(7))).toMatchObject({ status: 404 });
  });

  test('a form value the request needs is 400; an optional value is null', () => {
    expect(refusal(() => parseId('x', 400))).toMatchObject({ status: 400 });
    expect(parseId('x', null)).toBeNull();
    expect(parseId(undefined, null)).toBeNull();
    expect(parseId('12', null)).toBe(12);
  });
});

describe('requireUser', () => {
  test('a signed-out visitor is sent to sign in and brought back', () => {
    const result = refusal(() => requireUser(getRequest('/budget?month=2026-11'), ['client']));
    expect(result.status).toBe(303);
    expect(result.location).toBe(`/login?redirectTo=${encodeURIComponent('/budget?month=2026-11')}`);
  });

  test('another role is 403; an allowed role gets its user', () => {
    expect(refusal(() => requireUser(as(DEMO.provider), ['client', 'representative']))).toMatchObject({ status: 403, reason: 'role' });
    expect(requireUser(as(DEMO.client), ['client', 'representative']).email).toBe(DEMO.client);
  });

  test('a user who must change their password is sent to do that first', () => {
    const email = 'must.change@example.fi';
    getDb().insert(users).values({ email, passwordHash: 'x', role: 'client', firstName: 'Vaihda', lastName: 'Salasana', mustChangePassword: true }).run();
    expect(refusal(() => requireUser(as(email, '/client'), ['client']))).toMatchObject({ status: 303, location: '/account/password' });
    expect(requireUser(as(email, '/account/password'), ['client']).email).toBe(email);
  });
});

describe('requireProviderStaff', () => {
  test('provider staff get the provider they work for', () => {
    const { user, provider, actor } = requireProviderStaff(as(DEMO.provider));
    expect(provider.id).toBe(userByEmail(DEMO.provider).providerId);
    expect(actor).toMatchObject({ id: user.id, role: 'provider' });
  });

  test.each(ALL.filter((role) => role !== 'provider'))('%s is refused with 403', (role) => {
    expect(refusal(() => requireProviderStaff(as(DEMO[role])))).toMatchObject({ status: 403 });
  });

  test('a provider login without a provider is 404 noProviderRecord', async () => {
    const email = await loneLogin('provider', 'lone.provider@example.fi');
    expect(refusal(() => requireProviderStaff(as(email)))).toMatchObject({ status: 404, reason: 'noProviderRecord' });
  });
});

describe('viewableClients', () => {
  test('a client sees their own record only', () => {
    expect(clientIdsOf(DEMO.client)).toEqual([clientByPhone(AINO).id]);
  });

  test('a representative sees exactly the clients linked to them', () => {
    const caregiver = userByEmail(DEMO.representative);
    const linked = getDb()
      .select({ id: representativeLinks.clientId })
      .from(representativeLinks)
      .where(eq(representativeLinks.userId, caregiver.id))
      .all()
      .map((row) => row.id)
      .sort((a, b) => a - b);
    expect(linked.length).toBe(2);
    expect(clientIdsOf(DEMO.representative)).toEqual(linked);
  });

  test("a worker sees their own clients and none of another worker's", () => {
    const worker = userByEmail(DEMO.worker);
    const own = getDb().select({ id: clients.id }).from(clients).where(eq(clients.ownWorkerId, worker.id)).all();
    expect(clientIdsOf(DEMO.worker)).toEqual(own.map((row) => row.id).sort((a, b) => a - b));
    expect(clientIdsOf(DEMO.worker)).not.toContain(clientIdsOf(ELSA_EMAIL)[0]);
    expect(clientIdsOf('worker2@example.fi')).toContain(clientIdsOf(ELSA_EMAIL)[0]);
  });

  test('administrators and providers see no client list', () => {
    expect(viewableClients(userByEmail(DEMO.admin))).toEqual([]);
    expect(viewableClients(userByEmail(DEMO.provider))).toEqual([]);
  });
});

describe('requireClientAccess', () => {
  test('a client reaches their own record; another client, existing or not, is 404', () => {
    const aino = clientByPhone(AINO).id;
    const [elsa] = clientIdsOf(ELSA_EMAIL);
    expect(requireClientAccess(as(DEMO.client), String(aino)).client.id).toBe(aino);
    expect(refusal(() => requireClientAccess(as(DEMO.client), String(elsa)))).toMatchObject({ status: 404 });
    expect(refusal(() => requireClientAccess(as(DEMO.client), '999999'))).toMatchObject({ status: 404 });
    expect(refusal(() => requireClientAccess(as(DEMO.client), 'abc'))).toMatchObject({ status: 404 });
  });

  test('a representative reaches the clients they represent and no other', () => {
    const eetu = clientByPhone(EETU).id;
    expect(requireClientAccess(as(DEMO.representative), String(eetu)).client.id).toBe(eetu);
    expect(refusal(() => requireClientAccess(as(DEMO.representative), String(clientByPhone(AINO).id)))).toMatchObject({ status: 404 });
  });

  test.each(['worker', 'provider', 'admin'] as const)('%s is refused with 403 on the client side', (role) => {
    expect(refusal(() => requireClientAccess(as(DEMO[role]), String(clientByPhone(AINO).id)))).toMatchObject({ status: 403 });
  });
});

describe('requireClientSelf', () => {
  test('a client gets their own record; a client login with no one to act for is sent to /act-for (which says so)', async () => {
    expect(requireClientSelf(as(DEMO.client)).client.id).toBe(clientByPhone(AINO).id);
    const email = await loneLogin('client', 'lone.client@example.fi');
    expect(refusal(() => requireClientSelf(as(email)))).toMatchObject({ status: 303 });
  });

  test.each(ALL.filter((role) => role !== 'client'))('%s is refused with 403', (role) => {
    expect(refusal(() => requireClientSelf(as(DEMO[role])))).toMatchObject({ status: 403 });
  });
});

describe('the worker.clients.$id.* pages all answer through requireOwnClient', () => {
  const pages = { '': clientPage, '/plan': planPage, '/decisions/new': newDecisionPage, '/representatives': representativesPage };

  test.each(Object.keys(pages))('/worker/clients/:id%s: own client 200, another worker’s 404, a provider 403', async (suffix) => {
    const page = pages[suffix as keyof typeof pages];
    const aino = String(clientByPhone(AINO).id);
    const path = `/worker/clients/${aino}${suffix}`;
    expect((await run(page.loader, getRequest(path, cookieFor(DEMO.worker)), { id: aino })).status).toBe(200);
    expect((await run(page.loader, getRequest(path, cookieFor('worker2@example.fi')), { id: aino })).status).toBe(404);
    expect((await run(page.loader, getRequest(path, cookieFor(DEMO.provider)), { id: aino })).status).toBe(403);
  });

  test("a decision is found only under its own client: another of the worker's clients in the URL is 404", async () => {
    const aino = clientByPhone(AINO).id;
    const eetu = clientByPhone(EETU).id;
    const decision = getDb().select({ id: decisions.id }).from(decisions).where(eq(decisions.clientId, aino)).get()!;
    const open = (clientId: number, email: string) =>
      run(decisionPage.loader, getRequest(`/worker/clients/${clientId}/decisions/${decision.id}`, cookieFor(email)), {
        id: String(clientId),
        decisionId: String(decision.id),
      });
    expect((await open(aino, DEMO.worker)).status).toBe(200);
    expect((await open(eetu, DEMO.worker)).status).toBe(404);
    expect((await open(aino, 'worker2@example.fi')).status).toBe(404);
    expect((await open(aino, DEMO.client)).status).toBe(403);
  });
});

describe('requireOwnClient', () => {
  test("the own worker reaches the client; another worker's client, an unknown or a malformed id is 404", () => {
    const aino = clientByPhone(AINO).id;
    const { client, actor } = requireOwnClient(as(DEMO.worker), String(aino));
    expect(client.id).toBe(aino);
    expect(actor).toMatchObject({ id: userByEmail(DEMO.worker).id, role: 'worker' });
    expect(refusal(() => requireOwnClient(as('worker2@example.fi'), String(aino)))).toMatchObject({ status: 404 });
    expect(refusal(() => requireOwnClient(as(DEMO.worker), '999999'))).toMatchObject({ status: 404 });
    expect(refusal(() => requireOwnClient(as(DEMO.worker), '01'))).toMatchObject({ status: 404 });
    expect(refusal(() => requireOwnClient(as(DEMO.worker), undefined))).toMatchObject({ status: 404 });
  });

  test.each(ALL.filter((role) => role !== 'worker'))('%s is refused with 403, even for a real client id', (role) => {
    expect(refusal(() => requireOwnClient(as(DEMO[role]), String(clientByPhone(AINO).id)))).toMatchObject({ status: 403 });
  });

  test('reassigning the own worker moves access at once', () => {
    const eetu = clientByPhone(EETU).id;
    const admin = userByEmail(DEMO.admin);
    const worker2 = userByEmail('worker2@example.fi');
    expect(refusal(() => requireOwnClient(as(worker2.email), String(eetu)))).toMatchObject({ status: 404 });
    expect(reassignOwnWorker({ id: admin.id, role: 'admin' }, eetu, worker2.id)).toBe('reassigned');
    expect(requireOwnClient(as(worker2.email), String(eetu)).client.id).toBe(eetu);
    expect(refusal(() => requireOwnClient(as(DEMO.worker), String(eetu)))).toMatchObject({ status: 404 });
  });
});
