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
import { clients, providers, representativeLinks, type AccessBasis, type AccessKind, type AccessReason, type Role } from '../../db/schema';
import { recordAccess, statedReason } from '../domain/accessLog.server';
import { conversationFor } from '../domain/messages.server';
import { clientSummaries, type ClientSummary } from '../domain/clientSummaries.server';
import { receiptNumberParam, receiptView } from '../domain/settlement.server';
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

// ---------------------------------------------------------------------------------------------
// The access log: every guard that lets someone other than the client (or a representative
// acting for them) at one client's data writes the row here, so a route gets it by calling its
// guard. Refused attempts at an existing client are logged too.
// ---------------------------------------------------------------------------------------------

type AccessActor = Actor & { providerId?: number | null };

/**
 * Logs that `actor` read or changed client `clientId`'s data (`kind`) on `basis`. The client
 * and their representatives are not logged: it is their own data. Also for routes whose client
 * comes from a form value rather than the URL (the administrator's reassignment).
 */
export function logClientAccess(
  actor: AccessActor,
  clientId: number,
  kind: AccessKind,
  basis: AccessBasis,
  { succeeded = true, reason }: { succeeded?: boolean; reason?: { code: AccessReason; text: string } } = {},
): void {
  if (CLIENT_SIDE.includes(actor.role)) return;
  recordAccess({ clientId, actor, kind, basis, reason, succeeded });
}

function clientExists(clientId: number): boolean {
  return getDb().select({ id: clients.id }).from(clients).where(eq(clients.id, clientId)).get() !== undefined;
}

const OWN_BASIS: Partial<Record<Role, AccessBasis>> = { worker: 'own_client', admin: 'administration', provider: 'charge' };

/**
 * The signed-in user and the client `clientId` (a URL value) if the user may see that client.
 * Roles outside `roles` get 403; a malformed id or a client the user may not see is 404. Staff
 * access is logged as `kind`, and so is a refused attempt at a client that exists.
 */
export function requireClientAccess(request: Request, clientId: unknown, roles: readonly Role[] = CLIENT_SIDE, kind: AccessKind = 'record') {
  const user = requireUser(request, roles);
  const id = parseId(clientId);
  const actor = actorOf(user, request);
  const client = viewableClient(user, id);
  if (!client) {
    if (!CLIENT_SIDE.includes(user.role) && clientExists(id)) logClientAccess(actor, id, kind, 'refused', { succeeded: false });
    fail(404);
  }
  logClientAccess(actor, client.id, kind, OWN_BASIS[user.role] ?? 'own_client');
  return { user, actor, client };
}

/** For the worker.clients.$id.* pages: one of the signed-in worker's own clients, else 404 (403 for other roles). */
export function requireOwnClient(request: Request, clientId: unknown, kind: AccessKind = 'record') {
  return requireClientAccess(request, clientId, ['worker'], kind);
}

/**
 * A client who is not the user's own, opened by a worker (a substitute) or an administrator:
 * only with a reason stated within the last hour (`statedReason`). Returns `reason: undefined`
 * when the reason must be asked first (nothing of the client has been read then); with a reason
 * the access is logged with it. An own worker's GET is sent to their own page for the client; an id
 * that names no client is 404.
 */
export function requireStatedReasonAccess(request: Request, clientId: unknown, kind: AccessKind = 'record') {
  const user = requireUser(request, ['worker', 'admin']);
  const id = parseId(clientId);
  if (!clientExists(id)) fail(404);
  if (request.method === 'GET' && user.role === 'worker' && viewableClient(user, id)) throw redirect(`/worker/clients/${id}`, { status: 303 });
  const actor = actorOf(user, request);
  const reason = statedReason(user.id, id);
  if (reason) logClientAccess(actor, id, kind, 'stated_reason', { reason });
  return { user, actor, clientId: id, reason };
}

/** Records the reason a worker or administrator gave before opening a client not their own. */
export function stateReason(actor: Actor, clientId: number, reason: { code: AccessReason; text: string }): void {
  logClientAccess(actor, clientId, 'reason', 'stated_reason', { reason });
}

/**
 * The client whose own data the signed-in client or representative is looking at: a client
 * their own record; a representative the client they act for, chosen with `?client=` (one of
 * viewableClients; anyone else 404). A representative of several who has not chosen gets the
 * list to choose from. Other roles 403. This is the one place "acting for" is decided.
 */
export function requireActingFor(request: Request):
  | { kind: 'chosen'; user: SessionUser; actor: Actor; client: ClientSummary; self: boolean }
  | { kind: 'choose'; user: SessionUser; clients: ClientSummary[] } {
  const user = requireUser(request, CLIENT_SIDE);
  const actor = actorOf(user, request);
  const viewable = viewableClients(user);
  const asked = new URL(request.url).searchParams.get('client');
  if (user.role === 'client') {
    if (!viewable[0]) fail(404, 'noClientRecord');
    if (asked !== null && asked !== '' && parseId(asked) !== viewable[0].id) fail(404);
    return { kind: 'chosen', user, actor, client: viewable[0], self: true };
  }
  if (asked === null || asked === '') {
    if (viewable.length === 1) return { kind: 'chosen', user, actor, client: viewable[0], self: false };
    return { kind: 'choose', user, clients: viewable };
  }
  const id = parseId(asked);
  const client = viewable.find((candidate) => candidate.id === id);
  if (!client) fail(404);
  return { kind: 'chosen', user, actor, client, self: false };
}

// ---------------------------------------------------------------------------------------------
// Conversations
// ---------------------------------------------------------------------------------------------

/**
 * The signed-in user and a conversation they may read (the client's, their representatives',
 * the own worker's; accessibility feedback also administrators'); 404 for a bad, unknown or
 * foreign id. Staff reads are logged as the client's messages.
 */
export function requireConversationAccess(request: Request, id: unknown, roles: readonly Role[]) {
  const user = requireUser(request, roles);
  const conversationId = parseId(id);
  const conversation = conversationFor(user, conversationId);
  if (!conversation) fail(404);
  logClientAccess(actorOf(user, request), conversation.clientId, 'messages', user.role === 'admin' ? 'administration' : 'own_client');
  return { user, conversationId, conversation };
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

/**
 * Provider staff and one of their provider's own receipts (a URL value); 404 for any other
 * receipt. Reading a receipt reads a client's data (first name and initial, what was bought), so
 * it is logged with the provider's name as the one who looked.
 */
export function requireProviderReceipt(request: Request, receipt: unknown) {
  const staff = requireProviderStaff(request);
  const receiptNumber = receiptNumberParam(typeof receipt === 'string' ? receipt : undefined);
  const found = receiptNumber ? receiptView(staff.provider.id, receiptNumber) : undefined;
  if (!found) fail(404);
  logClientAccess({ ...staff.actor, providerId: staff.provider.id }, found.clientId, 'receipt', 'charge');
  return { ...staff, receipt: found };
}
