// Staff accounts kept by administrators: create, deactivate, reset a password. A new account and
// a reset both get a one-time temporary password that the person must change at next sign-in and
// that stops working after TEMPORARY_PASSWORD_HOURS.
import crypto from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '../../db/client.server';
import { providers, sessions, users, type Role } from '../../db/schema';
import { hashPassword, temporaryPasswordExpiry } from '../auth/password.server';
import { parseId, type Actor as SignedInActor } from '../auth/guards.server';
import { endAllSessionsOf } from '../auth/session.server';
import { audit } from './audit.server';
import { immediate, type Tx } from './transaction.server';
import type { FieldErrors } from '../utils/fieldErrors';

export const STAFF_ROLES = ['worker', 'provider', 'admin'] as const satisfies readonly Role[];

// Who acts here needs no role: the route's guard has checked it.
type Actor = Pick<SignedInActor, 'id' | 'ip'>;

const E = (key: string) => `backoffice:users.errors.${key}`;

export const newUserSchema = z
  .object({
    email: z.string(E('emailInvalid')).trim().toLowerCase().max(254, E('emailInvalid')).pipe(z.email(E('emailInvalid'))),
    firstName: z.string(E('firstNameRequired')).trim().min(1, E('firstNameRequired')).max(100, 'common:errors.tooLong'),
    lastName: z.string(E('lastNameRequired')).trim().min(1, E('lastNameRequired')).max(100, 'common:errors.tooLong'),
    role: z.enum(STAFF_ROLES, E('roleRequired')),
    language: z.enum(['fi', 'sv'], E('languageRequired')),
    providerId: z.string().optional(),
  })
  .superRefine((form, ctx) => {
    if (form.role === 'provider' && parseId(form.providerId, null) === null) {
      ctx.addIssue({ code: 'custom', message: E('providerRequired'), path: ['providerId'] });
    }
  });

export type NewUserInput = z.infer<typeof newUserSchema>;

/** A random temporary password that is easy to read out: four groups of four characters. */
export function temporaryPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = crypto.randomBytes(16);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** A fresh temporary password and its hash (hashing is slow, so do it before a transaction). */
export async function newTemporaryPassword(): Promise<{ password: string; passwordHash: string }> {
  const password = temporaryPassword();
  return { password, passwordHash: await hashPassword(password) };
}


/**
 * Inside the caller's transaction: the account gets a new temporary password it must change at
 * next sign-in, every session of the account ends at once, and the reset is audit-logged.
 */
export function applyPasswordReset(tx: Tx, actor: Actor, userId: number, passwordHash: string, details?: Record<string, unknown>): void {
  tx.update(users).set({ passwordHash, mustChangePassword: true, temporaryPasswordExpiresAt: temporaryPasswordExpiry() }).where(eq(users.id, userId)).run();
  endAllSessionsOf(userId);
  audit({ actorUserId: actor.id, action: 'user.password_reset', subjectType: 'user', subjectId: userId, details, ip: actor.ip });
}

export function staffUsers() {
  return getDb()
    .select({
      id: users.id,
      email: users.email,
      firstName: users.firstName,
      lastName: users.lastName,
      role: users.role,
      active: users.active,
      mustChangePassword: users.mustChangePassword,
      providerName: providers.name,
    })
    .from(users)
    .leftJoin(providers, eq(providers.id, users.providerId))
    .where(inArray(users.role, [...STAFF_ROLES]))
    .orderBy(asc(users.role), asc(users.lastName), asc(users.firstName))
    .all();
}

export function providerChoices() {
  return getDb().select({ id: providers.id, name: providers.name }).from(providers).orderBy(asc(providers.name)).all();
}

export type CreateUserResult = { kind: 'created'; userId: number; temporaryPassword: string } | { kind: 'invalid'; errors: FieldErrors };

export async function createStaffUser(actor: Actor, input: NewUserInput): Promise<CreateUserResult> {
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  return immediate((tx): CreateUserResult => {
    if (tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).get()) {
      return { kind: 'invalid', errors: { email: E('emailTaken') } };
    }
    let providerId: number | null = null;
    if (input.role === 'provider') {
      providerId = Number(input.providerId);
      if (!tx.select({ id: providers.id }).from(providers).where(eq(providers.id, providerId)).get()) {
        return { kind: 'invalid', errors: { providerId: E('providerRequired') } };
      }
    }
    const { id } = tx
      .insert(users)
      .values({
        email: input.email,
        passwordHash,
        role: input.role,
        firstName: input.firstName,
        lastName: input.lastName,
        language: input.language,
        providerId,
        mustChangePassword: true,
        temporaryPasswordExpiresAt: temporaryPasswordExpiry(),
      })
      .returning({ id: users.id })
      .get();
    audit({ actorUserId: actor.id, action: 'user.created', subjectType: 'user', subjectId: id, details: { role: input.role, providerId }, ip: actor.ip });
    return { kind: 'created', userId: id, temporaryPassword: password };
  });
}

function staffUser(tx: Pick<ReturnType<typeof getDb>, 'select'>, userId: number) {
  return tx
    .select()
    .from(users)
    .where(and(eq(users.id, userId), inArray(users.role, [...STAFF_ROLES])))
    .get();
}

export type DeactivateResult = 'deactivated' | 'alreadyInactive' | 'self' | 'notFound';

/** Deactivates a staff account and ends its sessions at once. */
export function deactivateUser(actor: Actor, userId: number): DeactivateResult {
  if (userId === actor.id) return 'self';
  return immediate((tx): DeactivateResult => {
    const user = staffUser(tx, userId);
    if (!user) return 'notFound';
    if (!user.active) return 'alreadyInactive';
    tx.update(users).set({ active: false }).where(eq(users.id, userId)).run();
    tx.delete(sessions).where(eq(sessions.userId, userId)).run();
    audit({ actorUserId: actor.id, action: 'user.deactivated', subjectType: 'user', subjectId: userId, ip: actor.ip });
    return 'deactivated';
  });
}

export type ResetResult = { kind: 'reset'; temporaryPassword: string; email: string } | { kind: 'notFound' } | { kind: 'inactive' } | { kind: 'self' };

/** A new temporary password; the old one stops working and the person must choose a new one. */
export async function resetPassword(actor: Actor, userId: number): Promise<ResetResult> {
  if (userId === actor.id) return { kind: 'self' };
  const { password, passwordHash } = await newTemporaryPassword();
  return immediate((tx): ResetResult => {
    const user = staffUser(tx, userId);
    if (!user) return { kind: 'notFound' };
    if (!user.active) return { kind: 'inactive' };
    applyPasswordReset(tx, actor, userId, passwordHash);
    return { kind: 'reset', temporaryPassword: password, email: user.email };
  });
}
