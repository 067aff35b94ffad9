// An own worker adds a client (optionally with a login of their own) and links representatives.
// A representative may represent several clients and a client may have several representatives.
// Clients and representatives sign in with Suomi.fi only: a login is known by its identity code and
// has no password anyone knows (an e-mail address is contact information only).
import crypto from 'node:crypto';
import { and, asc, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '../../db/client.server';
import { clients, municipalities, REPRESENTATION_BASES, representativeLinks, users } from '../../db/schema';
import { isIsoDate } from './months';
import { hashPassword } from '../auth/password.server';
import type { Actor as SignedInActor } from '../auth/guards.server';
import { endAllSessionsOf } from '../auth/session.server';
import { audit } from './audit.server';
import { contactEmail } from './clientRecords.server';
import { immediate, type Tx } from './transaction.server';
import { toE164 } from './phone';
import { isValidNationalId } from './nationalId';
import type { FieldErrors } from '../utils/fieldErrors';

// Who acts here needs no role: the route's guard has checked it.
type Actor = Pick<SignedInActor, 'id' | 'ip'>;
const E = (key: string) => `backoffice:accounts.errors.${key}`;

const optionalEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, E('emailInvalid'))
  .optional()
  .refine((value) => !value || z.email().safeParse(value).success, E('emailInvalid'));

// The identity code the person signs in with at Suomi.fi (a client without one has no login).
const optionalNationalId = z
  .string()
  .trim()
  .toUpperCase()
  .max(11, E('nationalIdInvalid'))
  .optional()
  .refine((value) => !value || isValidNationalId(value), E('nationalIdInvalid'));

export const newClientSchema = z.object({
  firstName: z.string(E('firstNameRequired')).trim().min(1, E('firstNameRequired')).max(100, 'common:errors.tooLong'),
  lastName: z.string(E('lastNameRequired')).trim().min(1, E('lastNameRequired')).max(100, 'common:errors.tooLong'),
  phone: z
    .string(E('phoneInvalid'))
    .trim()
    .max(32, E('phoneInvalid'))
    .refine((value) => toE164(value) !== null, E('phoneInvalid')),
  municipalityCode: z.string(E('municipalityRequired')).regex(/^\d{3}$/, E('municipalityRequired')),
  language: z.enum(['fi', 'sv'], E('languageRequired')),
  group: z.enum(['hb', 'comparison'], E('groupRequired')),
  email: optionalEmail,
  nationalId: optionalNationalId,
}).superRefine((input, ctx) => {
  // The e-mail address belongs to the login, and a login is its identity code.
  if (input.email && !input.nationalId) ctx.addIssue({ code: 'custom', path: ['nationalId'], message: E('nationalIdForEmail') });
});

export type NewClientInput = z.infer<typeof newClientSchema>;

export function municipalityChoices() {
  return getDb().select().from(municipalities).orderBy(asc(municipalities.nameFi)).all();
}

export type CreateClientResult =
  | { kind: 'created'; clientId: number }
  | { kind: 'invalid'; errors: FieldErrors };

/** A password hash nobody knows: Suomi.fi logins never sign in with a password. */
function noPasswordHash(): Promise<string> {
  return hashPassword(crypto.randomBytes(32).toString('base64url'));
}

/** The users.email of a Suomi.fi login: the contact address, else a unique address that reaches no one. */
function loginEmail(email: string | undefined): string {
  return email || `${crypto.randomUUID()}@suomifi.invalid`;
}

export async function createClient(actor: Actor, input: NewClientInput): Promise<CreateClientResult> {
  const phone = toE164(input.phone) ?? '';
  const passwordHash = input.nationalId ? await noPasswordHash() : '';
  return immediate((tx): CreateClientResult => {
    if (!tx.select().from(municipalities).where(eq(municipalities.code, input.municipalityCode)).get()) {
      return { kind: 'invalid', errors: { municipalityCode: E('municipalityRequired') } };
    }
    if (tx.select({ id: clients.id }).from(clients).where(eq(clients.phone, phone)).get()) return { kind: 'invalid', errors: { phone: E('phoneTaken') } };
    let userId: number | null = null;
    if (input.nationalId && tx.select({ id: users.id }).from(users).where(eq(users.nationalId, input.nationalId)).get()) {
      return { kind: 'invalid', errors: { nationalId: E('nationalIdTaken') } };
    }
    if (input.email && tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).get()) return { kind: 'invalid', errors: { email: E('emailTaken') } };
    if (input.nationalId) {
      userId = tx
        .insert(users)
        .values({ email: loginEmail(input.email), passwordHash, role: 'client', firstName: input.firstName, lastName: input.lastName, language: input.language, nationalId: input.nationalId })
        .returning({ id: users.id })
        .get().id;
    }
    const { id } = tx
      .insert(clients)
      .values({
        userId,
        firstName: input.firstName,
        lastName: input.lastName,
        phone,
        municipalityCode: input.municipalityCode,
        language: input.language,
        ownWorkerId: actor.id,
        group: input.group,
      })
      .returning({ id: clients.id })
      .get();
    audit({ actorUserId: actor.id, action: 'client.created', subjectType: 'client', subjectId: id, details: { group: input.group, login: userId !== null }, ip: actor.ip });
    return { kind: 'created', clientId: id };
  });
}

const optionalDate = (message: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .refine((value) => value === undefined || isIsoDate(value), message);

export const linkSchema = z
  .object({
    // The person is known by their identity code; the e-mail address is contact information.
    nationalId: z
      .string(E('nationalIdRequired'))
      .trim()
      .toUpperCase()
      .min(1, E('nationalIdRequired'))
      .max(11, E('nationalIdInvalid'))
      .refine((value) => isValidNationalId(value), E('nationalIdInvalid')),
    email: optionalEmail,
    relationship: z.string().trim().max(100, 'common:errors.tooLong').optional(),
    firstName: z.string().trim().max(100, 'common:errors.tooLong').optional(),
    lastName: z.string().trim().max(100, 'common:errors.tooLong').optional(),
    // The link's basis and validity (their own fieldset on the form).
    basis: z.enum(REPRESENTATION_BASES, E('basisRequired')),
    decisionDate: optionalDate(E('dateInvalid')),
    validFrom: optionalDate(E('dateInvalid')),
    validUntil: optionalDate(E('dateInvalid')),
  })
  .superRefine((input, ctx) => {
    if (input.basis === 'court_guardian' && !input.decisionDate) ctx.addIssue({ code: 'custom', path: ['decisionDate'], message: E('decisionDateRequired') });
    if (input.validFrom && input.validUntil && input.validUntil < input.validFrom) ctx.addIssue({ code: 'custom', path: ['validUntil'], message: E('untilBeforeFrom') });
  });

type LinkBasisFields = 'basis' | 'decisionDate' | 'validFrom' | 'validUntil';
/** The form's values; the basis defaults to 'authorised' and the validity to open-ended for other callers. */
export type LinkInput = Omit<z.infer<typeof linkSchema>, LinkBasisFields> & Partial<Pick<z.infer<typeof linkSchema>, LinkBasisFields>>;

export type LinkResult = { kind: 'linked' } | { kind: 'invalid'; errors: FieldErrors } | { kind: 'notFound' };

/**
 * Links a representative to one of the worker's own clients: an existing representative by their
 * identity code, or a new one when the code is unknown (then the name is needed). No password is
 * made: representatives sign in with Suomi.fi.
 */
export async function linkRepresentative(actor: Actor, clientId: number, input: LinkInput): Promise<LinkResult> {
  const existing = getDb().select({ id: users.id }).from(users).where(eq(users.nationalId, input.nationalId)).get();
  if (!existing) {
    const errors: FieldErrors = {};
    if (!input.firstName) errors.firstName = E('firstNameForNew');
    if (!input.lastName) errors.lastName = E('lastNameForNew');
    if (Object.keys(errors).length) return { kind: 'invalid', errors };
  }
  const passwordHash = existing ? '' : await noPasswordHash();
  return immediate((tx): LinkResult => {
    const client = tx.select().from(clients).where(and(eq(clients.id, clientId), eq(clients.ownWorkerId, actor.id))).get();
    if (!client) return { kind: 'notFound' };
    let userId: number;
    const user = tx.select().from(users).where(eq(users.nationalId, input.nationalId)).get();
    if (user) {
      if (user.role !== 'representative' || !user.active) return { kind: 'invalid', errors: { nationalId: E('notRepresentative') } };
      const linked = tx.select().from(representativeLinks).where(and(eq(representativeLinks.clientId, clientId), eq(representativeLinks.userId, user.id))).get();
      if (linked) return { kind: 'invalid', errors: { nationalId: E('alreadyLinked') } };
      userId = user.id;
    } else {
      if (!passwordHash || !input.firstName || !input.lastName) return { kind: 'invalid', errors: { firstName: E('firstNameForNew') } };
      if (input.email && tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).get()) return { kind: 'invalid', errors: { email: E('emailTaken') } };
      userId = tx
        .insert(users)
        .values({ email: loginEmail(input.email), passwordHash, role: 'representative', firstName: input.firstName, lastName: input.lastName, language: client.language, nationalId: input.nationalId })
        .returning({ id: users.id })
        .get().id;
      audit({ actorUserId: actor.id, action: 'user.created', subjectType: 'user', subjectId: userId, details: { role: 'representative' }, ip: actor.ip });
    }
    const basis = { basis: input.basis ?? 'authorised', decisionDate: input.decisionDate ?? null, validFrom: input.validFrom ?? null, validUntil: input.validUntil ?? null };
    tx.insert(representativeLinks).values({ clientId, userId, relationship: input.relationship ?? '', ...basis }).run();
    audit({ actorUserId: actor.id, action: 'client.representative_linked', subjectType: 'client', subjectId: clientId, details: { userId, ...basis }, ip: actor.ip });
    return { kind: 'linked' };
  });
}

// Removing access: the own worker unlinks a representative and deactivates or reactivates a
// representative's login (there is no password to reset: they sign in with Suomi.fi). Only logins
// of the worker's own client count; anything else is notFound (the route answers 404).
//
// A login is the person's own and reaches every client they represent. So a worker may turn off only a login whose every client is theirs; a person who also represents another
// worker's client is 'shared' (the worker may still unlink them from their own client). Linking an
// existing person to one more client thus never gives the linking worker power over the person's
// other links: it takes that power away from both workers.


/**
 * True when the login `userId` reaches a client whose own worker is not `workerId`: as that
 * client's own login or as a linked representative.
 */
function reachesOtherWorkersClients(tx: Pick<Tx, 'select'>, workerId: number, userId: number): boolean {
  const viaLogin = tx
    .select({ id: clients.id })
    .from(clients)
    .where(and(eq(clients.userId, userId), ne(clients.ownWorkerId, workerId)))
    .get();
  const viaLink = tx
    .select({ id: clients.id })
    .from(representativeLinks)
    .innerJoin(clients, eq(clients.id, representativeLinks.clientId))
    .where(and(eq(representativeLinks.userId, userId), ne(clients.ownWorkerId, workerId)))
    .get();
  return Boolean(viaLogin || viaLink);
}

/**
 * The client's own login and the linked representatives with the state of their logins; `shared`
 * when the login also reaches another worker's client (then `workerId` may not turn it off); `email` is null when the login has no contact address.
 */
export function clientLogins(clientId: number, workerId: number) {
  const db = getDb();
  const client = db.select({ userId: clients.userId }).from(clients).where(eq(clients.id, clientId)).get();
  const login = client?.userId
    ? db
        .select({ userId: users.id, email: users.email, active: users.active })
        .from(users)
        .where(and(eq(users.id, client.userId), eq(users.role, 'client')))
        .get()
    : undefined;
  const representatives = db
    .select({
      userId: users.id,
      firstName: users.firstName,
      lastName: users.lastName,
      email: users.email,
      relationship: representativeLinks.relationship,
      basis: representativeLinks.basis,
      decisionDate: representativeLinks.decisionDate,
      validFrom: representativeLinks.validFrom,
      validUntil: representativeLinks.validUntil,
      active: users.active,
    })
    .from(representativeLinks)
    .innerJoin(users, eq(users.id, representativeLinks.userId))
    .where(eq(representativeLinks.clientId, clientId))
    .orderBy(asc(users.lastName), asc(users.firstName))
    .all()
    .map((rep) => ({ ...rep, email: contactEmail(rep.email), shared: reachesOtherWorkersClients(db, workerId, rep.userId) }));
  return { login: login ? { ...login, email: contactEmail(login.email), shared: reachesOtherWorkersClients(db, workerId, login.userId) } : null, representatives };
}

export const loginActionSchema = z.object({
  intent: z.enum(['unlink', 'deactivate', 'reactivate'], 'common:errors.invalid'),
  userId: z.coerce.number('common:errors.invalid').int('common:errors.invalid').positive('common:errors.invalid').max(2_147_483_647, 'common:errors.invalid'),
  confirm: z.literal('yes', E('notConfirmed')).optional(),
});

/**
 * The login `userId` when it belongs to the worker's own client `clientId`: the client's own login
 * (role client) or a representative linked to that client (role representative).
 */
function ownLogin(tx: Tx, workerId: number, clientId: number, userId: number) {
  const client = tx.select().from(clients).where(and(eq(clients.id, clientId), eq(clients.ownWorkerId, workerId))).get();
  if (!client) return undefined;
  const user = tx.select().from(users).where(eq(users.id, userId)).get();
  if (!user) return undefined;
  if (user.role === 'client' && client.userId === user.id) return { user, kind: 'client' as const };
  if (user.role !== 'representative') return undefined;
  const link = tx.select().from(representativeLinks).where(and(eq(representativeLinks.clientId, clientId), eq(representativeLinks.userId, userId))).get();
  return link ? { user, kind: 'representative' as const } : undefined;
}

/** Removes a representative's link to the worker's own client; access ends at once. */
export function unlinkRepresentative(actor: Actor, clientId: number, userId: number): 'unlinked' | 'notFound' {
  return immediate((tx) => {
    const own = ownLogin(tx, actor.id, clientId, userId);
    if (own?.kind !== 'representative') return 'notFound';
    tx.delete(representativeLinks).where(and(eq(representativeLinks.clientId, clientId), eq(representativeLinks.userId, userId))).run();
    audit({ actorUserId: actor.id, action: 'client.representative_unlinked', subjectType: 'client', subjectId: clientId, details: { userId }, ip: actor.ip });
    return 'unlinked';
  });
}

export type LoginStateResult = 'deactivated' | 'reactivated' | 'unchanged' | 'notFound' | 'shared';

/**
 * Turns a linked representative's login off (sessions end at once) or back on. The login is the
 * person's own, so this is refused ('shared') when they also represent another worker's client.
 */
export function setRepresentativeActive(actor: Actor, clientId: number, userId: number, active: boolean): LoginStateResult {
  return immediate((tx): LoginStateResult => {
    const own = ownLogin(tx, actor.id, clientId, userId);
    if (own?.kind !== 'representative') return 'notFound';
    if (reachesOtherWorkersClients(tx, actor.id, userId)) return 'shared';
    if (own.user.active === active) return 'unchanged';
    tx.update(users).set({ active }).where(eq(users.id, userId)).run();
    if (!active) endAllSessionsOf(userId);
    audit({ actorUserId: actor.id, action: active ? 'user.reactivated' : 'user.deactivated', subjectType: 'user', subjectId: userId, details: { role: 'representative', clientId }, ip: actor.ip });
    return active ? 'reactivated' : 'deactivated';
  });
}
