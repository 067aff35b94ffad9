// Providers joining and changing: the public application, the administrator's decisions
// (approve, reject, suspend, reinstate), a provider's own profile and prices, and the service
// catalogue. Every change is audit-logged inside the transaction that makes it.
import { and, asc, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import { getDb, type AppDatabase } from '../../db/client.server';
import {
  auditLog,
  budgetLines,
  ledgerEntries,
  municipalities,
  PROVIDER_STATUSES,
  providerLanguages,
  providerMunicipalities,
  providerOfferings,
  providers,
  type ServiceUnit,
  services,
} from '../../db/schema';
import { audit } from './audit.server';
import type { ServiceLanguage } from './catalogue.server';
import { helsinkiDate } from './months';
import { currentTime } from './clock';
import { afterQueued, providerRecipients, queueNotifications } from './notifications.server';
import { isOneOf } from '../utils/oneOf';
import { immediate, type Tx } from './transaction.server';

export type ProviderStatus = (typeof PROVIDER_STATUSES)[number];
export type Actor = { userId: number | null; ip?: string };

export { MAX_DESCRIPTION_LENGTH, MAX_PRICE_CENTS, MAX_REASON_LENGTH } from './catalogueLimits';

// ---------------------------------------------------------------------------------------------
// Decisions
// ---------------------------------------------------------------------------------------------

export const DECISIONS = ['approve', 'reject', 'suspend', 'reinstate'] as const;
export type ProviderDecision = (typeof DECISIONS)[number];

const TRANSITIONS: Record<ProviderDecision, { from: ProviderStatus; to: ProviderStatus }> = {
  approve: { from: 'pending', to: 'approved' },
  reject: { from: 'pending', to: 'rejected' },
  suspend: { from: 'approved', to: 'suspended' },
  reinstate: { from: 'suspended', to: 'approved' },
};

/** The decisions an administrator can make on a provider in this status. */
export function decisionsFor(status: ProviderStatus): ProviderDecision[] {
  return DECISIONS.filter((decision) => TRANSITIONS[decision].from === status);
}

export type DecisionOutcome =
  | { kind: 'done'; status: ProviderStatus }
  | { kind: 'notFound' }
  | { kind: 'conflict'; status: ProviderStatus };

/**
 * Moves a provider from one status to the next. The UPDATE names the status it expects, so two
 * administrators deciding at once cannot both win; the loser gets 'conflict'.
 */
export function decideProvider(actor: Actor, providerId: number, decision: ProviderDecision, reason: string, now = currentTime()): DecisionOutcome {
  const { from, to } = TRANSITIONS[decision];
  const outcome: DecisionOutcome = immediate((tx): DecisionOutcome => {
    const current = tx.select({ status: providers.status }).from(providers).where(eq(providers.id, providerId)).get();
    if (!current) return { kind: 'notFound' as const };
    if (current.status !== from) return { kind: 'conflict' as const, status: current.status };
    tx.update(providers)
      .set({
        status: to,
        statusReason: reason || null,
        // "Approved since" is the first approval; a reinstatement keeps it.
        ...(decision === 'approve' ? { approvedAt: now.toISOString() } : {}),
      })
      .where(and(eq(providers.id, providerId), eq(providers.status, from)))
      .run();
    audit(tx, {
      actorUserId: actor.userId,
      action: `provider.${decision}`,
      subjectType: 'provider',
      subjectId: providerId,
      details: { from, to, reason },
      ip: actor.ip,
    });
    // An application decided (approved or rejected) is told to the provider; the reason is not sent.
    if (decision === 'approve' || decision === 'reject') {
      const name = tx.select({ name: providers.name }).from(providers).where(eq(providers.id, providerId)).get()?.name ?? '';
      queueNotifications(tx, providerRecipients(tx, providerId), { kind: 'application', values: { provider: name } });
    }
    return { kind: 'done' as const, status: to };
  });
  if (outcome.kind === 'done') afterQueued();
  return outcome;
}

// ---------------------------------------------------------------------------------------------
// Lists and details for the administrator
// ---------------------------------------------------------------------------------------------

export type ProviderListRow = { id: number; name: string; businessId: string; createdAt: string; approvedAt: string | null; statusReason: string | null };

const listColumns = {
  id: providers.id,
  name: providers.name,
  businessId: providers.businessId,
  createdAt: providers.createdAt,
  approvedAt: providers.approvedAt,
  statusReason: providers.statusReason,
};

/** Providers in one status; pending ones oldest first (a queue), others by name. */
export function providersInStatus(status: ProviderStatus, options: { text?: string; limit?: number } = {}): { rows: ProviderListRow[]; total: number } {
  const db = getDb();
  const text = (options.text ?? '').trim();
  const where = and(
    eq(providers.status, status),
    text ? sql`instr(lower(${providers.name} || ' ' || ${providers.businessId}), ${text.toLowerCase()}) > 0` : undefined,
  );
  const total = db.select({ n: sql<number>`count(*)` }).from(providers).where(where).get()?.n ?? 0;
  const query = db
    .select(listColumns)
    .from(providers)
    .where(where)
    .orderBy(...(status === 'pending' ? [asc(providers.createdAt), asc(providers.id)] : [sql`${providers.name} collate nocase`, asc(providers.id)]));
  const rows = options.limit ? query.limit(options.limit).all() : query.all();
  return { rows, total };
}

export type OfferingRow = { serviceId: number; nameFi: string; nameSv: string; unit: ServiceUnit; retired: boolean; priceCents: number; validFrom: string };

/** Every price row of the provider, past, present and future, by service and date. */
export function offeringHistory(providerId: number): OfferingRow[] {
  return getDb()
    .select({
      serviceId: services.id,
      nameFi: services.nameFi,
      nameSv: services.nameSv,
      unit: services.unit,
      retired: sql<boolean>`${services.retiredAt} is not null`.mapWith(Boolean),
      priceCents: providerOfferings.priceCents,
      validFrom: providerOfferings.validFrom,
    })
    .from(providerOfferings)
    .innerJoin(services, eq(services.id, providerOfferings.serviceId))
    .where(eq(providerOfferings.providerId, providerId))
    .orderBy(asc(services.nameFi), asc(providerOfferings.validFrom))
    .all();
}

export function providerAreas(providerId: number): string[] {
  return getDb()
    .select({ code: providerMunicipalities.municipalityCode })
    .from(providerMunicipalities)
    .where(eq(providerMunicipalities.providerId, providerId))
    .all()
    .map((row) => row.code);
}

export function providerLanguageCodes(providerId: number): ServiceLanguage[] {
  return getDb()
    .select({ language: providerLanguages.language })
    .from(providerLanguages)
    .where(eq(providerLanguages.providerId, providerId))
    .all()
    .map((row) => row.language);
}

/** Everything an administrator needs to decide, with the decisions made so far. */
export function providerForAdmin(providerId: number) {
  const db = getDb();
  const provider = db.select().from(providers).where(eq(providers.id, providerId)).get();
  if (!provider) return undefined;
  const history = db
    .select({ action: auditLog.action, details: auditLog.details, createdAt: auditLog.createdAt })
    .from(auditLog)
    .where(and(eq(auditLog.subjectType, 'provider'), eq(auditLog.subjectId, String(providerId))))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .all()
    .flatMap((row) => {
      const decision = row.action.slice('provider.'.length);
      return row.action.startsWith('provider.') && isOneOf(DECISIONS, decision) ? [{ row, decision }] : [];
    })
    .map(({ row, decision }) => ({ decision, reason: String(row.details?.reason ?? ''), createdAt: row.createdAt }));
  return {
    provider,
    offerings: offeringHistory(providerId),
    areas: providerAreas(providerId),
    languages: providerLanguageCodes(providerId),
    history,
  };
}

// ---------------------------------------------------------------------------------------------
// The public application
// ---------------------------------------------------------------------------------------------

export type PriceInput = { serviceId: number; priceCents: number };

export type ApplicationInput = {
  name: string;
  businessId: string; // canonical 1234567-8
  contactName: string;
  email: string;
  phone: string;
  descriptionFi: string;
  descriptionSv: string;
  municipalities: string[];
  languages: ServiceLanguage[];
  prices: PriceInput[];
};

export type ApplicationOutcome = { kind: 'received'; providerId: number } | { kind: 'duplicate' } | { kind: 'badService' } | { kind: 'tooMany' };

/** Applications accepted from one address in APPLICATION_WINDOW_HOURS (the form is open to anyone). */
export const MAX_APPLICATIONS_PER_ADDRESS = 5;
export const APPLICATION_WINDOW_HOURS = 24;

/** A new pending provider with its areas, languages and prices from today. */
export function submitApplication(input: ApplicationInput, actor: Actor = { userId: null }, now = currentTime()): ApplicationOutcome {
  const today = helsinkiDate(now);
  return immediate((tx) => {
    if (actor.ip !== undefined) {
      // Counted inside the IMMEDIATE transaction, so concurrent posts cannot all pass.
      const since = new Date(now.getTime() - APPLICATION_WINDOW_HOURS * 3_600_000).toISOString();
      const recent = tx
        .select({ n: sql<number>`count(*)` })
        .from(auditLog)
        .where(and(eq(auditLog.action, 'provider.apply'), eq(auditLog.ip, actor.ip), sql`${auditLog.createdAt} > ${since}`))
        .get();
      if ((recent?.n ?? 0) >= MAX_APPLICATIONS_PER_ADDRESS) return { kind: 'tooMany' as const };
    }
    const taken = tx.select({ id: providers.id }).from(providers).where(eq(providers.businessId, input.businessId)).get();
    if (taken) return { kind: 'duplicate' as const };
    if (!servicesActive(tx, input.prices.map((p) => p.serviceId))) return { kind: 'badService' as const };
    const { id } = tx
      .insert(providers)
      .values({
        name: input.name,
        businessId: input.businessId,
        contactName: input.contactName,
        email: input.email,
        phone: input.phone,
        descriptionFi: input.descriptionFi,
        descriptionSv: input.descriptionSv,
        status: 'pending',
      })
      .returning({ id: providers.id })
      .get();
    replaceAreasAndLanguages(tx, id, input.municipalities, input.languages);
    tx.insert(providerOfferings)
      .values(input.prices.map((p) => ({ providerId: id, serviceId: p.serviceId, priceCents: p.priceCents, validFrom: today })))
      .run();
    audit(tx, {
      actorUserId: actor.userId,
      action: 'provider.apply',
      subjectType: 'provider',
      subjectId: id,
      details: { name: input.name, businessId: input.businessId },
      ip: actor.ip,
    });
    return { kind: 'received' as const, providerId: id };
  });
}

function servicesActive(tx: Tx, serviceIds: number[]): boolean {
  if (serviceIds.length === 0) return true;
  const found = tx
    .select({ id: services.id })
    .from(services)
    .where(and(inArray(services.id, serviceIds), sql`${services.retiredAt} is null`))
    .all();
  return found.length === new Set(serviceIds).size;
}

function replaceAreasAndLanguages(tx: Tx, providerId: number, areas: string[], languages: ServiceLanguage[]): void {
  tx.delete(providerMunicipalities).where(eq(providerMunicipalities.providerId, providerId)).run();
  tx.delete(providerLanguages).where(eq(providerLanguages.providerId, providerId)).run();
  const uniqueAreas = [...new Set(areas)];
  const uniqueLanguages = [...new Set(languages)];
  if (uniqueAreas.length > 0) {
    tx.insert(providerMunicipalities)
      .values(uniqueAreas.map((municipalityCode) => ({ providerId, municipalityCode })))
      .run();
  }
  if (uniqueLanguages.length > 0) {
    tx.insert(providerLanguages)
      .values(uniqueLanguages.map((language) => ({ providerId, language })))
      .run();
  }
}

export function municipalityCodes(): string[] {
  return getDb().select({ code: municipalities.code }).from(municipalities).all().map((row) => row.code);
}

// ---------------------------------------------------------------------------------------------
// A provider's own profile and prices
// ---------------------------------------------------------------------------------------------

export type ProfileInput = {
  descriptionFi: string;
  descriptionSv: string;
  accessibilityFi: string;
  accessibilitySv: string;
  contactName: string;
  email: string;
  phone: string;
  streetAddress: string;
  website: string | null;
  municipalities: string[];
  languages: ServiceLanguage[];
};

/** Saves the provider's own details. The provider id comes from the session, never the form. */
export function updateProfile(actor: Actor, providerId: number, input: ProfileInput): void {
  immediate((tx) => {
    const { municipalities: areas, languages, ...details } = input;
    tx.update(providers).set(details).where(eq(providers.id, providerId)).run();
    replaceAreasAndLanguages(tx, providerId, areas, languages);
    audit(tx, {
      actorUserId: actor.userId,
      action: 'provider.profile',
      subjectType: 'provider',
      subjectId: providerId,
      details: { areas, languages },
      ip: actor.ip,
    });
  });
}

export type PriceChangeOutcome =
  | { kind: 'saved'; changed: number }
  | { kind: 'pastDate' }
  | { kind: 'sameDay'; serviceIds: number[] }
  | { kind: 'badService' }
  | { kind: 'notOffered'; serviceIds: number[] };

/**
 * The services a provider offers: those it has a price row for. A row is written only by the
 * application the administration approved, or by a later price change of a service already
 * offered, so a price row is the administration's approval of the service. Adding a new service
 * is the administration's job; a provider may only change the prices of these.
 */
export function offeredServiceIds(providerId: number, tx: Pick<AppDatabase, 'selectDistinct'> = getDb()): Set<number> {
  const rows = tx
    .selectDistinct({ serviceId: providerOfferings.serviceId })
    .from(providerOfferings)
    .where(eq(providerOfferings.providerId, providerId))
    .all();
  return new Set(rows.map((r) => r.serviceId));
}

/**
 * New prices from `validFrom` (today or later). Each change is a new offering row; rows in force
 * today or earlier are never touched, so the prices past charges were made at stay as they were.
 * A row dated in the future has never been used and is simply replaced. Only services the
 * provider already offers can be priced; any other is refused as 'notOffered', nothing written.
 */
export function changePrices(actor: Actor, providerId: number, validFrom: string, prices: PriceInput[], now = currentTime()): PriceChangeOutcome {
  const today = helsinkiDate(now);
  if (validFrom < today) return { kind: 'pastDate' };
  return immediate((tx) => {
    if (!servicesActive(tx, prices.map((p) => p.serviceId))) return { kind: 'badService' as const };
    // A provider cannot give itself a new service: only the administration adds one.
    const offered = offeredServiceIds(providerId, tx);
    const notOffered = [...new Set(prices.map((p) => p.serviceId))].filter((id) => !offered.has(id));
    if (notOffered.length > 0) return { kind: 'notOffered' as const, serviceIds: notOffered };
    const changes: { serviceId: number; priceCents: number; existing: number | null }[] = [];
    const sameDay: number[] = [];
    for (const { serviceId, priceCents } of prices) {
      const inForce = tx
        .select({ id: providerOfferings.id, priceCents: providerOfferings.priceCents, validFrom: providerOfferings.validFrom })
        .from(providerOfferings)
        .where(and(eq(providerOfferings.providerId, providerId), eq(providerOfferings.serviceId, serviceId), lte(providerOfferings.validFrom, validFrom)))
        .orderBy(desc(providerOfferings.validFrom))
        .get();
      if (inForce?.priceCents === priceCents) continue;
      if (inForce?.validFrom === validFrom) {
        // Today's row may already have been charged at: a second change today must wait a day.
        if (validFrom === today) sameDay.push(serviceId);
        else changes.push({ serviceId, priceCents, existing: inForce.id });
      } else {
        changes.push({ serviceId, priceCents, existing: null });
      }
    }
    if (sameDay.length > 0) return { kind: 'sameDay' as const, serviceIds: sameDay };
    for (const change of changes) {
      if (change.existing !== null) {
        tx.update(providerOfferings).set({ priceCents: change.priceCents }).where(eq(providerOfferings.id, change.existing)).run();
      } else {
        tx.insert(providerOfferings).values({ providerId, serviceId: change.serviceId, priceCents: change.priceCents, validFrom }).run();
      }
    }
    if (changes.length > 0) {
      audit(tx, {
        actorUserId: actor.userId,
        action: 'provider.prices',
        subjectType: 'provider',
        subjectId: providerId,
        details: { validFrom, prices: changes.map(({ serviceId, priceCents }) => ({ serviceId, priceCents })) },
        ip: actor.ip,
      });
    }
    return { kind: 'saved' as const, changed: changes.length };
  });
}

// ---------------------------------------------------------------------------------------------
// The service catalogue
// ---------------------------------------------------------------------------------------------

export type { ServiceUnit };
export type ServiceCategory = 'hb' | 'caregiver';

/** Every service with whether anything refers to it (then it can only be retired). */
export function serviceCatalogue() {
  const inUse = sql<number>`(exists (select 1 from provider_offerings po where po.service_id = ${sql.raw('"services"."id"')})
    or exists (select 1 from budget_lines bl where bl.service_id = ${sql.raw('"services"."id"')})
    or exists (select 1 from ledger_entries le where le.service_id = ${sql.raw('"services"."id"')}))`;
  return getDb()
    .select({
      id: services.id,
      code: services.code,
      nameFi: services.nameFi,
      nameSv: services.nameSv,
      unit: services.unit,
      category: services.category,
      retiredAt: services.retiredAt,
      inUse: inUse.mapWith(Boolean),
    })
    .from(services)
    .orderBy(asc(services.nameFi))
    .all();
}

export type ServiceInput = { code: string; nameFi: string; nameSv: string; unit: ServiceUnit; category: ServiceCategory };

export function addService(actor: Actor, input: ServiceInput): { kind: 'added'; id: number } | { kind: 'duplicate' } {
  return immediate((tx) => {
    if (tx.select({ id: services.id }).from(services).where(eq(services.code, input.code)).get()) return { kind: 'duplicate' as const };
    const { id } = tx.insert(services).values(input).returning({ id: services.id }).get();
    audit(tx, { actorUserId: actor.userId, action: 'service.add', subjectType: 'service', subjectId: id, details: { ...input }, ip: actor.ip });
    return { kind: 'added' as const, id };
  });
}

export type ServiceChange = 'delete' | 'retire' | 'reinstate';
export type ServiceChangeOutcome = { kind: 'done' } | { kind: 'notFound' } | { kind: 'inUse' } | { kind: 'unchanged' };

/** Deletes an unused service, or retires / brings back one. A service in use is never deleted. */
export function changeService(actor: Actor, serviceId: number, change: ServiceChange, now = currentTime()): ServiceChangeOutcome {
  return immediate((tx) => {
    const service = tx.select().from(services).where(eq(services.id, serviceId)).get();
    if (!service) return { kind: 'notFound' as const };
    if (change === 'delete') {
      const used =
        tx.select({ id: providerOfferings.id }).from(providerOfferings).where(eq(providerOfferings.serviceId, serviceId)).get() ??
        tx.select({ id: budgetLines.id }).from(budgetLines).where(eq(budgetLines.serviceId, serviceId)).get() ??
        tx.select({ id: ledgerEntries.id }).from(ledgerEntries).where(eq(ledgerEntries.serviceId, serviceId)).get();
      if (used) return { kind: 'inUse' as const };
      tx.delete(services).where(eq(services.id, serviceId)).run();
    } else {
      const retire = change === 'retire';
      if (retire === (service.retiredAt !== null)) return { kind: 'unchanged' as const };
      tx.update(services)
        .set({ retiredAt: retire ? now.toISOString() : null })
        .where(eq(services.id, serviceId))
        .run();
    }
    audit(tx, { actorUserId: actor.userId, action: `service.${change}`, subjectType: 'service', subjectId: serviceId, details: { code: service.code }, ip: actor.ip });
    return { kind: 'done' as const };
  });
}
