import crypto from 'node:crypto';
import { eq, lt, or, sql } from 'drizzle-orm';
import { getDb, type AppDatabase } from '../../db/client.server';
import { pendingSignIns, sessions, users } from '../../db/schema';
import { readCookie, setCookie } from '../utils/cookies.server';
import { forgetWhatThisRequestRead, oncePerRequest } from '../utils/requestScope.server';
import { currentTime } from '../domain/clock';
import { preparedPerConnection } from '../domain/prepared.server';

export const SESSION_COOKIE = 'avain_session';
/** Signed out after this many minutes without a request (SESSION_IDLE_MINUTES, default 30). */
export const IDLE_MINUTES = Number(process.env.SESSION_IDLE_MINUTES ?? 30);
/** Signed out this many hours after sign-in whatever happens (SESSION_MAX_HOURS, default 12). */
export const MAX_HOURS = Number(process.env.SESSION_MAX_HOURS ?? 12);

/** The signed-in user and, for a client or representative, whom they act for (null until chosen on /act-for). */
export type SessionUser = typeof users.$inferSelect & { actingForClientId: number | null };

const minutes = (n: number) => n * 60 * 1000;

export type SessionOptions = { samlNameId?: string; samlSessionIndex?: string | null; actingForClientId?: number | null };

// The session lookup runs on every signed-in request: prepared once per connection.
function prepareStatements(db: AppDatabase) {
  return {
    sessionWithUser: db
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.id, sql.placeholder('id')))
      .prepare(),
  };
}

/** The session's prepared statements of this connection (exported for the query-plan test). */
export const sessionStatements = preparedPerConnection(prepareStatements);

/** Starts a new session with a fresh random id (never reuses one from before sign-in). */
export function createUserSession(userId: number, ip: string, now = currentTime(), options: SessionOptions = {}): string {
  const id = crypto.randomBytes(32).toString('base64url');
  getDb()
    .insert(sessions)
    .values({
      id,
      userId,
      lastSeenAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + minutes(MAX_HOURS * 60)).toISOString(),
      ip,
      samlNameId: options.samlNameId ?? null,
      samlSessionIndex: options.samlSessionIndex ?? null,
      actingForClientId: options.actingForClientId ?? null,
    })
    .run();
  // No Max-Age or Expires: the cookie ends when the browser closes (a shared tablet), while the
  // server still ends the session after IDLE_MINUTES without a request or MAX_HOURS in all.
  forgetWhatThisRequestRead();
  return setCookie(SESSION_COOKIE, id);
}

export function clearSessionCookie(): string {
  return setCookie(SESSION_COOKIE, '', { maxAge: 0 });
}

/** The session id from the cookie, if it has the right form (valid or not on the server). */
export function sessionId(request: Request): string | undefined {
  const id = readCookie(request, SESSION_COOKIE);
  return id && /^[A-Za-z0-9_-]{43}$/.test(id) ? id : undefined;
}

/**
 * The signed-in user, or null. Ends sessions that are idle too long or past their end. Read once
 * per request (the root loader, the route's guard): see utils/requestScope.server.
 */
export function getSessionUser(request: Request, now = currentTime()): SessionUser | null {
  const id = sessionId(request);
  if (!id) return null;
  return oncePerRequest(`session:${id}`, () => readSessionUser(id, now));
}

function readSessionUser(id: string, now: Date): SessionUser | null {
  const db = getDb();
  const row = sessionStatements(db).sessionWithUser.get({ id });
  if (!row) return null;
  const idleSince = now.getTime() - new Date(row.session.lastSeenAt).getTime();
  if (idleSince > minutes(IDLE_MINUTES) || now.toISOString() > row.session.expiresAt || !row.user.active) {
    db.delete(sessions).where(eq(sessions.id, id)).run();
    return null;
  }
  // Write at most once a minute: reading a page should not turn into a write every time.
  if (idleSince > minutes(1)) {
    db.update(sessions).set({ lastSeenAt: now.toISOString() }).where(eq(sessions.id, id)).run();
  }
  return { ...row.user, actingForClientId: row.session.actingForClientId };
}

/** Records (or with null drops) whom the session's person acts for; the guards check it on every request. */
export function setActingFor(request: Request, clientId: number | null): void {
  const id = sessionId(request);
  if (id) getDb().update(sessions).set({ actingForClientId: clientId }).where(eq(sessions.id, id)).run();
  forgetWhatThisRequestRead();
}

/** Ends the session on the server too, so a copied cookie stops working. */
export function destroySession(request: Request): void {
  const id = sessionId(request);
  if (id) getDb().delete(sessions).where(eq(sessions.id, id)).run();
  forgetWhatThisRequestRead();
}

export function endAllSessionsOf(userId: number): void {
  getDb().delete(sessions).where(eq(sessions.userId, userId)).run();
  forgetWhatThisRequestRead();
}

export function deleteExpiredSessions(now = currentTime()): void {
  const idleLimit = new Date(now.getTime() - minutes(IDLE_MINUTES)).toISOString();
  getDb()
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now.toISOString()), lt(sessions.lastSeenAt, idleLimit)))
    .run();
  // Sign-ins left waiting for the second factor (secondFactor.server.ts).
  getDb().delete(pendingSignIns).where(lt(pendingSignIns.expiresAt, now.toISOString())).run();
}
