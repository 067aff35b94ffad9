// Providers joining and changing: the public application, administrators' status changes, a provider's
// own profile and prices, and the service catalogue, through the real actions.
import { and, desc, eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { auditLog, ledgerEntries, providerLanguages, providerMunicipalities, providerOfferings, providers, services } from '../../db/schema';
import { activeServices, searchProviders, EMPTY_QUERY } from '../../app/domain/catalogue.server';
import { helsinkiDate } from '../../app/domain/months';
import { offeredServices } from '../../app/domain/offerings.server';
import { chargeBudget, previewCharge } from '../../app/domain/charge.server';
import { APPLICATION_WINDOW_HOURS, MAX_APPLICATIONS_PER_ADDRESS, submitApplication } from '../../app/domain/providerApplication.server';
import { changeProviderStatus } from '../../app/domain/providerApproval.server';
import { changePrices } from '../../app/domain/providerProfile.server';
import { businessIdCheckDigit } from '../../app/domain/businessId';
import { action as adminProviderAction, loader as adminProviderLoader } from '../../app/routes/admin+/providers.$id';
import { loader as adminListLoader } from '../../app/routes/admin+/providers._index';
import { action as servicesAction, loader as servicesLoader } from '../../app/routes/admin+/services';
import { action as profileAction, loader as profileLoader } from '../../app/routes/provider+/profile';
import { action as applyAction } from '../../app/routes/providers+/apply';
import { loader as publicProviderLoader } from '../../app/routes/providers+/$id';
import { providerActor, serviceByCode, userByEmail } from '../helpers/fixtures';
import { cookieFor, postRequest, getRequest, run } from '../helpers/requests';

const AINO = '+358401234567'; // client@example.fi: budget lines for cleaning and meals

/** The calendar day after a YYYY-MM-DD date. */
const nextDay = (date: string) => new Date(Date.parse(`${date}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

const providerByName = (name: string) => {
  const row = getDb().select().from(providers).where(eq(providers.name, name)).get();
  if (!row) throw new Error(`no provider ${name}`);
  return row;
};
const providerById = (id: number) => getDb().select().from(providers).where(eq(providers.id, id)).get()!;
const inCatalogue = (name: string) => searchProviders({ ...EMPTY_QUERY, text: name }).results.some((r) => r.name === name);
const lastAudit = (action: string) =>
  getDb().select().from(auditLog).where(eq(auditLog.action, action)).orderBy(desc(auditLog.id)).limit(1).get();

type FormResult = { status: number; headers: Headers; data: unknown };
const errorsOf = (result: FormResult) => (result.data as { errors: Record<string, string> }).errors;

// ---------------------------------------------------------------------------------------------

describe('administrators change providers\' status', () => {
  const admin = () => cookieFor('admin@example.fi');
  const decide = (id: number, fields: Record<string, string>, cookie = admin()) =>
    run(adminProviderAction, postRequest(`/admin/providers/${id}`, fields, cookie), { id: String(id) });

  test('the queue lists the pending application; the page offers approve and reject', async () => {
    const list = await run(adminListLoader, getRequest('/admin/providers', admin()));
    const data = list.data as { pending: { rows: { name: string }[] }; suspended: { rows: { name: string }[] } };
    expect(data.pending.rows.map((r) => r.name)).toEqual(['Ristijärven Kotipalvelu Oy']);
    expect(data.suspended.rows.map((r) => r.name)).toEqual(['Kajaanin Pikasiivous Oy']);
    const pending = providerByName('Ristijärven Kotipalvelu Oy');
    const page = await run(adminProviderLoader, getRequest(`/admin/providers/${pending.id}`, admin()), { id: String(pending.id) });
    expect((page.data as { statusChanges: string[] }).statusChanges).toEqual(['approve', 'reject']);
  });

  test('reject and suspend need a reason; unknown status changes and too long reasons are refused', async () => {
    const pending = providerByName('Ristijärven Kotipalvelu Oy');
    const reject = await decide(pending.id, { change: 'reject', reason: '  ' });
    expect(reject.status).toBe(400);
    expect(errorsOf(reject)).toEqual({ reason: 'catalogue:admin.errors.reasonRequired' });
    expect(errorsOf(await decide(pending.id, { change: 'delete', reason: 'x' }))).toHaveProperty('change');
    expect(errorsOf(await decide(pending.id, {}))).toHaveProperty('change');
    expect(errorsOf(await decide(pending.id, { change: 'reject', reason: 'x'.repeat(1001) }))).toEqual({
      reason: 'catalogue:admin.errors.reasonTooLong',
    });
    expect(providerById(pending.id).status).toBe('pending');
  });

  test('approving a pending application puts it in the catalogue, audit-logged', async () => {
    const pending = providerByName('Ristijärven Kotipalvelu Oy');
    expect(inCatalogue(pending.name)).toBe(false);
    const result = await decide(pending.id, { change: 'approve', reason: 'Asiakirjat kunnossa.' });
    expect(result.status).toBe(303);
    expect(result.headers.get('Location')).toBe(`/admin/providers/${pending.id}?done=approve`);
    const after = providerById(pending.id);
    expect(after.status).toBe('approved');
    expect(after.approvedAt).not.toBeNull();
    expect(inCatalogue(pending.name)).toBe(true);
    const entry = lastAudit('provider.approve')!;
    expect(entry.actorUserId).toBe(userByEmail('admin@example.fi').id);
    expect(entry.subjectId).toBe(String(pending.id));
    expect(entry.details).toMatchObject({ from: 'pending', to: 'approved', reason: 'Asiakirjat kunnossa.' });
  });

  test('a status change that no longer fits the status is a conflict (two administrators at once)', async () => {
    const approved = providerByName('Ristijärven Kotipalvelu Oy');
    const again = await decide(approved.id, { change: 'approve', reason: '' });
    expect(again.status).toBe(409);
    expect(errorsOf(again)).toEqual({ form: 'catalogue:admin.errors.conflict' });
    expect((await decide(approved.id, { change: 'reinstate', reason: 'x' })).status).toBe(409);
  });

  test('suspending hides the provider and stops charging at once; reinstating brings it back', async () => {
    const provider = providerByName('Ristijärven Kotipalvelu Oy');
    const approvedAt = providerById(provider.id).approvedAt;
    expect((await decide(provider.id, { change: 'suspend', reason: '' })).status).toBe(400);
    const suspend = await decide(provider.id, { change: 'suspend', reason: 'Vakuutustodistus vanhentunut.' });
    expect(suspend.status).toBe(303);
    expect(providerById(provider.id)).toMatchObject({ status: 'suspended', statusReason: 'Vakuutustodistus vanhentunut.' });
    expect(inCatalogue(provider.name)).toBe(false);
    expect((await run(publicProviderLoader, getRequest(`/providers/${provider.id}`), { id: String(provider.id) })).status).toBe(404);
    expect(lastAudit('provider.suspend')!.details).toMatchObject({ reason: 'Vakuutustodistus vanhentunut.' });

    expect((await decide(provider.id, { change: 'reinstate', reason: '' })).status).toBe(400);
    expect((await decide(provider.id, { change: 'reinstate', reason: 'Todistus toimitettu.' })).status).toBe(303);
    expect(providerById(provider.id)).toMatchObject({ status: 'approved', approvedAt }); // first approval date kept
    expect(inCatalogue(provider.name)).toBe(true);
    const history = await run(adminProviderLoader, getRequest(`/admin/providers/${provider.id}`, admin()), { id: String(provider.id) });
    expect((history.data as { history: { change: string }[] }).history.map((h) => h.change)).toEqual(['reinstate', 'suspend', 'approve']);
  });

  test('other roles cannot decide, and an unknown provider is 404', async () => {
    const provider = providerByName('Kajaanin Pikasiivous Oy');
    for (const email of ['provider@example.fi', 'client@example.fi', 'worker@example.fi']) {
      expect((await decide(provider.id, { change: 'reinstate', reason: 'x' }, cookieFor(email))).status).toBe(403);
    }
    expect((await decide(999999, { change: 'approve', reason: '' })).status).toBe(404);
    expect(providerById(provider.id).status).toBe('suspended');
  });

  test('the domain function refuses a status change on a missing provider', () => {
    expect(changeProviderStatus({ userId: null }, 999999, 'approve', '')).toEqual({ kind: 'notFound' });
  });
});

// ---------------------------------------------------------------------------------------------

describe('the public application', () => {
  const cleaning = () => serviceByCode('cleaning').id;
  const garden = () => serviceByCode('garden').id;
  const valid = () => ({
    name: 'Kuhmon Pihapalvelu Oy',
    businessId: '2345678-0 ',
    contactName: 'Matti Pihlaja',
    email: 'matti@kuhmonpiha.example',
    phone: '040 555 1234',
    descriptionFi: 'Pihatyöt ja siivous Kuhmossa. <script>alert(1)</script>',
    descriptionSv: '',
    municipalities: ['290', '765'],
    languages: 'fi',
    [`price-${cleaning()}`]: '39,50',
    [`price-${garden()}`]: '41',
  });
  const apply = (fields: Record<string, string | string[]>) => run(applyAction, postRequest('/providers/apply', fields, cookieFor(null)));

  test('a valid application creates a pending provider and leads to the received page', async () => {
    const result = await apply(valid());
    expect(result.status).toBe(303);
    const created = providerByName('Kuhmon Pihapalvelu Oy');
    expect(result.headers.get('Location')).toBe(`/providers/apply/received?ref=${created.id}`);
    expect(created).toMatchObject({ status: 'pending', businessId: '2345678-0', phone: '+358405551234', email: 'matti@kuhmonpiha.example' });
    expect(created.descriptionFi).toBe('Pihatyöt ja siivous Kuhmossa. <script>alert(1)</script>'); // stored as typed, shown as text
    const areas = getDb().select().from(providerMunicipalities).where(eq(providerMunicipalities.providerId, created.id)).all();
    expect(areas.map((a) => a.municipalityCode).sort()).toEqual(['290', '765']);
    expect(getDb().select().from(providerLanguages).where(eq(providerLanguages.providerId, created.id)).all()).toHaveLength(1);
    const prices = offeredServices(created.id, helsinkiDate());
    expect(prices.map((p) => [p.serviceId, p.priceCents]).sort()).toEqual([[cleaning(), 3950], [garden(), 4100]].sort());
    expect(inCatalogue('Kuhmon Pihapalvelu Oy')).toBe(false);
    expect(lastAudit('provider.apply')!.subjectId).toBe(String(created.id));
  });

  test('an empty form gives an error for every required field, with status 400', async () => {
    const result = await apply({});
    expect(result.status).toBe(400);
    expect(Object.keys(errorsOf(result)).sort()).toEqual(
      ['businessId', 'contactName', 'email', 'languages', 'municipalities', 'name', 'prices'].sort(),
    );
  });

  test.each([
    ['wrong check digit', { businessId: '2345678-7' }, 'businessId', 'catalogue:errors.businessIdInvalid'],
    ['letters', { businessId: 'FI23456787' }, 'businessId', 'catalogue:errors.businessIdInvalid'],
    ['taken', { businessId: '3012478-4' }, 'businessId', 'catalogue:errors.businessIdTaken'],
    ['too long name', { name: 'x'.repeat(201) }, 'name', 'common:errors.tooLong'],
    ['too long description', { descriptionFi: 'x'.repeat(2001) }, 'descriptionFi', 'catalogue:errors.descriptionTooLong'],
    ['bad e-mail', { email: 'matti at example' }, 'email', 'catalogue:errors.emailInvalid'],
    ['bad phone', { phone: 'soita' }, 'phone', 'catalogue:errors.phoneInvalid'],
    ['unknown municipality', { municipalities: '999' }, 'municipalities', 'catalogue:errors.areasRequired'],
    ['unknown language', { languages: 'de' }, 'languages', 'catalogue:errors.languagesRequired'],
  ])('%s is refused and what was typed is kept', async (_label, change, field, key) => {
    const fields = { ...valid(), name: `Hakija ${field}`, businessId: '1572860-0', ...change };
    const result = await apply(fields);
    expect(result.status).toBe(400);
    expect(errorsOf(result)).toEqual({ [field]: key });
    const values = (result.data as { values: Record<string, string> }).values;
    if (typeof (change as Record<string, unknown>)[field] === 'string' && field !== 'municipalities' && field !== 'languages') {
      expect(values[field]).toBe((change as Record<string, string>)[field]);
    }
  });

  test('the check digit is real: 3012478-4 is the seeded provider, valid', async () => {
    expect(providerByName('Kainuun Kotisiivous Oy').businessId).toBe('3012478-4');
  });

  test.each([
    ['-5', 'catalogue:errors.priceInvalid'],
    ['0', 'catalogue:errors.priceInvalid'],
    ['abc', 'catalogue:errors.priceInvalid'],
    ['12,345', 'catalogue:errors.priceInvalid'],
    ['1000,01', 'catalogue:errors.priceTooHigh'],
    ['99999999', 'catalogue:errors.priceInvalid'],
  ])('price %s is refused', async (price, key) => {
    const result = await apply({ ...valid(), businessId: '1572860-0', [`price-${cleaning()}`]: price });
    expect(result.status).toBe(400);
    expect(errorsOf(result)).toEqual({ [`price-${cleaning()}`]: key });
  });

  test('no prices at all is refused', async () => {
    const fields: Record<string, string | string[]> = { ...valid(), businessId: '1572860-0' };
    delete fields[`price-${cleaning()}`];
    delete fields[`price-${garden()}`];
    expect(errorsOf(await apply(fields))).toEqual({ prices: 'catalogue:errors.pricesRequired' });
  });

  test('a missing CSRF token is 403', async () => {
    const result = await run(applyAction, postRequest('/providers/apply', valid(), '', { csrf: null }));
    expect(result.status).toBe(403);
  });

  test('an applicant can be approved through the admin action and then appears', async () => {
    const created = providerByName('Kuhmon Pihapalvelu Oy');
    const result = await run(
      adminProviderAction,
      postRequest(`/admin/providers/${created.id}`, { change: 'approve', reason: '' }, cookieFor('admin@example.fi')),
      { id: String(created.id) },
    );
    expect(result.status).toBe(303);
    expect(inCatalogue('Kuhmon Pihapalvelu Oy')).toBe(true);
  });

  test('an application can be rejected with a reason and stays out of the catalogue', async () => {
    expect((await apply({ ...valid(), name: 'Hylättävä Oy', businessId: '1572860-0' })).status).toBe(303);
    const created = providerByName('Hylättävä Oy');
    const result = await run(
      adminProviderAction,
      postRequest(`/admin/providers/${created.id}`, { change: 'reject', reason: 'Y-tunnus ei ole voimassa.' }, cookieFor('admin@example.fi')),
      { id: String(created.id) },
    );
    expect(result.status).toBe(303);
    expect(providerById(created.id)).toMatchObject({ status: 'rejected', statusReason: 'Y-tunnus ei ole voimassa.' });
    expect(inCatalogue('Hylättävä Oy')).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------

describe('a provider manages its own profile', () => {
  const own = () => providerByName('Kajaanin Kotiateria Oy'); // ateria@example.fi
  const cookie = () => cookieFor('ateria@example.fi');
  const details = () => ({
    intent: 'details',
    descriptionFi: '<b>Lämmin</b> kotiruoka & jälkiruoka',
    descriptionSv: 'Varm husmanskost',
    accessibilityFi: 'Portaaton sisäänkäynti.',
    accessibilitySv: 'Trappfri entré.',
    contactName: 'Päivi Mikkonen',
    email: 'tilaukset@kajaaninkotiateria.example',
    phone: '+358407316582',
    streetAddress: 'Brahenkatu 5, 87100 Kajaani',
    website: 'https://kajaaninkotiateria.example',
    municipalities: ['205', '578', '765', '290'],
    languages: ['fi', 'sv'],
  });
  const post = (fields: Record<string, string | string[]>, who = cookie()) => run(profileAction, postRequest('/provider/profile', fields, who));

  test('saves description, contact, areas and languages; HTML stays plain text', async () => {
    const result = await post(details());
    expect(result.status).toBe(303);
    expect(result.headers.get('Location')).toBe('/provider/profile?saved=details');
    const saved = providerById(own().id);
    expect(saved.descriptionFi).toBe('<b>Lämmin</b> kotiruoka & jälkiruoka');
    expect(saved.website).toBe('https://kajaaninkotiateria.example');
    const page = await run(publicProviderLoader, getRequest(`/providers/${own().id}`), { id: String(own().id) });
    const provider = (page.data as { provider: { descriptionFi: string; municipalities: unknown[]; languages: string[] } }).provider;
    expect(provider.descriptionFi).toBe('<b>Lämmin</b> kotiruoka & jälkiruoka');
    expect(provider.municipalities).toHaveLength(4);
    expect(provider.languages).toEqual(['fi', 'sv']);
    expect(lastAudit('provider.profile')!.subjectId).toBe(String(own().id));
  });

  test('a provider edits only itself: a providerId in the form changes nothing elsewhere', async () => {
    const other = providerByName('Kainuun Kotisiivous Oy');
    const before = providerById(other.id);
    expect((await post({ ...details(), providerId: String(other.id), descriptionFi: 'Kaapattu' })).status).toBe(303);
    expect(providerById(other.id)).toEqual(before);
    expect(providerById(own().id).descriptionFi).toBe('Kaapattu');
    const loader = await run(profileLoader, getRequest('/provider/profile', cookieFor('provider@example.fi')));
    expect((loader.data as { provider: { id: number } }).provider.id).toBe(other.id);
  });

  test.each([
    ['empty contact name', { contactName: '' }, 'contactName'],
    ['bad e-mail', { email: 'ei' }, 'email'],
    ['no areas', { municipalities: [] as string[] }, 'municipalities'],
    ['no languages', { languages: [] as string[] }, 'languages'],
    ['javascript: website', { website: 'javascript:alert(1)' }, 'website'],
    ['too long accessibility', { accessibilitySv: 'x'.repeat(2001) }, 'accessibilitySv'],
  ])('%s is refused with 400', async (_label, change, field) => {
    const result = await post({ ...details(), ...change });
    expect(result.status).toBe(400);
    expect(Object.keys(errorsOf(result))).toEqual([field]);
  });

  test('a price change applies from its date; today’s price and past charges stay', async () => {
    const meals = serviceByCode('meals').id;
    const today = helsinkiDate();
    const tomorrow = nextDay(today);
    const result = await post({ intent: 'prices', validFrom: tomorrow, [`price-${meals}`]: '9,90' });
    expect(result.status).toBe(303);
    expect(offeredServices(own().id, today).find((s) => s.serviceId === meals)!.priceCents).toBe(950);
    expect(offeredServices(own().id, tomorrow).find((s) => s.serviceId === meals)!.priceCents).toBe(990);
    const rows = getDb()
      .select()
      .from(providerOfferings)
      .where(and(eq(providerOfferings.providerId, own().id), eq(providerOfferings.serviceId, meals)))
      .all();
    expect(rows.map((r) => [r.validFrom, r.priceCents])).toEqual([
      ['2026-01-01', 950],
      [tomorrow, 990],
    ]);
    // Changing the future price again replaces the unused future row.
    expect((await post({ intent: 'prices', validFrom: tomorrow, [`price-${meals}`]: '9,80' })).status).toBe(303);
    expect(offeredServices(own().id, tomorrow).find((s) => s.serviceId === meals)!.priceCents).toBe(980);
  });

  test('a second price change today must wait', async () => {
    const meals = serviceByCode('meals').id;
    const today = helsinkiDate();
    expect((await post({ intent: 'prices', validFrom: today, [`price-${meals}`]: '15' })).status).toBe(303);
    expect(offeredServices(own().id, today).find((s) => s.serviceId === meals)!.priceCents).toBe(1500);
    const again = await post({ intent: 'prices', validFrom: today, [`price-${meals}`]: '16' });
    expect(again.status).toBe(400);
    expect(errorsOf(again)).toEqual({ validFrom: 'catalogue:errors.sameDay' });
  });

  test('the price form lists only the services the provider already offers', async () => {
    const page = await run(profileLoader, getRequest('/provider/profile', cookie()));
    const listed = (page.data as { services: { id: number }[] }).services.map((s) => s.id);
    expect(listed).toEqual([serviceByCode('meals').id]);
  });

  describe('a provider cannot give itself a new service (tampered form)', () => {
    const offeringRows = (serviceId: number) =>
      getDb()
        .select()
        .from(providerOfferings)
        .where(and(eq(providerOfferings.providerId, own().id), eq(providerOfferings.serviceId, serviceId)))
        .all();

    test.each([
      ['a valid price', '42'],
      ['an invalid price', 'abc'],
    ])('%s for a service not offered: 400, nothing written', async (_label, price) => {
      const cleaning = serviceByCode('cleaning').id;
      const meals = serviceByCode('meals').id;
      const mealsBefore = offeringRows(meals);
      const auditsBefore = getDb().select().from(auditLog).where(eq(auditLog.action, 'provider.prices')).all().length;
      const tomorrow = nextDay(helsinkiDate());
      // Also a legitimate change in the same form: the whole form is refused, nothing is saved.
      const result = await post({ intent: 'prices', validFrom: tomorrow, [`price-${cleaning}`]: price, [`price-${meals}`]: '11,10' });
      expect(result.status).toBe(400);
      expect(errorsOf(result)).toEqual({ prices: 'catalogue:errors.serviceNotOffered' });
      expect(offeringRows(cleaning)).toEqual([]);
      expect(offeringRows(meals)).toEqual(mealsBefore);
      expect(getDb().select().from(auditLog).where(eq(auditLog.action, 'provider.prices')).all()).toHaveLength(auditsBefore);
    });

    test('the domain refuses it too, whatever the route lets through', () => {
      const cleaning = serviceByCode('cleaning').id;
      const actor = { userId: userByEmail('ateria@example.fi').id };
      expect(changePrices(actor, own().id, helsinkiDate(), [{ serviceId: cleaning, priceCents: 100 }])).toEqual({
        kind: 'notOffered',
        serviceIds: [cleaning],
      });
      expect(offeringRows(cleaning)).toEqual([]);
    });

    test('a charge for that service stays refused', async () => {
      const actor = providerActor('ateria@example.fi');
      const now = new Date();
      const base = { phone: AINO, quantityHundredths: 100, serviceDate: helsinkiDate(now) };
      // The client has a line for both; the provider offers meals, not cleaning.
      expect((await previewCharge(actor, { ...base, serviceId: serviceByCode('meals').id }, now)).kind).toBe('preview');
      const cleaning = serviceByCode('cleaning').id;
      expect((await previewCharge(actor, { ...base, serviceId: cleaning }, now)).kind).toBe('refused');
      expect(await chargeBudget(actor, { ...base, serviceId: cleaning }, 'tamper-new-service', now)).toEqual({ kind: 'refused' });
      expect(getDb().select().from(ledgerEntries).where(eq(ledgerEntries.providerId, actor.providerId)).all().filter((r) => r.serviceId === cleaning)).toEqual([]);
    });
  });

  test.each([
    ['yesterday', { validFrom: '2020-01-01', 'price-MEALS': '9,70' }, 'validFrom'],
    ['no date', { validFrom: 'huomenna', 'price-MEALS': '9,70' }, 'validFrom'],
    ['negative price', { 'price-MEALS': '-1' }, 'price-MEALS'],
    ['absurd price', { 'price-MEALS': '250000' }, 'price-MEALS'],
    ['nothing changes', {}, 'prices'],
  ])('price form: %s is refused', async (_label, change, field) => {
    const meals = String(serviceByCode('meals').id);
    const fields: Record<string, string> = { intent: 'prices', validFrom: helsinkiDate() };
    for (const [key, value] of Object.entries(change)) fields[key.replace('MEALS', meals)] = value;
    const result = await post(fields);
    expect(result.status).toBe(400);
    expect(Object.keys(errorsOf(result))).toEqual([field.replace('MEALS', meals)]);
  });

  test('other roles get 403 and signed-out visitors are sent to sign in', async () => {
    expect((await post(details(), cookieFor('admin@example.fi'))).status).toBe(403);
    expect((await post(details(), cookieFor('client@example.fi'))).status).toBe(403);
    const signedOut = await post(details(), cookieFor(null));
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('Location')).toMatch(/^\/login/);
  });
});

// ---------------------------------------------------------------------------------------------

describe('the service catalogue', () => {
  const admin = () => cookieFor('admin@example.fi');
  const post = (fields: Record<string, string>, who = admin()) => run(servicesAction, postRequest('/admin/services', fields, who));
  const serviceId = (code: string) => getDb().select().from(services).where(eq(services.code, code)).get()?.id;

  test('adds a service with code, names, unit and group', async () => {
    const result = await post({ intent: 'add', code: 'window-cleaning', nameFi: 'ikkunanpesu', nameSv: 'fönstertvätt', unit: 'visit', category: 'caregiver' });
    expect(result.status).toBe(303);
    expect(serviceId('window-cleaning')).toBeDefined();
    expect(activeServices().some((s) => s.code === 'window-cleaning')).toBe(true);
    expect(lastAudit('service.add')).toBeDefined();
  });

  test.each([
    ['empty', {}, ['category', 'code', 'nameFi', 'nameSv', 'unit']],
    ['bad code', { code: 'Ikkuna Pesu' }, ['code']],
    ['taken code', { code: 'cleaning' }, ['code']],
    ['too long name', { nameFi: 'x'.repeat(101) }, ['nameFi']],
    ['unknown unit', { unit: 'week' }, ['unit']],
  ])('add: %s is refused', async (_label, change, fields) => {
    const base = { intent: 'add', code: 'new-service', nameFi: 'uusi', nameSv: 'ny', unit: 'hour', category: 'hb' };
    const input = Object.keys(change).length === 0 ? { intent: 'add' } : { ...base, ...change };
    const result = await post(input);
    expect(result.status).toBe(400);
    expect(Object.keys(errorsOf(result)).sort()).toEqual(fields);
  });

  test('an unused service can be deleted; one in use only retired', async () => {
    const unused = serviceId('window-cleaning')!;
    expect((await post({ intent: 'delete', serviceId: String(unused) })).status).toBe(303);
    expect(serviceId('window-cleaning')).toBeUndefined();

    const cleaning = serviceByCode('cleaning').id;
    const refused = await post({ intent: 'delete', serviceId: String(cleaning) });
    expect(refused.status).toBe(409);
    expect(errorsOf(refused)).toEqual({ form: 'catalogue:services.errors.inUse' });
    expect(serviceId('cleaning')).toBe(cleaning);
  });

  test('a retired service leaves the catalogue and charging; reinstating brings it back', async () => {
    const laundry = serviceByCode('laundry').id;
    const paltamo = providerByName('Paltamon Pyykki ja Puhdistus Oy').id;
    expect((await post({ intent: 'retire', serviceId: String(laundry) })).status).toBe(303);
    expect(activeServices().some((s) => s.id === laundry)).toBe(false);
    expect(offeredServices(paltamo, helsinkiDate()).some((s) => s.serviceId === laundry)).toBe(false);
    const list = await run(servicesLoader, getRequest('/admin/services', admin()));
    expect((list.data as { services: { code: string; retiredAt: string | null; inUse: boolean }[] }).services.find((s) => s.code === 'laundry')).toMatchObject({
      inUse: true,
    });
    expect((await post({ intent: 'reinstate', serviceId: String(laundry) })).status).toBe(303);
    expect(activeServices().some((s) => s.id === laundry)).toBe(true);
  });

  test('bad or unknown ids, and other roles', async () => {
    expect((await post({ intent: 'retire', serviceId: 'x' })).status).toBe(400);
    expect((await post({ intent: 'retire', serviceId: '999999' })).status).toBe(404);
    expect((await post({ intent: 'delete', serviceId: '1' }, cookieFor('provider@example.fi'))).status).toBe(403);
  });
});

// ---------------------------------------------------------------------------------------------

describe('the public application is limited per address', () => {
  const businessIds = (count: number) => {
    const ids: string[] = [];
    for (let body = 4100000; ids.length < count; body++) {
      const check = businessIdCheckDigit(String(body));
      if (check !== null) ids.push(`${body}-${check}`);
    }
    return ids;
  };
  const application = (n: number, businessId: string) => ({
    name: `Rajoitustesti ${n} Oy`,
    businessId,
    contactName: 'Testi Hakija',
    email: `hakija${n}@example.fi`,
    phone: '',
    descriptionFi: '',
    descriptionSv: '',
    municipalities: '205',
    languages: 'fi',
    [`price-${serviceByCode('cleaning').id}`]: '40',
  });
  const applyFrom = (ip: string, fields: Record<string, string>) =>
    run(applyAction, postRequest('/providers/apply', fields, cookieFor(null), { headers: { 'X-Avain-Client-Ip': ip } }));

  test(`${MAX_APPLICATIONS_PER_ADDRESS} applications a day from one address; then 429 with the form kept and nothing stored`, async () => {
    const ids = businessIds(MAX_APPLICATIONS_PER_ADDRESS + 2);
    for (let n = 0; n < MAX_APPLICATIONS_PER_ADDRESS; n++) {
      expect((await applyFrom('198.51.100.77', application(n, ids[n]))).status, `application ${n}`).toBe(303);
    }
    const before = getDb().select().from(providers).all().length;
    const refused = await applyFrom('198.51.100.77', application(90, ids[MAX_APPLICATIONS_PER_ADDRESS]));
    expect(refused.status).toBe(429);
    expect(errorsOf(refused)).toEqual({ form: 'catalogue:errors.tooManyApplications' });
    expect(Number(refused.headers.get('Retry-After'))).toBe(APPLICATION_WINDOW_HOURS * 3600);
    expect((refused.data as { values: Record<string, string> }).values.name).toBe('Rajoitustesti 90 Oy');
    expect(getDb().select().from(providers).all()).toHaveLength(before);
    // Another address is not affected, and a day later the first one may apply again.
    expect((await applyFrom('198.51.100.78', application(91, ids[MAX_APPLICATIONS_PER_ADDRESS]))).status).toBe(303);
    const later = submitApplication(
      { ...application(92, ids[MAX_APPLICATIONS_PER_ADDRESS + 1]), phone: '', municipalities: ['205'], languages: ['fi'], prices: [{ serviceId: serviceByCode('cleaning').id, priceCents: 4000 }] },
      { userId: null, ip: '198.51.100.77' },
      new Date(Date.now() + (APPLICATION_WINDOW_HOURS + 1) * 3_600_000),
    );
    expect(later.kind).toBe('received');
  });
});
