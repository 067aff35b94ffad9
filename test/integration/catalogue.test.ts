// The public provider catalogue: filters, sorting, pagination, compare limits and the budget-units
// figure, through the real loaders against the seeded demo region.
import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { providerOfferings, providers } from '../../db/schema';
import { seedBenchData } from '../../db/seed/bench';
import {
  compareProviders,
  EMPTY_QUERY,
  PAGE_SIZE,
  parseCatalogueQuery,
  searchProviders,
  unitsAffordable,
} from '../../app/domain/catalogue.server';
import { helsinkiDate } from '../../app/domain/months';
import { loader as catalogueLoader } from '../../app/routes/providers+/_index';
import { loader as providerLoader } from '../../app/routes/providers+/$id';
import { loader as compareLoader } from '../../app/routes/providers+/compare';
import { serviceByCode } from '../helpers/fixtures';
import { cookieFor, getRequest, run } from '../helpers/requests';

type Result = { id: number; name: string; priceCents: number; budgetUnits: { serviceId: number; units: number; remainingCents: number }[] };
type CatalogueData = { total: number; page: number; pageCount: number; results: Result[]; errors: Record<string, string> };

function providerId(name: string): number {
  const row = getDb().select({ id: providers.id }).from(providers).where(eq(providers.name, name)).get();
  if (!row) throw new Error(`no provider ${name}`);
  return row.id;
}

async function browse(search: string, cookie = '') {
  const result = await run(catalogueLoader, getRequest(`/providers${search}`, cookie));
  return { status: result.status, data: result.data as CatalogueData };
}

const names = (data: CatalogueData) => data.results.map((r) => r.name);

describe('filters and sorting', () => {
  test('everyone sees only approved providers, sorted by name by default', async () => {
    const { status, data } = await browse('');
    expect(status).toBe(200);
    expect(data.total).toBe(14);
    expect(names(data)).not.toContain('Ristijärven Kotipalvelu Oy'); // pending
    expect(names(data)).not.toContain('Kajaanin Pikasiivous Oy'); // suspended
    const sorted = [...names(data)].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase(), 'en'));
    expect(names(data)[0]).toBe(sorted[0]);
  });

  test('service + sort by price: cheapest first, with the chosen service price', async () => {
    const cleaning = serviceByCode('cleaning').id;
    const { data } = await browse(`?service=${cleaning}&sort=price`);
    expect(names(data)).toEqual([
      'Puolangan Kotiapu Tmi',
      'Paltamon Pyykki ja Puhdistus Oy',
      'Kainuun Lapsiperheapu Oy',
      'Kainuun Kotisiivous Oy',
      'Hemtjänst Nordström Ab',
    ]);
    expect(data.results.map((r) => r.priceCents)).toEqual([3800, 3900, 4000, 4200, 4500]);
  });

  test('service + municipality + language + maximum price combine', async () => {
    const cleaning = serviceByCode('cleaning').id;
    expect(names((await browse(`?service=${cleaning}&municipality=205&sort=name`)).data)).toEqual([
      'Hemtjänst Nordström Ab',
      'Kainuun Kotisiivous Oy',
      'Kainuun Lapsiperheapu Oy',
      'Paltamon Pyykki ja Puhdistus Oy',
    ]);
    expect(names((await browse(`?service=${cleaning}&language=sv`)).data)).toEqual(['Hemtjänst Nordström Ab', 'Kainuun Lapsiperheapu Oy']);
    expect(names((await browse(`?service=${cleaning}&maxPrice=40&sort=price`)).data)).toEqual([
      'Puolangan Kotiapu Tmi',
      'Paltamon Pyykki ja Puhdistus Oy',
      'Kainuun Lapsiperheapu Oy',
    ]);
    expect(names((await browse(`?service=${cleaning}&maxPrice=39,99&municipality=205`)).data)).toEqual(['Paltamon Pyykki ja Puhdistus Oy']);
    expect((await browse(`?service=${cleaning}&maxPrice=1`)).data.total).toBe(0);
  });

  test('free text searches name and descriptions, ignoring case (Ä too)', async () => {
    expect(names((await browse('?q=KYL%C3%84TUPA')).data)).toEqual(['Hyrynsalmen Kylätupa ry']);
    expect(names((await browse('?q=ruotsiksi')).data)).toEqual([
      'Hemtjänst Nordström Ab',
      'Kainuun Avustajapalvelut Oy',
      'Kainuun Lapsiperheapu Oy',
    ]);
    expect(names((await browse('?q=%25')).data)).toEqual([]); // no LIKE wildcards
  });

  test('without a service, price sorting and the maximum use the lowest current price', async () => {
    const { data } = await browse('?sort=price&maxPrice=10');
    expect(names(data)).toEqual(['Kainuun Turvapalvelut Oy', 'Paltamon Pyykki ja Puhdistus Oy', 'Hyrynsalmen Kylätupa ry', 'Kajaanin Kotiateria Oy']);
    expect(data.results[0].priceCents).toBe(115);
  });

  test('a future price is not today’s price; today’s price applies from its date', async () => {
    const id = providerId('Puolangan Kotiapu Tmi');
    const cleaning = serviceByCode('cleaning').id;
    getDb().insert(providerOfferings).values({ providerId: id, serviceId: cleaning, priceCents: 9900, validFrom: '2099-01-01' }).run();
    const today = searchProviders({ ...EMPTY_QUERY, serviceId: cleaning, sort: 'price' });
    expect(today.results[0]).toMatchObject({ name: 'Puolangan Kotiapu Tmi', priceCents: 3800 });
    const later = searchProviders({ ...EMPTY_QUERY, serviceId: cleaning, sort: 'price' }, '2099-01-02');
    expect(later.results.at(-1)).toMatchObject({ name: 'Puolangan Kotiapu Tmi', priceCents: 9900 });
  });

  test.each([
    ['?service=abc', 'service'],
    ['?service=99999', 'service'],
    ['?municipality=999', 'municipality'],
    ['?language=de', 'language'],
    ['?maxPrice=-5', 'maxPrice'],
    ['?maxPrice=0', 'maxPrice'],
    ['?maxPrice=lots', 'maxPrice'],
    [`?q=${'a'.repeat(101)}`, 'q'],
    ['?sort=random', 'sort'],
    ['?page=0', 'page'],
    ['?page=-1', 'page'],
    ['?page=1.5', 'page'],
  ])('%s is a field error with status 400, and the typed value is kept', async (search, field) => {
    const { status, data } = await browse(search);
    expect(status).toBe(400);
    expect(Object.keys(data.errors)).toEqual([field]);
    expect(data.results).toEqual([]);
    const parsed = parseCatalogueQuery(new URLSearchParams(search.slice(1)));
    expect(Object.keys(parsed.errors)).toEqual([field]);
  });
});

describe('provider page', () => {
  test('shows an approved provider with prices, areas and languages', async () => {
    const id = providerId('Hemtjänst Nordström Ab');
    const result = await run(providerLoader, getRequest(`/providers/${id}`), { id: String(id) });
    expect(result.status).toBe(200);
    const data = result.data as { provider: { offerings: { code: string; priceCents: number }[]; languages: string[]; municipalities: unknown[] } };
    expect(data.provider.offerings.map((o) => o.code).sort()).toEqual(['cleaning', 'errands', 'escort', 'home-care', 'meals']);
    expect(data.provider.languages).toEqual(['fi', 'sv', 'en']);
    expect(data.provider.municipalities).toHaveLength(3);
  });

  test.each(['Ristijärven Kotipalvelu Oy', 'Kajaanin Pikasiivous Oy'])('%s (not approved) is 404', async (name) => {
    const id = providerId(name);
    expect((await run(providerLoader, getRequest(`/providers/${id}`), { id: String(id) })).status).toBe(404);
  });

  test.each(['0', '99999', 'abc', '1e3'])('id %s is 404', async (id) => {
    expect((await run(providerLoader, getRequest(`/providers/${id}`), { id })).status).toBe(404);
  });
});

describe('compare', () => {
  const compare = (ids: (string | number)[], cookie = '') =>
    run(compareLoader, getRequest(`/providers/compare?${ids.map((id) => `id=${id}`).join('&')}`, cookie));

  test('one to three providers side by side', async () => {
    const ids = ['Kainuun Kotisiivous Oy', 'Hemtjänst Nordström Ab', 'Kajaanin Kotiateria Oy'].map(providerId);
    const result = await compare(ids);
    expect(result.status).toBe(200);
    const data = result.data as { providers: { id: number }[]; services: { id: number }[] };
    expect(data.providers.map((p) => p.id)).toEqual(ids);
    expect(data.services.length).toBeGreaterThanOrEqual(5);
    expect((await compare([ids[0]])).status).toBe(200);
  });

  test('the same id twice counts once', async () => {
    const id = providerId('Kainuun Kotisiivous Oy');
    expect(compareProviders([String(id), String(id)])).toMatchObject({ kind: 'ok' });
  });

  test('more than three is refused with a message', async () => {
    const result = await compare([1, 2, 3, 4]);
    expect(result.status).toBe(400);
    expect(result.data).toMatchObject({ kind: 'tooMany', count: 4 });
  });

  test('none, unknown, suspended or malformed ids get a clear message', async () => {
    expect((await run(compareLoader, getRequest('/providers/compare'))).data).toMatchObject({ kind: 'none' });
    expect((await compare([1, 99999])).status).toBe(404);
    expect((await compare([providerId('Kajaanin Pikasiivous Oy')])).data).toMatchObject({ kind: 'unknown' });
    expect((await compare(['x'])).data).toMatchObject({ kind: 'unknown' });
  });
});

describe('what the client’s own budget buys', () => {
  test('floor(remaining / price) for each budget service the provider offers', () => {
    expect(unitsAffordable(30000, 4200)).toBe(7);
    expect(unitsAffordable(4199, 4200)).toBe(0);
    expect(unitsAffordable(-100, 4200)).toBe(0);
    expect(unitsAffordable(8400, 4200)).toBe(2);
  });

  test('a signed-in client sees units in the list, on the provider page and in the comparison', async () => {
    const cleaning = serviceByCode('cleaning').id;
    const meals = serviceByCode('meals').id;
    const cookie = cookieFor('client@example.fi'); // Aino: cleaning 300 €, meals 120 € a month
    const { data } = await browse(`?service=${cleaning}&sort=price`, cookie);
    const kotisiivous = data.results.find((r) => r.name === 'Kainuun Kotisiivous Oy')!;
    expect(kotisiivous.budgetUnits).toEqual([expect.objectContaining({ serviceId: cleaning, units: 7, remainingCents: 30000 })]);
    const nordstrom = data.results.find((r) => r.name === 'Hemtjänst Nordström Ab')!;
    expect(nordstrom.budgetUnits.map((b) => [b.serviceId, b.units]).sort()).toEqual(
      [
        [cleaning, 6], // 300 € / 45 €
        [meals, 11], // 120 € / 10,50 €
      ].sort(),
    );
    const id = providerId('Kajaanin Kotiateria Oy');
    const page = await run(providerLoader, getRequest(`/providers/${id}`, cookie), { id: String(id) });
    expect((page.data as { budgetUnits: unknown[] }).budgetUnits).toEqual([expect.objectContaining({ serviceId: meals, units: 12 })]);
    const compared = await run(compareLoader, getRequest(`/providers/compare?id=${kotisiivous.id}&id=${id}`, cookie));
    const budget = (compared.data as { budget: { serviceId: number; units: (number | null)[] }[] }).budget;
    expect(budget.find((b) => b.serviceId === cleaning)!.units).toEqual([7, null]);
    expect(budget.find((b) => b.serviceId === meals)!.units).toEqual([null, 12]);
  });

  test('signed out, or signed in as another role, there is no budget figure', async () => {
    for (const cookie of ['', cookieFor('provider@example.fi'), cookieFor('worker@example.fi')]) {
      const { data } = await browse('', cookie);
      expect(data.results.every((r) => r.budgetUnits.length === 0)).toBe(true);
    }
  });
});

describe('suspension and pagination with many providers', () => {
  test('a suspended provider disappears from the list at once', async () => {
    const id = providerId('Sotkamon Kuljetuspalvelu Oy');
    expect(names((await browse('')).data)).toContain('Sotkamon Kuljetuspalvelu Oy');
    getDb().update(providers).set({ status: 'suspended' }).where(eq(providers.id, id)).run();
    expect(names((await browse('')).data)).not.toContain('Sotkamon Kuljetuspalvelu Oy');
    expect((await run(providerLoader, getRequest(`/providers/${id}`), { id: String(id) })).status).toBe(404);
    getDb().update(providers).set({ status: 'approved' }).where(eq(providers.id, id)).run();
  });

  test('20 a page; the last page holds the rest; a page past the end shows the last page', async () => {
    await seedBenchData(getDb(), { providers: 1000, clients: 0 });
    const { data: first } = await browse('');
    expect(first.total).toBe(1014);
    expect(first.results).toHaveLength(PAGE_SIZE);
    expect(first.pageCount).toBe(51);
    const { data: last } = await browse('?page=51');
    expect(last.results).toHaveLength(14);
    const { data: beyond } = await browse('?page=52');
    expect(beyond.page).toBe(51);
    expect(beyond.results.map((r) => r.id)).toEqual(last.results.map((r) => r.id));
    // Pages do not overlap and together hold every provider once.
    const seen = new Set<number>();
    for (let page = 1; page <= 51; page++) for (const r of (await browse(`?page=${page}&sort=price`)).data.results) seen.add(r.id);
    expect(seen.size).toBe(1014);
  });

  test('a filtered, sorted page of 1,000 providers is fast', async () => {
    const cleaning = serviceByCode('cleaning').id;
    const started = performance.now();
    for (let i = 0; i < 10; i++) {
      searchProviders({ ...EMPTY_QUERY, serviceId: cleaning, municipality: '205', language: 'fi', maxPriceCents: 5000, text: 'siivous', sort: 'price', page: 3 });
    }
    const perSearch = (performance.now() - started) / 10;
    expect(perSearch).toBeLessThan(100);
    expect(helsinkiDate()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
