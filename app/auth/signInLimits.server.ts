// Limits on password guessing, for sign-in and for the current-password check on
// /account/password. Following OWASP's authentication cheat sheet:
// - a hard lock per account AND address (5 failures in 15 minutes), so someone at another address
//   cannot lock a provider's staff out;
// - a limit per address across accounts (20 failures in 15 minutes);
// - a progressive delay per account whatever the address: after 5 failures each further attempt
//   waits twice as long after the previous failure (1 s, 2 s, 4 s, … at most 60 s), so guessing
//   from many addresses stays slow while the owner can still sign in after a short wait.
// A success on the account ends its delay; a success from an address ends that address's lock.
//
// The attempt is reserved (a failed row written) synchronously, in one IMMEDIATE transaction with
// the checks, before the slow asynchronous argon2 verify; settling it afterwards marks a success.
// So concurrent requests cannot all pass the check before any of them is counted.
//
// A refused attempt is not verified and not stored as an attempt; it is counted in
// sign_in_refusals (one row per lockout episode) with one audit row when the episode starts.
import { currentTime } from '../domain/clock';
import { and, count, desc, eq, gt, max, min } from 'drizzle-orm';
import { getDb } from '../../db/client.server';
import { loginAttempts, signInRefusals } from '../../db/schema';
import { audit } from '../domain/audit.server';
import { immediate } from '../domain/transaction.server';

export const MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;
/** Failures on an account (from any address) before each further attempt must wait. */
export const FREE_FAILURES_PER_ACCOUNT = 5;
export const MAX_ACCOUNT_DELAY_SECONDS = 60;
export const FAILURE_WINDOW_MINUTES = 15;

export type LimitScope = 'pair' | 'address' | 'account';

export type Reservation =
  | { kind: 'reserved'; attemptId: number }
  | { kind: 'refused'; scope: LimitScope; retryAfterSeconds: number };

type Tx = Parameters<Parameters<typeof immediate>[0]>[0];

const iso = (ms: number) => new Date(ms).toISOString();

/** Seconds an account must wait after its latest failure, given its failures in the window. */
export function accountDelaySeconds(failures: number): number {
  if (failures < FREE_FAILURES_PER_ACCOUNT) return 0;
  return Math.min(MAX_ACCOUNT_DELAY_SECONDS, 2 ** (failures - FREE_FAILURES_PER_ACCOUNT));
}

/** The latest success on the account (from `ip` only, when given) in the window, else the window's start. */
function lastSuccessAt(tx: Tx, since: string, email: string, ip?: string): string {
  const row = tx
    .select({ at: max(loginAttempts.createdAt) })
    .from(loginAttempts)
    .where(
      and(
        eq(loginAttempts.email, email),
        ip === undefined ? undefined : eq(loginAttempts.ip, ip),
        eq(loginAttempts.succeeded, true),
        gt(loginAttempts.createdAt, since),
      ),
    )
    .get();
  return row?.at ?? since;
}

function refusal(tx: Tx, now: Date, email: string, ip: string): { scope: LimitScope; retryAfterSeconds: number } | null {
  const windowMs = FAILURE_WINDOW_MINUTES * 60_000;
  const since = iso(now.getTime() - windowMs);
  // The owner signing in elsewhere ends the account's delay, not another address's lock.
  const pairAfter = lastSuccessAt(tx, since, email, ip);
  const accountAfter = lastSuccessAt(tx, since, email);
  const failed = eq(loginAttempts.succeeded, false);
  const untilWindowEnds = (oldest: string | null | undefined) =>
    Math.max(1, Math.ceil((new Date(oldest ?? now.toISOString()).getTime() + windowMs - now.getTime()) / 1000));

  const pair = tx
    .select({ n: count(), oldest: min(loginAttempts.createdAt) })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.email, email), eq(loginAttempts.ip, ip), failed, gt(loginAttempts.createdAt, pairAfter)))
    .get();
  if ((pair?.n ?? 0) >= MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS) return { scope: 'pair', retryAfterSeconds: untilWindowEnds(pair?.oldest) };

  const address = tx
    .select({ n: count(), oldest: min(loginAttempts.createdAt) })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.ip, ip), failed, gt(loginAttempts.createdAt, since)))
    .get();
  if ((address?.n ?? 0) >= MAX_FAILURES_PER_ADDRESS) return { scope: 'address', retryAfterSeconds: untilWindowEnds(address?.oldest) };

  const account = tx
    .select({ n: count(), latest: max(loginAttempts.createdAt) })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.email, email), failed, gt(loginAttempts.createdAt, accountAfter)))
    .get();
  const delayMs = accountDelaySeconds(account?.n ?? 0) * 1000;
  if (delayMs > 0 && account?.latest) {
    const waitMs = new Date(account.latest).getTime() + delayMs - now.getTime();
    if (waitMs > 0) return { scope: 'account', retryAfterSeconds: Math.ceil(waitMs / 1000) };
  }
  return null;
}

/** Counts a refused attempt; only the first refusal of an episode gets an audit row. */
function countRefusal(tx: Tx, now: Date, scope: LimitScope, email: string, ip: string): void {
  const subject = scope === 'pair' ? `${email} ${ip}` : scope === 'address' ? ip : email;
  const since = iso(now.getTime() - FAILURE_WINDOW_MINUTES * 60_000);
  const episode = tx
    .select()
    .from(signInRefusals)
    .where(and(eq(signInRefusals.scope, scope), eq(signInRefusals.subject, subject), gt(signInRefusals.lastAt, since)))
    .orderBy(desc(signInRefusals.lastAt))
    .get();
  if (episode) {
    tx.update(signInRefusals)
      .set({ refused: episode.refused + 1, lastAt: now.toISOString() })
      .where(eq(signInRefusals.id, episode.id))
      .run();
    return;
  }
  tx.insert(signInRefusals).values({ scope, subject, firstAt: now.toISOString(), lastAt: now.toISOString(), refused: 1 }).run();
  audit({ actorUserId: null, action: 'auth.locked_out', details: { email, scope }, ip });
}

/**
 * Checks the limits and, when none is in force, reserves the attempt as a failure before any
 * password is verified. Call `settleAttempt` after verifying.
 */
export function reserveAttempt(email: string, ip: string, now = currentTime()): Reservation {
  return immediate((tx): Reservation => {
    const refused = refusal(tx, now, email, ip);
    if (refused) {
      countRefusal(tx, now, refused.scope, email, ip);
      return { kind: 'refused', ...refused };
    }
    const { id } = tx
      .insert(loginAttempts)
      .values({ email, ip, succeeded: false, createdAt: now.toISOString() })
      .returning({ id: loginAttempts.id })
      .get();
    return { kind: 'reserved', attemptId: id };
  });
}

/** Marks a reserved attempt as a success (a failure needs nothing more: it was reserved as one). */
export function settleAttempt(attemptId: number, succeeded: boolean): void {
  if (!succeeded) return;
  getDb().update(loginAttempts).set({ succeeded: true }).where(eq(loginAttempts.id, attemptId)).run();
}

/**
 * Takes back a reserved attempt whose password was right but which waits for a second factor:
 * it is neither a failure nor a success (a success would end the delays before the code is known).
 */
export function withdrawAttempt(attemptId: number): void {
  getDb().delete(loginAttempts).where(eq(loginAttempts.id, attemptId)).run();
}

/** The most refused attempts one lockout episode of this scope and subject has counted. */
export function refusedCount(scope: LimitScope, subject: string): number {
  const row = getDb()
    .select({ n: max(signInRefusals.refused) })
    .from(signInRefusals)
    .where(and(eq(signInRefusals.scope, scope), eq(signInRefusals.subject, subject)))
    .get();
  return row?.n ?? 0;
}
