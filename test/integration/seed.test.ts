// The demo data and the bench data, seeded into a database file of this test's own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, count, eq, inArray, isNull, like } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { verifyPassword } from '../../app/auth/password.server';
import { normalizeBusinessId } from '../../app/domain/businessId';
import { toE164 } from '../../app/domain/phone';
import { migrateDatabase, openDatabase, type AppDatabase } from '../../db/client.server';
import {
  budgetLines,
  clients,
  decisions,
  municipalities,
  providerLanguages,
  providerOfferings,
  providers,
  representativeLinks,
  services,
  users,
} from '../../db/schema';
import { BENCH_MONTHLY_CENTS, seedBenchData } from '../../db/seed/bench';
import { isDatabaseEmpty, seedDemoData } from '../../db/seed/demo';
import { DEMO_PASSWORD } from '../../db/seed/demo-data';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'avain-seed-'));
let db: AppDatabase;

beforeAll(async () => {
  db = openDatabase(path.join(dir, 'seed.sqlite'));
  migrateDatabase(db);
  expect(isDatabaseEmpty(db)).toBe(true);
  await seedDemoData(db);
});

afterAll(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const userByEmail = (email: string) => db.select().from(users).where(eq(users.email, email)).get();
const countOf = (rows: { n: number } | undefined) => rows?.n ?? 0;

test('the eight Kainuu municipalities, Kajaani is Kajana in Swedish', () => {
  const rows = db.select().from(municipalities).all();
  expect(rows).toHaveLength(8);
  expect(rows.find((m) => m.code === '205')).toEqual({ code: '205', nameFi: 'Kajaani', nameSv: 'Kajana' });
});

test('providers have valid business ids; one application is pending and one provider suspended', () => {
  const rows = db.select().from(providers).all();
  expect(rows.length).toBeGreaterThanOrEqual(12);
  for (const p of rows) {
    expect(normalizeBusinessId(p.businessId), p.name).toBe(p.businessId);
    expect(toE164(p.phone), p.name).toBe(p.phone);
    expect(p.descriptionFi.length, p.name).toBeGreaterThan(40);
    expect(p.descriptionSv.length, p.name).toBeGreaterThan(40);
  }
  const pending = rows.filter((p) => p.status === 'pending');
  expect(pending).toHaveLength(1);
  expect(pending[0].approvedAt).toBeNull();
  const suspended = rows.filter((p) => p.status === 'suspended');
  expect(suspended).toHaveLength(1);
  expect(suspended[0].statusReason).toBeTruthy();
  for (const p of rows.filter((r) => r.status === 'approved')) expect(p.approvedAt, p.name).toBeTruthy();
});

test('at least three approved providers serve in Swedish, and meals come from two approved providers', () => {
  const swedish = db
    .select({ id: providers.id })
    .from(providers)
    .innerJoin(providerLanguages, eq(providerLanguages.providerId, providers.id))
    .where(and(eq(providerLanguages.language, 'sv'), eq(providers.status, 'approved')))
    .all();
  expect(swedish.length).toBeGreaterThanOrEqual(3);

  const meals = db
    .select({ providerId: providers.id })
    .from(providerOfferings)
    .innerJoin(providers, eq(providers.id, providerOfferings.providerId))
    .innerJoin(services, eq(services.id, providerOfferings.serviceId))
    .where(and(eq(services.code, 'meals'), eq(providers.status, 'approved')))
    .all();
  expect(meals.length).toBeGreaterThanOrEqual(2);
  expect(meals.some((m) => swedish.some((s) => s.id === m.providerId))).toBe(true);
});

test('Kainuun Kotisiivous Oy charges 42,00 € an hour for cleaning and provider@example.fi works there', () => {
  const provider = userByEmail('provider@example.fi');
  const price = db
    .select({ name: providers.name, priceCents: providerOfferings.priceCents })
    .from(providerOfferings)
    .innerJoin(providers, eq(providers.id, providerOfferings.providerId))
    .innerJoin(services, eq(services.id, providerOfferings.serviceId))
    .where(and(eq(providers.id, provider?.providerId ?? -1), eq(services.code, 'cleaning')))
    .get();
  expect(price).toEqual({ name: 'Kainuun Kotisiivous Oy', priceCents: 4200 });
});

test('every service has a unit of the schema and both names', () => {
  const rows = db.select().from(services).all();
  expect(rows.filter((s) => s.category === 'caregiver').length).toBeGreaterThanOrEqual(12);
  for (const code of ['home-care', 'caregiver-leave', 'personal-assistance', 'cleaning', 'meals']) {
    expect(rows.some((s) => s.code === code), code).toBe(true);
  }
});

test('the demo logins exist with their roles and the demo password', async () => {
  const expected = {
    'admin@example.fi': 'admin',
    'worker@example.fi': 'worker',
    'worker2@example.fi': 'worker',
    'provider@example.fi': 'provider',
    'ateria@example.fi': 'provider',
    'client@example.fi': 'client',
    'klient@example.fi': 'client',
    'caregiver@example.fi': 'representative',
  } as const;
  for (const [email, role] of Object.entries(expected)) {
    const user = userByEmail(email);
    expect(user?.role, email).toBe(role);
    expect(user?.providerId !== null, email).toBe(role === 'provider');
  }
  expect(await verifyPassword(userByEmail('client@example.fi')!.passwordHash, DEMO_PASSWORD)).toBe(true);
  expect(userByEmail('klient@example.fi')?.language).toBe('sv');
  const client = db.select().from(clients).where(eq(clients.userId, userByEmail('client@example.fi')!.id)).get();
  expect(client).toMatchObject({ firstName: 'Aino', lastName: 'Korhonen', phone: '+358401234567', municipalityCode: '205', group: 'hb' });
  expect(client?.ownWorkerId).toBe(userByEmail('worker@example.fi')?.id);
});

test('the caregiver represents exactly two clients who have no login of their own', () => {
  const caregiver = userByEmail('caregiver@example.fi')!;
  const linked = db
    .select({ relationship: representativeLinks.relationship, userId: clients.userId, firstName: clients.firstName })
    .from(representativeLinks)
    .innerJoin(clients, eq(clients.id, representativeLinks.clientId))
    .where(eq(representativeLinks.userId, caregiver.id))
    .all();
  expect(linked).toHaveLength(2);
  for (const link of linked) {
    expect(link.userId).toBeNull();
    expect(link.relationship).not.toBe('');
  }
});

test("client@example.fi's decision has cleaning 300,00 € and meals 120,00 € a month", () => {
  const lines = db
    .select({ code: services.code, monthlyCents: budgetLines.monthlyCents, validFrom: decisions.validFrom, validTo: decisions.validTo })
    .from(budgetLines)
    .innerJoin(decisions, eq(decisions.id, budgetLines.decisionId))
    .innerJoin(clients, eq(clients.id, decisions.clientId))
    .innerJoin(users, eq(users.id, clients.userId))
    .innerJoin(services, eq(services.id, budgetLines.serviceId))
    .where(eq(users.email, 'client@example.fi'))
    .orderBy(services.code)
    .all();
  expect(lines).toEqual([
    { code: 'cleaning', monthlyCents: 30000, validFrom: '2026-01-01', validTo: null },
    { code: 'meals', monthlyCents: 12000, validFrom: '2026-01-01', validTo: null },
  ]);
});

test("the caregiver's child has caregiver-leave swap lines within the pilot's 300 € monthly cap", () => {
  const lines = db
    .select({ category: services.category, cents: budgetLines.monthlyCents })
    .from(budgetLines)
    .innerJoin(services, eq(services.id, budgetLines.serviceId))
    .innerJoin(decisions, eq(decisions.id, budgetLines.decisionId))
    .innerJoin(clients, eq(clients.id, decisions.clientId))
    .where(and(eq(clients.firstName, 'Eetu'), eq(clients.lastName, 'Kinnunen')))
    .all();
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.every((l) => l.category === 'caregiver')).toBe(true);
  expect(lines.reduce((sum, l) => sum + l.cents, 0)).toBeLessThanOrEqual(30000);
});

test('clients: valid unique phones, both groups, own workers, no budget for the comparison group', () => {
  const ownWorker = alias(users, 'own_worker');
  const rows = db
    .select({ phone: clients.phone, group: clients.group, workerRole: ownWorker.role })
    .from(clients)
    .innerJoin(ownWorker, eq(ownWorker.id, clients.ownWorkerId))
    .all();
  expect(rows.length).toBe(countOf(db.select({ n: count() }).from(clients).get()));
  expect(rows.length).toBeGreaterThanOrEqual(20);
  for (const c of rows) {
    expect(toE164(c.phone), c.phone).toBe(c.phone);
    expect(c.workerRole).toBe('worker');
  }
  expect(new Set(rows.map((c) => c.phone)).size).toBe(rows.length);
  expect(rows.filter((c) => c.group === 'comparison').length).toBeGreaterThanOrEqual(8);
  expect(rows.filter((c) => c.group === 'hb').length).toBeGreaterThanOrEqual(8);

  const comparisonIds = db.select({ id: clients.id }).from(clients).where(eq(clients.group, 'comparison'));
  expect(countOf(db.select({ n: count() }).from(decisions).where(inArray(decisions.clientId, comparisonIds)).get())).toBe(0);
  const hbWithoutDecision = db
    .select({ id: clients.id })
    .from(clients)
    .leftJoin(decisions, eq(decisions.clientId, clients.id))
    .where(and(eq(clients.group, 'hb'), isNull(decisions.id)))
    .all();
  expect(hbWithoutDecision).toHaveLength(0);
});

test('no money has moved yet and the database is no longer empty', () => {
  expect(countOf(db.$client.prepare('SELECT count(*) AS n FROM ledger_entries').get() as { n: number })).toBe(0);
  expect(isDatabaseEmpty(db)).toBe(false);
  return expect(seedDemoData(db)).rejects.toThrow(/empty/);
});

test('bench data adds approved cleaning providers and clients with a 10 000 € cleaning line', async () => {
  const clientsBefore = countOf(db.select({ n: count() }).from(clients).get());
  const bench = await seedBenchData(db, { clients: 50, providers: 5 });
  expect(bench.clientPhones).toHaveLength(50);
  expect(bench.providerUserEmails).toEqual([1, 2, 3, 4, 5].map((i) => `bench-provider-${i}@example.fi`));
  expect(countOf(db.select({ n: count() }).from(clients).get())).toBe(clientsBefore + 50);
  for (const phone of bench.clientPhones) expect(toE164(phone), phone).toBe(phone);

  for (const email of bench.providerUserEmails) {
    const user = userByEmail(email)!;
    expect(user.role).toBe('provider');
    const provider = db.select().from(providers).where(eq(providers.id, user.providerId!)).get();
    expect(provider?.status).toBe('approved');
    expect(normalizeBusinessId(provider!.businessId)).toBe(provider!.businessId);
  }
  const lines = db
    .select({ cents: budgetLines.monthlyCents, code: services.code })
    .from(budgetLines)
    .innerJoin(decisions, eq(decisions.id, budgetLines.decisionId))
    .innerJoin(services, eq(services.id, budgetLines.serviceId))
    .where(inArray(decisions.clientId, bench.clientIds))
    .all();
  expect(lines).toHaveLength(50);
  expect(lines.every((l) => l.code === 'cleaning' && l.cents === BENCH_MONTHLY_CENTS)).toBe(true);

  // A second call continues the numbering instead of colliding.
  const more = await seedBenchData(db, { clients: 2, providers: 1 });
  expect(more.providerUserEmails).toEqual(['bench-provider-6@example.fi']);
  expect(more.clientPhones.some((p) => bench.clientPhones.includes(p))).toBe(false);
  expect(countOf(db.select({ n: count() }).from(users).where(like(users.email, 'bench-provider-%')).get())).toBe(6);
});

test('1 000 bench clients seed in under three seconds', async () => {
  const started = performance.now();
  await seedBenchData(db, { clients: 1000, providers: 20 });
  expect(performance.now() - started).toBeLessThan(3000);
});
