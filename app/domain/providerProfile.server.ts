// A provider's own profile and prices. The provider id always comes from the session.
import { and, desc, eq, lte } from 'drizzle-orm';
import { getDb, type AppDatabase } from '../../db/client.server';
import { providerLanguages, providerMunicipalities, providerOfferings, providers } from '../../db/schema';
import { audit } from './audit.server';
import type { ServiceLanguage } from './catalogue.server';
import { currentTime } from './clock';
import { helsinkiDate } from './months';
import { replaceAreasAndLanguages, servicesActive, type PriceInput } from './providerApplication.server';
import type { Actor } from './providerApproval.server';
import { immediate } from './transaction.server';

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
    audit({
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
      audit({
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
