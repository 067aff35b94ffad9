import { offeringsInForce } from './ledger.server';
import type { ServiceUnit } from '../../db/schema';

export type OfferedService = {
  serviceId: number;
  nameFi: string;
  nameSv: string;
  unit: ServiceUnit;
  priceCents: number;
};

/** The provider's services that are not retired, each with the price in force on `date`. */
export function offeredServices(providerId: number, date: string): OfferedService[] {
  return offeringsInForce([providerId], date).map(({ serviceId, nameFi, nameSv, unit, priceCents }) => ({ serviceId, nameFi, nameSv, unit, priceCents }));
}
