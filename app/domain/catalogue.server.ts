// The public provider catalogue: search, provider pages, comparison and what a client's own budget
// buys at each provider. Only approved providers are ever shown; the price of a service is the
// provider's latest offering row valid on the day (Helsinki date), so a price change "from 1.12."
// shows up on that day and never rewrites an earlier price.
import { and, asc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { getDb, type AppDatabase } from '../../db/client.server';
import {
  municipalities,
  providerLanguages,
  providerMunicipalities,
  providers,
  SERVICE_LANGUAGES,
  services,
} from '../../db/schema';
import { parseEurosToCents } from './money';
import { budgetLinesFor } from './budget.server';
import { inForceOn, offeringsInForce, priceInForceColumn, type OfferingInForce } from './ledger.server';
import { helsinkiDate, helsinkiMonth } from './months';
import { parseId, viewableClients, type Actor } from '../auth/guards.server';

import { MAX_COMPARE, MAX_SEARCH_LENGTH, PAGE_SIZE } from './catalogueLimits';
import { currentTime } from './clock';
import type { ServiceUnit } from '../../db/schema';
import type { FieldErrors } from '../utils/fieldErrors';

export { MAX_COMPARE, PAGE_SIZE };

export type ServiceLanguage = (typeof SERVICE_LANGUAGES)[number];
export type CatalogueSort = 'name' | 'price';

export type CatalogueQuery = {
  serviceId: number | null;
  municipality: string | null;
  language: ServiceLanguage | null;
  maxPriceCents: number | null;
  text: string;
  sort: CatalogueSort;
  page: number;
};

export const EMPTY_QUERY: CatalogueQuery = {
  serviceId: null,
  municipality: null,
  language: null,
  maxPriceCents: null,
  text: '',
  sort: 'name',
  page: 1,
};

// ---------------------------------------------------------------------------------------------
// Reference data for the filter form
// ---------------------------------------------------------------------------------------------

export type CatalogueService = { id: number; code: string; nameFi: string; nameSv: string; unit: ServiceUnit };

/** Services that can be chosen today (retired ones are left out). */
export function activeServices(): CatalogueService[] {
  return getDb()
    .select({ id: services.id, code: services.code, nameFi: services.nameFi, nameSv: services.nameSv, unit: services.unit })
    .from(services)
    .where(isNull(services.retiredAt))
    .orderBy(asc(services.nameFi))
    .all();
}

export function allMunicipalities() {
  return getDb().select().from(municipalities).orderBy(asc(municipalities.nameFi)).all();
}

// ---------------------------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------------------------

/** Lower-cases with Finnish rules (SQLite's lower() only knows ASCII, so Ä and ä would differ). */
const folded = new WeakSet<object>();
function registerFold(db: AppDatabase): void {
  if (folded.has(db.$client)) return;
  db.$client.function('avain_fold', { deterministic: true }, (value: unknown) =>
    typeof value === 'string' ? value.toLocaleLowerCase('fi') : value,
  );
  folded.add(db.$client);
}

// Drizzle leaves column names unqualified in one-table queries, which is ambiguous inside the
// correlated subqueries below; name the outer provider explicitly.
const OUTER_PROVIDER_ID = sql.raw('"providers"."id"');

export type ProviderResult = {
  id: number;
  name: string;
  /** The chosen service's price, or the lowest price of any service when none is chosen. */
  priceCents: number;
  unit: ServiceUnit | null;
  municipalities: { code: string; nameFi: string; nameSv: string }[];
  languages: ServiceLanguage[];
};

export type CatalogueResults = {
  total: number;
  page: number;
  pageCount: number;
  results: ProviderResult[];
};

/** Approved providers matching the query, one page of them, counted and sorted in SQL. */
export function searchProviders(query: CatalogueQuery, date = helsinkiDate()): CatalogueResults {
  const db = getDb();
  registerFold(db);
  const price = priceInForceColumn(OUTER_PROVIDER_ID, query.serviceId, date);
  const conditions: SQL[] = [eq(providers.status, 'approved')];
  if (query.municipality) {
    conditions.push(
      sql`exists (select 1 from provider_municipalities pm where pm.provider_id = ${OUTER_PROVIDER_ID} and pm.municipality_code = ${query.municipality})`,
    );
  }
  if (query.language) {
    conditions.push(
      sql`exists (select 1 from provider_languages pl where pl.provider_id = ${OUTER_PROVIDER_ID} and pl.language = ${query.language})`,
    );
  }
  const text = query.text.trim().toLocaleLowerCase('fi');
  if (text) {
    conditions.push(
      sql`instr(avain_fold(${providers.name} || ' ' || ${providers.descriptionFi} || ' ' || ${providers.descriptionSv}), ${text}) > 0`,
    );
  }
  const matching = db
    .select({ id: providers.id, name: providers.name, priceCents: price.as('price_cents') })
    .from(providers)
    .where(and(...conditions))
    .as('matching');
  const priceConditions: SQL[] = [sql`${matching.priceCents} is not null`];
  if (query.maxPriceCents !== null) priceConditions.push(sql`${matching.priceCents} <= ${query.maxPriceCents}`);
  const where = and(...priceConditions);

  const total = db.select({ n: sql<number>`count(*)` }).from(matching).where(where).get()?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(query.page, pageCount);
  const byName = sql`${matching.name} collate nocase`;
  const order = query.sort === 'price' ? [asc(matching.priceCents), asc(byName), asc(matching.id)] : [asc(byName), asc(matching.id)];
  const rows = db
    .select({ id: matching.id, name: matching.name, priceCents: matching.priceCents })
    .from(matching)
    .where(where)
    .orderBy(...order)
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
    .all();

  const ids = rows.map((row) => row.id);
  const areas = areasOf(ids);
  const languages = languagesOf(ids);
  const unit =
    query.serviceId !== null
      ? (db.select({ unit: services.unit }).from(services).where(eq(services.id, query.serviceId)).get()?.unit ?? null)
      : null;
  return {
    total,
    page,
    pageCount,
    results: rows.map((row) => ({
      id: row.id,
      name: row.name,
      priceCents: Number(row.priceCents),
      unit,
      municipalities: areas.get(row.id) ?? [],
      languages: languages.get(row.id) ?? [],
    })),
  };
}

function areasOf(providerIds: number[]) {
  const byProvider = new Map<number, { code: string; nameFi: string; nameSv: string }[]>();
  if (providerIds.length === 0) return byProvider;
  const rows = getDb()
    .select({
      providerId: providerMunicipalities.providerId,
      code: municipalities.code,
      nameFi: municipalities.nameFi,
      nameSv: municipalities.nameSv,
    })
    .from(providerMunicipalities)
    .innerJoin(municipalities, eq(municipalities.code, providerMunicipalities.municipalityCode))
    .where(inArray(providerMunicipalities.providerId, providerIds))
    .orderBy(asc(municipalities.nameFi))
    .all();
  for (const { providerId, ...area } of rows) byProvider.set(providerId, [...(byProvider.get(providerId) ?? []), area]);
  return byProvider;
}

const LANGUAGE_ORDER: Record<ServiceLanguage, number> = { fi: 0, sv: 1, en: 2 };

function languagesOf(providerIds: number[]) {
  const byProvider = new Map<number, ServiceLanguage[]>();
  if (providerIds.length === 0) return byProvider;
  const rows = getDb()
    .select({ providerId: providerLanguages.providerId, language: providerLanguages.language })
    .from(providerLanguages)
    .where(inArray(providerLanguages.providerId, providerIds))
    .all();
  for (const row of rows) byProvider.set(row.providerId, [...(byProvider.get(row.providerId) ?? []), row.language]);
  for (const list of byProvider.values()) list.sort((a, b) => LANGUAGE_ORDER[a] - LANGUAGE_ORDER[b]);
  return byProvider;
}

// ---------------------------------------------------------------------------------------------
// Offerings in force
// ---------------------------------------------------------------------------------------------

export type CurrentOffering = OfferingInForce;

/** For each provider, each of its services that is not retired, with the price valid on `date`. */
export function currentOfferings(providerIds: number[], date = helsinkiDate()): Map<number, CurrentOffering[]> {
  const byProvider = new Map<number, CurrentOffering[]>();
  for (const row of offeringsInForce(providerIds, date)) byProvider.set(row.providerId, [...(byProvider.get(row.providerId) ?? []), row]);
  return byProvider;
}

// ---------------------------------------------------------------------------------------------
// Provider page and comparison
// ---------------------------------------------------------------------------------------------

export type ProviderPage = {
  id: number;
  name: string;
  contactName: string;
  email: string;
  phone: string;
  streetAddress: string;
  website: string | null;
  descriptionFi: string;
  descriptionSv: string;
  accessibilityFi: string;
  accessibilitySv: string;
  approvedAt: string | null;
  offerings: CurrentOffering[];
  municipalities: { code: string; nameFi: string; nameSv: string }[];
  languages: ServiceLanguage[];
};

/** Approved providers by id, in the order asked; unknown, pending and suspended ids are left out. */
export function approvedProviders(ids: number[], date = helsinkiDate()): ProviderPage[] {
  if (ids.length === 0) return [];
  const rows = getDb()
    .select({
      id: providers.id,
      name: providers.name,
      contactName: providers.contactName,
      email: providers.email,
      phone: providers.phone,
      streetAddress: providers.streetAddress,
      website: providers.website,
      descriptionFi: providers.descriptionFi,
      descriptionSv: providers.descriptionSv,
      accessibilityFi: providers.accessibilityFi,
      accessibilitySv: providers.accessibilitySv,
      approvedAt: providers.approvedAt,
    })
    .from(providers)
    .where(and(inArray(providers.id, ids), eq(providers.status, 'approved')))
    .all();
  const offerings = currentOfferings(ids, date);
  const areas = areasOf(ids);
  const languages = languagesOf(ids);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids
    .map((id) => byId.get(id))
    .filter((row): row is (typeof rows)[number] => row !== undefined)
    .map((row) => ({
      ...row,
      offerings: offerings.get(row.id) ?? [],
      municipalities: areas.get(row.id) ?? [],
      languages: languages.get(row.id) ?? [],
    }));
}

export function approvedProvider(id: number, date = helsinkiDate()): ProviderPage | undefined {
  return approvedProviders([id], date)[0];
}

export type CompareRequest =
  | { kind: 'ok'; providers: ProviderPage[] }
  | { kind: 'none' }
  | { kind: 'tooMany'; count: number }
  | { kind: 'unknown' };

/** `?id=…&id=…`: one to three distinct approved providers. */
export function compareProviders(rawIds: string[], date = helsinkiDate()): CompareRequest {
  const distinct = [...new Set(rawIds.map((raw) => raw.trim()).filter((raw) => raw !== ''))];
  if (distinct.length === 0) return { kind: 'none' };
  if (distinct.length > MAX_COMPARE) return { kind: 'tooMany', count: distinct.length };
  const ids = distinct.map((raw) => parseId(raw, null));
  if (ids.some((id) => id === null)) return { kind: 'unknown' };
  const found = approvedProviders(ids as number[], date);
  if (found.length !== ids.length) return { kind: 'unknown' };
  return { kind: 'ok', providers: found };
}

// ---------------------------------------------------------------------------------------------
// What the signed-in client's budget buys
// ---------------------------------------------------------------------------------------------

/** Service id → what is left on the client's active line this month, in cents. */
export type RemainingByService = Map<number, { remainingCents: number; nameFi: string; nameSv: string; unit: ServiceUnit }>;

/** This month's remaining amounts of a signed-in client's active lines; empty for other roles. */
export function remainingForUser(user: Pick<Actor, 'id' | 'role'> | null, now = currentTime()): RemainingByService {
  const remaining: RemainingByService = new Map();
  if (!user || user.role !== 'client') return remaining;
  const [client] = viewableClients(user);
  if (!client) return remaining;
  const today = helsinkiDate(now);
  // The budget page's lines, as the ledger answers them; only those a charge could use today.
  const lines = budgetLinesFor(client.id, helsinkiMonth(now), now).filter((line) => inForceOn(line, today));
  for (const line of lines) {
    remaining.set(line.serviceId, {
      remainingCents: Math.max(0, line.remainingCents),
      nameFi: line.serviceNameFi,
      nameSv: line.serviceNameSv,
      unit: line.unit,
    });
  }
  return remaining;
}

export type BudgetUnits = { serviceId: number; nameFi: string; nameSv: string; unit: ServiceUnit; priceCents: number; remainingCents: number; units: number };

/** How many whole units this month's remaining amount buys at the provider's price. */
export function unitsAffordable(remainingCents: number, priceCents: number): number {
  if (priceCents <= 0) return 0;
  return Math.floor(Math.max(0, remainingCents) / priceCents);
}

/** For each of the provider's services that is in the client's budget: units the remainder buys. */
export function budgetUnitsAt(offerings: { serviceId: number; priceCents: number }[], remaining: RemainingByService): BudgetUnits[] {
  const result: BudgetUnits[] = [];
  for (const offering of offerings) {
    const line = remaining.get(offering.serviceId);
    if (!line) continue;
    result.push({
      serviceId: offering.serviceId,
      nameFi: line.nameFi,
      nameSv: line.nameSv,
      unit: line.unit,
      priceCents: offering.priceCents,
      remainingCents: line.remainingCents,
      units: unitsAffordable(line.remainingCents, offering.priceCents),
    });
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// The query in the URL
// ---------------------------------------------------------------------------------------------

export type QueryErrors = FieldErrors;
export type QueryValues = { service: string; municipality: string; language: string; maxPrice: string; q: string; sort: string };

const MAX_PAGE = 100_000;

/**
 * Reads the search form from the URL. Unknown values give a field error (the page shows the form
 * again with status 400) instead of silently dropping a filter the visitor thinks is applied.
 */
export function parseCatalogueQuery(params: URLSearchParams): { query: CatalogueQuery; values: QueryValues; errors: QueryErrors } {
  const get = (name: string) => (params.get(name) ?? '').trim();
  const values: QueryValues = {
    service: get('service'),
    municipality: get('municipality'),
    language: get('language'),
    maxPrice: get('maxPrice'),
    q: get('q'),
    sort: get('sort'),
  };
  const errors: QueryErrors = {};
  const query: CatalogueQuery = { ...EMPTY_QUERY };

  if (values.service) {
    const id = parseId(values.service, null);
    if (id !== null && activeServices().some((service) => service.id === id)) query.serviceId = id;
    else errors.service = 'catalogue:errors.service';
  }
  if (values.municipality) {
    if (allMunicipalities().some((m) => m.code === values.municipality)) query.municipality = values.municipality;
    else errors.municipality = 'catalogue:errors.municipality';
  }
  if (values.language) {
    if ((SERVICE_LANGUAGES as readonly string[]).includes(values.language)) query.language = values.language as ServiceLanguage;
    else errors.language = 'catalogue:errors.language';
  }
  if (values.maxPrice) {
    const cents = parseEurosToCents(values.maxPrice);
    if (cents !== null && cents > 0) query.maxPriceCents = cents;
    else errors.maxPrice = 'catalogue:errors.maxPrice';
  }
  if (values.q.length > MAX_SEARCH_LENGTH) errors.q = 'catalogue:errors.textTooLong';
  else query.text = values.q;
  if (values.sort === 'price' || values.sort === 'name') query.sort = values.sort;
  else if (values.sort) errors.sort = 'catalogue:errors.sort';
  const page = get('page');
  if (page) {
    if (/^[1-9]\d{0,5}$/.test(page) && Number(page) <= MAX_PAGE) query.page = Number(page);
    else errors.page = 'catalogue:errors.page';
  }
  return { query, values, errors };
}

