// Who may see what, answered once. Every loader and action starts with one of these guards; a
// route never re-implements "may this user see this client". Refusals:
// - signed out: a redirect to sign in that comes back here;
// - the wrong role: 403;
// - the right role but someone else's client, provider or an id that names nothing: 404, the same
//   answer whether the thing exists or not, so ids cannot be probed.
// Domain functions that change data check ownership again inside their transaction; the guard is
// what decides the page, the domain check is the last line of defence.
import { isOneOf } from '../utils/oneOf';
import { redirect } from '@remix-run/node';
import { and, eq, inArray, type SQL } from 'drizzle-orm';
import { getDb } from '../../db/client.server';
import { clients, providers, representativeLinks, type Role } from '../../db/schema';
import { clientSummaries, type ClientSummary } from '../domain/people.server';
import { clientIp, fail } from '../utils/http.server';
import { getSessionUser, type SessionUser } from './session.server';

/** Who is acting: the signed-in user, their role, and where the request came from (for the audit log). */
export type Actor = { id: number; role: Role; ip?: string };

export function actorOf(user: SessionUser, request: Request): Actor {
  return { id: user.id, role: user.role, ip: clientIp(request) };
}

// ---------------------------------------------------------------------------------------------
// Ids
// ---------------------------------------------------------------------------------------------

/**
 * The one id parser. An id is a positive integer of at most ten digits, without sign, spaces or
 * leading zeros. What happens to anything else is the caller's one choice:
 * - 404 (the default): the id is in the URL, so the page it names does not exist;
 * - 400: the id is a posted form value the request cannot do without, so the request is malformed;
 * - null: an optional value (a filter, a reference to show): null is returned and the caller
 *   treats it as absent or invalid.
 */
export function parseId(value: unknown, orElse?: 400 | 404): number;
export function parseId(value: unknown, orElse: null): number | null;
export function parseId(value: unknown, orElse: 400 | 404 | null = 404): number | null {
  if (typeof value === 'string' && /^[1-9]\d{0,9}$/.test(value)) return Number(value);
  if (orElse === null) return null;
  fail(orElse);
}

// ---------------------------------------------------------------------------------------------
// Roles
// ---------------------------------------------------------------------------------------------

/**
 * The signed-in user if their role is one of `roles`. Signed-out users are sent to sign in and
 * brought back here afterwards; a user who must change their password is sent to do that; other
 * roles get 403.
 */
export function requireUser<R extends Role>(request: Request, roles: readonly R[]): SessionUser & { role: R } {
  const user = getSessionUser(request);
  if (!user) {
    const url = new URL(request.url);
    const back = request.method === 'GET' ? url.pathname + url.search : url.pathname;
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`, { status: 303 });
  }
  if (user.mustChangePassword && new URL(request.url).pathname !== '/account/password') {
    throw redirect('/account/password', { status: 303 });
  }
  const { role } = user;
  if (!isOneOf(roles, role)) fail(403, 'role');
  return { ...user, role };
}

// ---------------------------------------------------------------------------------------------
// Clients
// ---------------------------------------------------------------------------------------------

/**
 * The clients an actor may see and write for, as a condition on `clients`: a client their own
 * record, a representative the clients they are linked to, an own worker their own clients
 * (clients.own_worker_id, so a reassignment moves access at once). Null for the other roles:
 * administrators and providers see client data only through their own pages' rules (settlement
 * totals, the charge check), never a client list.
 */
export function clientsVisibleTo(actor: Pick<Actor, 'id' | 'role'>): SQL | null {
  switch (actor.role) {
    case 'client':
      return eq(clients.userId, actor.id);
    case 'representative':
      return inArray(
        clients.id,
        getDb().select({ id: representativeLinks.clientId }).from(representativeLinks).where(eq(representativeLinks.userId, actor.id)),
      );
    case 'worker':
      return eq(clients.ownWorkerId, actor.id);
    default:
      return null;
  }
}

/** Every client the actor may see: a worker's by last name, a client's or representative's by first name. */
export function viewableClients(actor: Pick<Actor, 'id' | 'role'>): ClientSummary[] {
  const visible = clientsVisibleTo(actor);
  if (!visible) return [];
  return clientSummaries(visible, actor.role === 'worker' ? 'lastName' : 'firstName');
}

/** The client if the actor may see them, else undefined. */
export function viewableClient(actor: Pick<Actor, 'id' | 'role'>, clientId: number): ClientSummary | undefined {
  const visible = clientsVisibleTo(actor);
  if (!visible) return undefined;
  return clientSummaries(and(visible, eq(clients.id, clientId))!, 'firstName')[0];
}

const CLIENT_SIDE: readonly Role[] = ['client', 'representative'];

/**
 * The signed-in user and the client `clientId` (a URL value) if the user may see that client.
 * Roles outside `roles` get 403; a malformed id or a client the user may not see is 404.
 */
export function requireClientAccess(request: Request, clientId: unknown, roles: readonly Role[] = CLIENT_SIDE) {
  const user = requireUser(request, roles);
  const client = viewableClient(user, parseId(clientId));
  if (!client) fail(404);
  return { user, actor: actorOf(user, request), client };
}

/** For the worker.clients.$id.* pages: one of the signed-in worker's own clients, else 404 (403 for other roles). */
export function requireOwnClient(request: Request, clientId: unknown) {
  return requireClientAccess(request, clientId, ['worker']);
}

/** The signed-in client's own client record; 404 'noClientRecord' when the login has none. */
export function requireClientSelf(request: Request) {
  const user = requireUser(request, ['client']);
  const [client] = viewableClients(user);
  if (!client) fail(404, 'noClientRecord');
  return { user, actor: actorOf(user, request), client };
}

// ---------------------------------------------------------------------------------------------
// Providers
// ---------------------------------------------------------------------------------------------

/**
 * Provider staff and the provider they work for. Another role gets 403 before anything is looked
 * up (so a receipt or an id reveals nothing); a provider login without a provider is 404
 * 'noProviderRecord'.
 */
export function requireProviderStaff(request: Request) {
  const user = requireUser(request, ['provider']);
  const provider = user.providerId === null ? undefined : getDb().select().from(providers).where(eq(providers.id, user.providerId)).get();
  if (!provider) fail(404, 'noProviderRecord');
  return { user, actor: actorOf(user, request), provider };
}
