// A signed-in person changes their own password (/account/password). The current password is
// checked within the same limits as sign-in, and the new one must differ from the current one
// (which after a reset is the temporary password).
import { currentTime } from '../domain/clock';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '../../db/schema';
import { audit } from '../domain/audit.server';
import { immediate } from '../domain/transaction.server';
import { hashPassword, verifyPassword } from './password.server';
import { createUserSession, endAllSessionsOf, type SessionUser } from './session.server';
import { reserveAttempt, settleAttempt } from './signInLimits.server';

export const passwordChangeSchema = z
  .object({
    current: z.string().max(1024, 'auth:errors.passwordTooLong').optional(),
    password: z.string().min(12, 'auth:errors.passwordTooShort').max(1024, 'auth:errors.passwordTooLong'),
    confirm: z.string().min(1, 'auth:errors.confirmRequired'),
  })
  .refine((form) => form.password === form.confirm, { message: 'auth:errors.passwordsDiffer', path: ['confirm'] });

export type PasswordChangeInput = z.infer<typeof passwordChangeSchema>;

export type PasswordChangeResult =
  | { kind: 'changed'; cookie: string }
  | { kind: 'invalid'; status: 400 | 429; errors: Record<string, string>; retryAfterSeconds?: number };

/**
 * Changes the user's password: every session of the user ends and a new one starts (its cookie is
 * returned). Someone who finds a signed-in tablet must not be able to take the account over, so
 * the current password is needed unless a reset asked for a new one.
 */
export async function changeOwnPassword(user: SessionUser, input: PasswordChangeInput, ip: string, now = currentTime()): Promise<PasswordChangeResult> {
  if (!user.mustChangePassword) {
    const reservation = reserveAttempt(user.email, ip, now);
    if (reservation.kind === 'refused') {
      const message = reservation.scope === 'account' ? 'auth:errors.waitBeforeRetry' : 'auth:errors.tooManyAttempts';
      return { kind: 'invalid', status: 429, errors: { current: message }, retryAfterSeconds: reservation.retryAfterSeconds };
    }
    const valid = await verifyPassword(user.passwordHash, input.current ?? '');
    settleAttempt(reservation.attemptId, valid);
    if (!valid) {
      audit({ actorUserId: user.id, action: 'auth.current_password_wrong', subjectType: 'user', subjectId: user.id, ip });
      return { kind: 'invalid', status: 400, errors: { current: 'auth:errors.currentWrong' } };
    }
  }
  if (await verifyPassword(user.passwordHash, input.password)) {
    return { kind: 'invalid', status: 400, errors: { password: user.mustChangePassword ? 'auth:errors.sameAsTemporary' : 'auth:errors.sameAsCurrent' } };
  }
  const passwordHash = await hashPassword(input.password);
  return immediate((tx): PasswordChangeResult => {
    tx.update(users).set({ passwordHash, mustChangePassword: false, temporaryPasswordExpiresAt: null }).where(eq(users.id, user.id)).run();
    audit({ actorUserId: user.id, action: 'auth.password_changed', subjectType: 'user', subjectId: user.id, ip });
    // Every other session of this user ends; this one continues under a new id.
    endAllSessionsOf(user.id);
    return { kind: 'changed', cookie: createUserSession(user.id, ip, now) };
  });
}
