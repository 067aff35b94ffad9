import { and, count, eq, gt } from 'drizzle-orm';
import { Authenticator } from 'remix-auth';
import { FormStrategy } from 'remix-auth-form';
import { z } from 'zod';
import { getDb } from '../../db/client.server';
import { loginAttempts, users } from '../../db/schema';
import { audit } from '../domain/audit.server';
import { clientIp } from '../utils/http.server';
import { validateForm, type FieldErrors, type FormValues } from '../utils/forms.server';
import { hashPassword, verifyPassword } from './password.server';
import type { SessionUser } from './session.server';
import { currentTime } from '../domain/clock';

/** Failed sign-ins allowed per account, and per address, in the window below. */
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;
export const FAILURE_WINDOW_MINUTES = 15;

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
  ) {
    super('sign-in failed');
  }
}

// A hash to verify against when the e-mail is unknown, so both cases take the same time.
let decoyHash: Promise<string> | undefined;

function recentFailures(column: 'email' | 'ip', value: string, now: Date): number {
  const since = new Date(now.getTime() - FAILURE_WINDOW_MINUTES * 60_000).toISOString();
  const row = getDb()
    .select({ n: count() })
    .from(loginAttempts)
    .where(
      and(
        eq(column === 'email' ? loginAttempts.email : loginAttempts.ip, value),
        eq(loginAttempts.succeeded, false),
        gt(loginAttempts.createdAt, since),
      ),
    )
    .get();
  return row?.n ?? 0;
}

export async function verifySignIn(form: FormData, ip: string, now = currentTime()): Promise<SessionUser> {
  const parsed = validateForm(form, signInSchema);
  const values = { ...parsed.values, password: '' }; // never echo a password back
  if (!parsed.ok) throw new SignInFailure(400, parsed.errors, values);
  const email = parsed.data.email.toLowerCase();
  if (
    recentFailures('email', email, now) >= MAX_FAILURES_PER_ACCOUNT ||
    recentFailures('ip', ip, now) >= MAX_FAILURES_PER_ADDRESS
  ) {
    audit(getDb(), { actorUserId: null, action: 'auth.locked_out', details: { email }, ip });
    throw new SignInFailure(429, { form: 'auth:errors.tooManyAttempts' }, values);
  }
  const db = getDb();
  const user = db.select().from(users).where(eq(users.email, email)).get();
  decoyHash ??= hashPassword('decoy password that never matches');
  const valid = await verifyPassword(user?.passwordHash ?? (await decoyHash), parsed.data.password);
  const succeeded = Boolean(user && user.active && valid);
  db.insert(loginAttempts).values({ email, ip, succeeded }).run();
  if (!succeeded || !user) {
    audit(db, { actorUserId: user?.id ?? null, action: 'auth.sign_in_failed', details: { email }, ip });
    throw new SignInFailure(401, { form: 'auth:errors.invalidCredentials' }, values);
  }
  audit(db, { actorUserId: user.id, action: 'auth.sign_in', ip });
  return user;
}

export const authenticator = new Authenticator<SessionUser>();

authenticator.use(
  new FormStrategy(async ({ form, request }) => {
    return verifySignIn(form, clientIp(request));
  }),
  'form',
);
