import { and, asc, desc, eq, isNull, lte } from 'drizzle-orm';
import { getDb } from '../../db/client.server';
import { providerOfferings, services } from '../../db/schema';
import type { ServiceUnit } from '../../db/schema';

export type OfferedService = {
  serviceId: number;
  nameFi: string;
  nameSv: string;
  unit: ServiceUnit;
  priceCents: number;
};

/** The provider's services that are not retired, each with the price valid on `date`. */
export function offeredServices(providerId: number, date: string): OfferedService[] {
  const rows = getDb()
    .select({
      serviceId: services.id,
      nameFi: services.nameFi,
      nameSv: services.nameSv,
      unit: services.unit,
      priceCents: providerOfferings.priceCents,
      validFrom: providerOfferings.validFrom,
    })
    .from(providerOfferings)
    .innerJoin(services, eq(services.id, providerOfferings.serviceId))
    .where(and(eq(providerOfferings.providerId, providerId), lte(providerOfferings.validFrom, date), isNull(services.retiredAt)))
    .orderBy(asc(services.nameFi), desc(providerOfferings.validFrom))
    .all();
  const latest = new Map<number, OfferedService>();
  for (const { validFrom: _validFrom, ...row } of rows) if (!latest.has(row.serviceId)) latest.set(row.serviceId, row);
  return [...latest.values()];
}
