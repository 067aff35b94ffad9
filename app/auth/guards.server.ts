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
import { and, eq, inArray, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { getDb, type AppDatabase } from '../../db/client.server';
import { clients, providers, type AccessBasis, type AccessKind, type AccessReason, type Role } from '../../db/schema';
import { recordAccess, statedReason } from '../domain/accessLog.server';
import { conversationFor } from '../domain/messages.server';
import { clientSummaries, prepareClientSummaries, type ClientSummary } from '../domain/clientSummaries.server';
import { receiptNumberParam, receiptView } from '../domain/settlement.server';
import { clientIp, fail } from '../utils/http.server';
import { audit } from '../domain/audit.server';
import { representationSource, representedClientIds, type RepresentationSource } from '../domain/representation.server';
import { helsinkiDate } from '../domain/months';
import { oncePerRequest } from '../utils/requestScope.server';
import { getSessionUser, setActingFor, type SessionUser } from './session.server';

/**
 * Who is acting: the signed-in user, their role, where the request came from (for the audit log)
 * and, for a client or representative, the client they act for. `actingForClientId` undefined
 * means "not from a session" (a domain function called directly); every request's actor has it.
 */
export type Actor = { id: number; role: Role; ip?: string; actingForClientId?: number | null };

export function actorOf(user: SessionUser, request: Request): Actor {
  return { id: user.id, role: user.role, ip: clientIp(request), actingForClientId: user.actingForClientId };
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
  const acting = isOneOf(CLIENT_SIDE, role) ? resolveActingFor(request, user) : user.actingForClientId;
  return { ...user, role, actingForClientId: acting };
}

// ---------------------------------------------------------------------------------------------
// Acting for someone: a client or representative chooses on /act-for whom they act for; the choice
// is in the session and every client-side page shows that client only.
// ---------------------------------------------------------------------------------------------

/** Pages a client or representative may open before choosing (or while their choice has ended). */
const BEFORE_CHOICE = ['/act-for', '/account/password', '/logout'];

/**
 * The clients `user` may choose to act for on /act-for: a client their own record first, then
 * everyone whose representative link is in force today. Not restricted by the current choice.
 */
export function actingForChoices(user: Pick<Actor, 'id' | 'role'>): ClientSummary[] {
  if (!isClientSide(user)) return [];
  const choices = mayActFor(user);
  const own = ownClientId(user.id);
  return own !== undefined ? [...choices.filter((c) => c.id === own), ...choices.filter((c) => c.id !== own)] : [...choices];
}

/**
 * Whether the chooser may be skipped: a client who represents nobody acts for themself (there is
 * no one else to choose, so no principal is jumped to). Everyone else chooses actively.
 */
export function skipsChooser(user: Pick<Actor, 'role'>, choices: ClientSummary[]): ClientSummary | undefined {
  return user.role === 'client' && choices.length === 1 ? choices[0] : undefined;
}

/** The header's "acting for": the chosen client's name while the choice still stands, else null. */
export function actingForInHeader(user: SessionUser): { name: string } | null {
  if (!isOneOf(CLIENT_SIDE, user.role) || user.actingForClientId === null) return null;
  const client = actingForChoices(user).find((c) => c.id === user.actingForClientId);
  return client ? { name: `${client.firstName} ${client.lastName}` } : null;
}

/** Back to the chooser, coming back to this page afterwards (GET) or to its path (POST). */
function toChooser(request: Request, extra: Record<string, string> = {}, url = new URL(request.url)): never {
  const back = request.method === 'GET' ? url.pathname + url.search : url.pathname;
  const query = new URLSearchParams({ ...extra, redirectTo: back });
  throw redirect(`/act-for?${query.toString()}`, { status: 303 });
}

/**
 * The client `user` acts for on this request. A choice whose link has ended or expired is dropped
 * at once (and audited) and the person is sent back to choose; a client who represents nobody
 * acts for themself without choosing (docs/decisions/021-acting-for.md); anyone else without a
 * choice is sent to /act-for. A `?client=` naming someone else they may act for goes to /act-for
 * with that client offered, so switching is always an explicit choice; naming anyone else is 404.
 */
function resolveActingFor(request: Request, user: SessionUser): number | null {
  const url = new URL(request.url);
  if (BEFORE_CHOICE.includes(url.pathname)) return user.actingForClientId;
  const choices = actingForChoices(user);
  let acting = user.actingForClientId;
  if (acting !== null && !choices.some((c) => c.id === acting)) {
    setActingFor(request, null);
    audit({ actorUserId: user.id, action: 'acting_for.ended', subjectType: 'client', subjectId: acting, actingForClientId: acting, ip: clientIp(request) });
    toChooser(request, { ended: '1' });
  }
  if (acting === null) {
    const own = skipsChooser(user, choices);
    if (!own) toChooser(request);
    acting = own.id;
    setActingFor(request, acting);
    audit({ actorUserId: user.id, action: 'acting_for.chosen', subjectType: 'client', subjectId: acting, actingForClientId: acting, details: { self: true, skipped: true }, ip: clientIp(request) });
  }
  const asked = url.searchParams.get('client');
  if (asked !== null && asked !== '' && parseId(asked) !== acting) {
    const other = parseId(asked);
    if (!choices.some((c) => c.id === other)) fail(404);
    url.searchParams.delete('client');
    toChooser(request, { client: String(other) }, url);
  }
  return acting;
}

// ---------------------------------------------------------------------------------------------
// Clients
// ---------------------------------------------------------------------------------------------

/**
 * The clients an actor may see and write for, as a condition on `clients`: a client or
 * representative the client they act for (see resolveActingFor), an own worker their own clients
 * (clients.own_worker_id, so a reassignment moves access at once). Null for the other roles:
 * administrators and providers see client data only through their own pages' rules (settlement
 * totals, the charge check), never a client list.
 */
export function clientsVisibleTo(actor: Pick<Actor, 'id' | 'role' | 'actingForClientId'>): SQL | null {
  switch (actor.role) {
    case 'client':
    case 'representative': {
      // Own record (a client) and the clients whose link is in force today; on a request only the
      // one acted for (none before choosing).
      const mayActFor = mayActForRule(actor.role, actor.id);
      if (actor.actingForClientId === undefined) return mayActFor;
      return and(mayActFor, eq(clients.id, actor.actingForClientId ?? 0))!;
    }
    case 'worker':
      return eq(clients.ownWorkerId, actor.id);
    default:
      return null;
  }
}

/** The clients a client or representative may act for: a client's own record and their links in force on `today`. */
function mayActForRule(role: 'client' | 'representative', userId: number | Placeholder, today?: string | Placeholder): SQL {
  const linked = inArray(clients.id, representedClientIds(userId, today));
  return role === 'client' ? or(eq(clients.userId, userId), linked)! : linked;
}

/**
 * clientsVisibleTo for an actor on a request (whose acting-for is known), with its values as the
 * placeholders `userId`, `today` and `actingFor`, for statements prepared once; the values are
 * `visibleToValues(actor)`. Null for the roles that see no client list.
 */
export function preparedClientsVisibleTo(role: Role): SQL | null {
  const userId = sql.placeholder('userId');
  switch (role) {
    case 'client':
    case 'representative':
      return and(mayActForRule(role, userId, sql.placeholder('today')), eq(clients.id, sql.placeholder('actingFor')))!;
    case 'worker':
      return eq(clients.ownWorkerId, userId);
    default:
      return null;
  }
}

/** The values of `preparedClientsVisibleTo`'s placeholders for this actor. */
export function visibleToValues(actor: Pick<Actor, 'id' | 'actingForClientId'>) {
  return { userId: actor.id, today: helsinkiDate(), actingFor: actor.actingForClientId ?? 0 };
}

// A client's or representative's clients are read on every page (the header, the guard, the page):
// by statements prepared once per connection (again if the representation source is replaced),
// and once per request.
function prepareStatements(db: AppDatabase, source: RepresentationSource) {
  const userId = sql.placeholder('userId');
  const today = sql.placeholder('today');
  return {
    source,
    mayActFor: {
      client: prepareClientSummaries(db, mayActForRule('client', userId, today), 'firstName'),
      representative: prepareClientSummaries(db, mayActForRule('representative', userId, today), 'firstName'),
    },
    ownClient: db.select({ id: clients.id }).from(clients).where(eq(clients.userId, userId)).prepare(),
  };
}

const prepared = new WeakMap<AppDatabase, ReturnType<typeof prepareStatements>>();

/** The guards' prepared statements of this connection (exported for the query-plan test). */
export function guardStatements(db: AppDatabase = getDb()) {
  let found = prepared.get(db);
  if (!found || found.source !== representationSource()) {
    found = prepareStatements(db, representationSource());
    prepared.set(db, found);
  }
  return found;
}

type ClientSideUser = Pick<Actor, 'id'> & { role: 'client' | 'representative' };

function isClientSide<T extends Pick<Actor, 'role'>>(actor: T): actor is T & { role: 'client' | 'representative' } {
  return actor.role === 'client' || actor.role === 'representative';
}

/** Everyone a client or representative may act for today, by first name (not only the one chosen). */
function mayActFor(user: ClientSideUser): ClientSummary[] {
  return oncePerRequest(`mayActFor:${user.role}:${user.id}`, () => guardStatements().mayActFor[user.role].all({ userId: user.id, today: helsinkiDate() }));
}

/** The login's own client record, if it has one (clients.user_id is unique). */
function ownClientId(userId: number): number | undefined {
  return oncePerRequest(`ownClient:${userId}`, () => guardStatements().ownClient.get({ userId })?.id);
}

/** Every client the actor may see: a worker's by last name, a client's or representative's by first name. */
export function viewableClients(actor: Pick<Actor, 'id' | 'role' | 'actingForClientId'>): ClientSummary[] {
  if (isClientSide(actor)) {
    // clientsVisibleTo's rule, answered from the clients they may act for.
    const all = mayActFor({ id: actor.id, role: actor.role });
    const acting = actor.actingForClientId;
    return acting === undefined ? [...all] : all.filter((c) => c.id === (acting ?? 0));
  }
  const visible = clientsVisibleTo(actor);
  if (!visible) return [];
  return clientSummaries(visible, actor.role === 'worker' ? 'lastName' : 'firstName');
}

/** The client if the actor may see them, else undefined. */
export function viewableClient(actor: Pick<Actor, 'id' | 'role' | 'actingForClientId'>, clientId: number): ClientSummary | undefined {
  if (isClientSide(actor)) return viewableClients(actor).find((c) => c.id === clientId);
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
 * The client whose own data the signed-in client or representative is looking at: the client
 * they act for, from the session (requireUser has sent anyone without a valid choice to
 * /act-for). Other roles 403. This is the one place "acting for" is decided.
 */
export function requireActingFor(request: Request): { user: SessionUser; actor: Actor; client: ClientSummary; self: boolean } {
  const user = requireUser(request, CLIENT_SIDE);
  const actor = actorOf(user, request);
  const [client] = viewableClients(user);
  if (!client) fail(404, 'noClientRecord');
  return { user, actor, client, self: isOwnRecord(user.id, client.id) };
}

function isOwnRecord(userId: number, clientId: number): boolean {
  return ownClientId(userId) === clientId;
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
  // A client acting for someone else sees that person's budget, not their own start page.
  if (!isOwnRecord(user.id, client.id)) throw redirect('/budget', { status: 303 });
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
