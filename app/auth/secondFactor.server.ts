// The second factor of workers and administrators: TOTP (RFC 6238) with recovery codes
// (docs/decisions/020-second-factor.md). After the password a worker or administrator gets a
// pending sign-in, not a session: a cookie that opens only /auth/code (or /auth/enrol when they
// have no factor yet) for PENDING_MINUTES. The code is checked within the sign-in limits of
// signInLimits.server.ts, and a time step once accepted is never accepted again for that user.
import crypto from 'node:crypto';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { z } from 'zod';
import { getDb } from '../../db/client.server';
import { pendingSignIns, recoveryCodes, secondFactors, sessions, users, type Role } from '../../db/schema';
import { audit } from '../domain/audit.server';
import { currentTime } from '../domain/clock';
import { immediate, type Tx } from '../domain/transaction.server';
import { readCookie, setCookie } from '../utils/cookies.server';
import type { FieldErrors } from '../utils/fieldErrors';
import { safeReturnPath } from '../utils/http.server';
import { serverKeyText } from '../utils/serverKey.server';
import { START_PAGES } from './roles.server';
import { createUserSession } from './session.server';
import { reserveAttempt, settleAttempt } from './signInLimits.server';
import type { Actor } from './guards.server';

export const PENDING_COOKIE = 'avain_pending';
/** Minutes between the password and the code before the pending sign-in ends. */
export const PENDING_MINUTES = 5;
export const RECOVERY_CODE_COUNT = 10;
export const ISSUER = 'Avain';
/** Codes of the step before and after the current one are accepted too (a phone's clock drifts). */
const WINDOW = 1;
const PERIOD_SECONDS = 30;

const ROLES_WITH_SECOND_FACTOR: readonly Role[] = ['worker', 'admin'];

export function needsSecondFactor(user: { role: Role }): boolean {
  return ROLES_WITH_SECOND_FACTOR.includes(user.role);
}

// ---------------------------------------------------------------------------------------------
// Secrets are kept encrypted (AES-256-GCM) with SECOND_FACTOR_KEY or a key file beside the database.
// ---------------------------------------------------------------------------------------------

function encryptionKey(): Buffer {
  return crypto.createHash('sha256').update(serverKeyText('SECOND_FACTOR_KEY', 'second-factor.key')).digest();
}

export function encryptSecret(base32: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', encryptionKey(), iv);
  const body = Buffer.concat([cipher.update(base32, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

function decryptSecret(stored: string): string {
  const [version, iv, tag, body] = stored.split('.');
  if (version !== 'v1' || !iv || !tag || !body) throw new Error('second factor: unknown secret format');
  const decipher = crypto.createDecipheriv('aes-256-gcm', encryptionKey(), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

function totpFor(base32: string, email = ''): TOTP {
  return new TOTP({ issuer: ISSUER, label: email, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(base32) });
}

/** The code an authenticator app shows for `base32` at `timestampMs` (the demo command and tests). */
export function codeFor(base32: string, timestampMs = Date.now()): string {
  return totpFor(base32).generate({ timestamp: timestampMs });
}

/** Which time step a code belongs to, if it is one of the accepted window around `timestampMs`. */
function matchingStep(encrypted: string, code: string, timestampMs: number): number | null {
  let base32: string;
  try {
    base32 = decryptSecret(encrypted);
  } catch (error) {
    // A lost or changed SECOND_FACTOR_KEY: no code can match; an administrator resets the factor.
    console.error('[avain] second factor secret cannot be decrypted', error);
    return null;
  }
  const delta = totpFor(base32).validate({ token: code, timestamp: timestampMs, window: WINDOW });
  if (delta === null) return null;
  return Math.floor(timestampMs / 1000 / PERIOD_SECONDS) + delta;
}

// ---------------------------------------------------------------------------------------------
// Recovery codes: 12 base32 characters (60 bits) shown as XXXX-XXXX-XXXX, stored as SHA-256.
// ---------------------------------------------------------------------------------------------

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function newRecoveryCode(): string {
  const bytes = crypto.randomBytes(12);
  const chars = Array.from(bytes, (b) => BASE32[b % 32]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

function hashRecoveryCode(normalized: string): string {
  return crypto.createHash('sha256').update(normalized).digest('hex');
}

/** Codes as typed: spaces and hyphens dropped, upper case. */
function normalizeCode(typed: string): string {
  return typed.replace(/[\s-]/g, '').toUpperCase();
}

function replaceRecoveryCodes(tx: Tx, userId: number): string[] {
  tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  tx.insert(recoveryCodes)
    .values(codes.map((code) => ({ userId, codeHash: hashRecoveryCode(normalizeCode(code)) })))
    .run();
  return codes;
}

// ---------------------------------------------------------------------------------------------
// Pending sign-ins
// ---------------------------------------------------------------------------------------------

export type PendingSignIn = typeof pendingSignIns.$inferSelect & { user: typeof users.$inferSelect };

const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** Starts a pending sign-in for a worker or administrator whose password was right; returns its cookie. */
export function startPendingSignIn(userId: number, ip: string, redirectTo: string | null, now = currentTime()): string {
  const token = crypto.randomBytes(32).toString('base64url');
  const db = getDb();
  // One pending sign-in per user: a second password entry replaces the first.
  db.delete(pendingSignIns).where(eq(pendingSignIns.userId, userId)).run();
  db.insert(pendingSignIns)
    .values({
      id: hashToken(token),
      userId,
      ip,
      redirectTo,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + PENDING_MINUTES * 60_000).toISOString(),
    })
    .run();
  return setCookie(PENDING_COOKIE, token);
}

export function clearPendingCookie(): string {
  return setCookie(PENDING_COOKIE, '', { maxAge: 0 });
}

/** The pending sign-in this browser holds, or null (none, expired, or the user was deactivated). */
export function pendingSignIn(request: Request, now = currentTime()): PendingSignIn | null {
  const token = readCookie(request, PENDING_COOKIE);
  if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const db = getDb();
  const row = db
    .select({ pending: pendingSignIns, user: users })
    .from(pendingSignIns)
    .innerJoin(users, eq(users.id, pendingSignIns.userId))
    .where(eq(pendingSignIns.id, hashToken(token)))
    .get();
  if (!row) return null;
  if (now.toISOString() > row.pending.expiresAt || !row.user.active) {
    db.delete(pendingSignIns).where(eq(pendingSignIns.id, row.pending.id)).run();
    return null;
  }
  return { ...row.pending, user: row.user };
}

export function hasSecondFactor(userId: number): boolean {
  return getDb().select({ userId: secondFactors.userId }).from(secondFactors).where(eq(secondFactors.userId, userId)).get() !== undefined;
}

// ---------------------------------------------------------------------------------------------
// The code page
// ---------------------------------------------------------------------------------------------

export const codeSchema = z.object({
  code: z.string().trim().min(1, 'auth:errors.codeRequired').max(40, 'auth:errors.codeFormat'),
});

export type CodeResult =
  | { kind: 'accepted'; userId: number; redirectTo: string | null; recoveryCodesLeft?: number }
  | { kind: 'refused'; status: 400 | 429; errors: FieldErrors; retryAfterSeconds?: number };

/** The error for a code that is not right, already used, or not a code at all: one message. */
const WRONG: FieldErrors = { code: 'auth:errors.codeWrong' };

/**
 * Checks a TOTP code or a recovery code for a pending sign-in. A right code ends the pending
 * sign-in (the caller then creates the session); each check is one attempt within the sign-in limits.
 */
export function verifyCode(pending: PendingSignIn, typed: string, ip: string, now = currentTime(), timestampMs = Date.now()): CodeResult {
  const code = normalizeCode(typed);
  const isTotp = /^\d{6}$/.test(code);
  if (!isTotp && !/^[A-Z2-7]{12}$/.test(code)) return { kind: 'refused', status: 400, errors: { code: 'auth:errors.codeFormat' } };
  const reservation = reserveAttempt(pending.user.email, ip, now);
  if (reservation.kind === 'refused') {
    const message = reservation.scope === 'account' ? 'auth:errors.codeWait' : 'auth:errors.codeTooMany';
    return { kind: 'refused', status: 429, errors: { code: message }, retryAfterSeconds: reservation.retryAfterSeconds };
  }
  const userId = pending.userId;
  const result = immediate((tx): CodeResult => {
    const current = tx.select().from(pendingSignIns).where(eq(pendingSignIns.id, pending.id)).get();
    if (!current) return { kind: 'refused', status: 400, errors: { code: 'auth:errors.codeExpired' } };
    let recoveryCodesLeft: number | undefined;
    if (isTotp) {
      const factor = tx.select().from(secondFactors).where(eq(secondFactors.userId, userId)).get();
      const step = factor ? matchingStep(factor.secretEncrypted, code, timestampMs) : null;
      if (!factor || step === null) return { kind: 'refused', status: 400, errors: WRONG };
      // The same code (or an older one) a second time is refused: the step must move forward.
      const moved = tx
        .update(secondFactors)
        .set({ lastUsedStep: step })
        .where(and(eq(secondFactors.userId, userId), or(isNull(secondFactors.lastUsedStep), lt(secondFactors.lastUsedStep, step))))
        .returning({ userId: secondFactors.userId })
        .get();
      if (!moved) {
        audit({ actorUserId: userId, action: 'auth.second_factor_reused', ip });
        return { kind: 'refused', status: 400, errors: WRONG };
      }
    } else {
      const used = tx
        .update(recoveryCodes)
        .set({ usedAt: now.toISOString() })
        .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashRecoveryCode(code)), isNull(recoveryCodes.usedAt)))
        .returning({ id: recoveryCodes.id })
        .get();
      if (!used) return { kind: 'refused', status: 400, errors: WRONG };
      recoveryCodesLeft = tx
        .select({ id: recoveryCodes.id })
        .from(recoveryCodes)
        .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
        .all().length;
      audit({ actorUserId: userId, action: 'auth.recovery_code_used', details: { left: recoveryCodesLeft }, ip });
    }
    tx.delete(pendingSignIns).where(eq(pendingSignIns.id, pending.id)).run();
    audit({ actorUserId: userId, action: 'auth.sign_in', details: { secondFactor: isTotp ? 'totp' : 'recovery_code' }, ip });
    return { kind: 'accepted', userId, redirectTo: current.redirectTo, recoveryCodesLeft };
  });
  settleAttempt(reservation.attemptId, result.kind === 'accepted');
  if (result.kind === 'refused' && result.status === 400) {
    audit({ actorUserId: userId, action: 'auth.second_factor_failed', ip });
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Enrolment
// ---------------------------------------------------------------------------------------------

export type Enrolment = { secret: string; uri: string; qrSvg: string };

/** The secret being enrolled in this pending sign-in (made at the first look), its URI and QR code. */
export async function enrolment(pending: PendingSignIn): Promise<Enrolment> {
  let secret: string;
  if (pending.enrolSecretEncrypted) {
    secret = decryptSecret(pending.enrolSecretEncrypted);
  } else {
    secret = new Secret({ size: 20 }).base32;
    getDb().update(pendingSignIns).set({ enrolSecretEncrypted: encryptSecret(secret) }).where(eq(pendingSignIns.id, pending.id)).run();
  }
  const uri = totpFor(secret, pending.user.email).toString();
  const qrSvg = await QRCode.toString(uri, { type: 'svg', margin: 4, errorCorrectionLevel: 'M' });
  return { secret, uri, qrSvg };
}

/** The secret split in groups of four, as it is easier to type that way. */
export function groupedSecret(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

export type EnrolResult =
  | { kind: 'enrolled'; userId: number; redirectTo: string | null; recoveryCodes: string[] }
  | { kind: 'refused'; status: 400 | 429; errors: FieldErrors; retryAfterSeconds?: number };

/** Confirms enrolment with a first code: the factor is stored and new recovery codes are made. */
export function confirmEnrolment(pending: PendingSignIn, typed: string, ip: string, now = currentTime(), timestampMs = Date.now()): EnrolResult {
  const code = normalizeCode(typed);
  if (!/^\d{6}$/.test(code)) return { kind: 'refused', status: 400, errors: { code: 'auth:errors.enrolCodeFormat' } };
  const reservation = reserveAttempt(pending.user.email, ip, now);
  if (reservation.kind === 'refused') {
    const message = reservation.scope === 'account' ? 'auth:errors.codeWait' : 'auth:errors.codeTooMany';
    return { kind: 'refused', status: 429, errors: { code: message }, retryAfterSeconds: reservation.retryAfterSeconds };
  }
  const userId = pending.userId;
  const result = immediate((tx): EnrolResult => {
    const current = tx.select().from(pendingSignIns).where(eq(pendingSignIns.id, pending.id)).get();
    if (!current?.enrolSecretEncrypted) return { kind: 'refused', status: 400, errors: { code: 'auth:errors.codeExpired' } };
    // Someone else (another browser) enrolled meanwhile: this sign-in must use the code page.
    if (tx.select().from(secondFactors).where(eq(secondFactors.userId, userId)).get()) {
      return { kind: 'refused', status: 400, errors: { code: 'auth:errors.codeExpired' } };
    }
    const step = matchingStep(current.enrolSecretEncrypted, code, timestampMs);
    if (step === null) return { kind: 'refused', status: 400, errors: WRONG };
    tx.insert(secondFactors)
      .values({ userId, secretEncrypted: current.enrolSecretEncrypted, lastUsedStep: step, enrolledAt: now.toISOString() })
      .run();
    const codes = replaceRecoveryCodes(tx, userId);
    tx.delete(pendingSignIns).where(eq(pendingSignIns.id, pending.id)).run();
    audit({ actorUserId: userId, action: 'auth.second_factor_enrolled', ip });
    audit({ actorUserId: userId, action: 'auth.sign_in', details: { secondFactor: 'enrolment' }, ip });
    return { kind: 'enrolled', userId, redirectTo: current.redirectTo, recoveryCodes: codes };
  });
  settleAttempt(reservation.attemptId, result.kind === 'enrolled');
  if (result.kind === 'refused' && result.status === 400) audit({ actorUserId: userId, action: 'auth.second_factor_failed', details: { enrolment: true }, ip });
  return result;
}

// ---------------------------------------------------------------------------------------------
// Reset by an administrator, and the demo data
// ---------------------------------------------------------------------------------------------

export type ResetResult = 'reset' | 'notFound' | 'self' | 'notStaff' | 'notEnrolled';

/**
 * An administrator removes a worker's or another administrator's second factor (a lost phone):
 * their recovery codes, pending sign-ins and sessions end too, and the next sign-in enrols again.
 */
export function resetSecondFactor(actor: Actor, userId: number): ResetResult {
  return immediate((tx): ResetResult => {
    const target = tx.select().from(users).where(eq(users.id, userId)).get();
    if (!target) return 'notFound';
    if (target.id === actor.id) return 'self';
    if (!needsSecondFactor(target)) return 'notStaff';
    const removed = tx.delete(secondFactors).where(eq(secondFactors.userId, userId)).returning({ userId: secondFactors.userId }).get();
    if (!removed) return 'notEnrolled';
    tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
    tx.delete(pendingSignIns).where(eq(pendingSignIns.userId, userId)).run();
    tx.delete(sessions).where(eq(sessions.userId, userId)).run();
    audit({ actorUserId: actor.id, action: 'admin.second_factor_reset', subjectType: 'user', subjectId: userId, ip: actor.ip });
    return 'reset';
  });
}

/** Enrols `userId` with a known secret (demo data and tests only), with no recovery codes. */
export function enrolWithSecret(tx: Tx, userId: number, base32: string, now = currentTime()): void {
  tx.insert(secondFactors).values({ userId, secretEncrypted: encryptSecret(base32), lastUsedStep: null, enrolledAt: now.toISOString() }).run();
}

/** Who of these users has a second factor (the administrator's users page). */
export function enrolledUserIds(): Set<number> {
  return new Set(getDb().select({ userId: secondFactors.userId }).from(secondFactors).all().map((row) => row.userId));
}

/** Headers that end the pending sign-in in the browser and start the session. */
export function signedInHeaders(userId: number, ip: string): Headers {
  const headers = new Headers();
  headers.append('Set-Cookie', clearPendingCookie());
  headers.append('Set-Cookie', createUserSession(userId, ip));
  headers.set('Cache-Control', 'no-store');
  return headers;
}

/** Where a signed-in worker or administrator goes: back where they were sent from, else their start page. */
export function afterSignIn(role: Role, redirectTo: string | null): string {
  const target = safeReturnPath(redirectTo, START_PAGES[role]);
  return target === '/login' || target.startsWith('/auth/') ? START_PAGES[role] : target;
}
