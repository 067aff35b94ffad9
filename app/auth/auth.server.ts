import { eq } from 'drizzle-orm';
import { Authenticator } from 'remix-auth';
import { FormStrategy } from 'remix-auth-form';
import { z } from 'zod';
import { getDb } from '../../db/client.server';
import { users } from '../../db/schema';
import { audit } from '../domain/audit.server';
import { clientIp } from '../utils/http.server';
import { validateForm, type FieldErrors, type FormValues } from '../utils/forms.server';
import { hashPassword, temporaryPasswordExpired, verifyPassword } from './password.server';
import { needsSecondFactor } from './secondFactor.server';
import { reserveAttempt, settleAttempt, withdrawAttempt } from './signInLimits.server';
import type { SessionUser } from './session.server';
import { currentTime } from '../domain/clock';
import { SuomifiRefusal, type SuomifiPerson } from './suomifi.server';
import { SuomifiStrategy, type SuomifiVerifyParams } from './suomifiStrategy.server';

export const signInSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'auth:errors.emailRequired')
    .max(254, 'auth:errors.emailTooLong')
    .pipe(z.email('auth:errors.emailInvalid')),
  password: z.string().min(1, 'auth:errors.passwordRequired').max(1024, 'auth:errors.passwordTooLong'),
  redirectTo: z.string().max(500).optional(),
});

/** Why a sign-in did not succeed; the page shows the errors and keeps what was typed. */
export class SignInFailure extends Error {
  constructor(
    readonly status: 400 | 401 | 429,
    readonly errors: FieldErrors,
    readonly values: FormValues,
    readonly retryAfterSeconds?: number,
  ) {
    super('sign-in failed');
  }
}

let decoyHash: Promise<string> | undefined;

/** A password to verify when the e-mail is unknown, so both cases take the same time. */
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword('decoy password that never matches');
  return decoyHash;
}

/**
 * Checks an e-mail and password within the limits of signInLimits.server.ts: the attempt is
 * reserved before the slow verify, so concurrent requests cannot outrun the count. For a worker or
 * administrator a right password only starts the second-factor step.
 */
export async function verifySignIn(form: FormData, ip: string, now = currentTime()): Promise<SessionUser> {
  const parsed = validateForm(form, signInSchema);
  const values = { ...parsed.values, password: '' }; // never echo a password back
  if (!parsed.ok) throw new SignInFailure(400, parsed.errors, values);
  const email = parsed.data.email.toLowerCase();
  const reservation = reserveAttempt(email, ip, now);
  if (reservation.kind === 'refused') {
    const message = reservation.scope === 'account' ? 'auth:errors.waitBeforeRetry' : 'auth:errors.tooManyAttempts';
    throw new SignInFailure(429, { form: message }, values, reservation.retryAfterSeconds);
  }
  const db = getDb();
  const user = db.select().from(users).where(eq(users.email, email)).get();
  const valid = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), parsed.data.password);
  const expired = Boolean(user && temporaryPasswordExpired(user, now));
  // Clients and representatives sign in with Suomi.fi only; a password of theirs never works here.
  const staff = Boolean(user && user.role !== 'client' && user.role !== 'representative');
  const succeeded = Boolean(user && user.active && staff && valid && !expired);
  if (succeeded && user && needsSecondFactor(user)) withdrawAttempt(reservation.attemptId);
  else settleAttempt(reservation.attemptId, succeeded);
  if (user && user.active && staff && valid && expired) {
    // Only someone who knows the temporary password learns that it has expired.
    audit({ actorUserId: user.id, action: 'auth.temporary_password_expired', ip });
    throw new SignInFailure(401, { form: 'auth:errors.temporaryPasswordExpired' }, values);
  }
  if (!succeeded || !user) {
    audit({ actorUserId: user?.id ?? null, action: 'auth.sign_in_failed', details: { email }, ip });
    throw new SignInFailure(401, { form: 'auth:errors.invalidCredentials' }, values);
  }
  // A worker or administrator is signed in only after the second factor (secondFactor.server.ts).
  audit({ actorUserId: user.id, action: needsSecondFactor(user) ? 'auth.password_accepted' : 'auth.sign_in', ip });
  return { ...user, actingForClientId: null };
}

export const authenticator = new Authenticator<SessionUser>();

authenticator.use(
  new FormStrategy(async ({ form, request }) => {
    return verifySignIn(form, clientIp(request));
  }),
  'form',
);

export type SuomifiSignIn = { user: SessionUser; person: SuomifiPerson };

/** Suomi.fi sign-in: the person must be a known, active client or representative. No account is made. */
export async function verifySuomifiPerson({ person, request }: SuomifiVerifyParams): Promise<SuomifiSignIn> {
  const db = getDb();
  const ip = clientIp(request);
  const user = db.select().from(users).where(eq(users.nationalId, person.nationalId)).get();
  if (!user || !user.active || (user.role !== 'client' && user.role !== 'representative')) {
    // No identity code in the audit row: whoever was refused is not Avain's to record.
    audit({ actorUserId: user?.id ?? null, action: 'auth.suomifi_unknown_person', ip });
    throw new SuomifiRefusal('unknownPerson', 'no active client or representative with this identity code');
  }
  audit({ actorUserId: user.id, action: 'auth.sign_in', details: { method: 'suomifi' }, ip });
  return { user: { ...user, actingForClientId: null }, person };
}

export const suomifiAuthenticator = new Authenticator<SuomifiSignIn>();
suomifiAuthenticator.use(new SuomifiStrategy(verifySuomifiPerson), 'suomifi');
