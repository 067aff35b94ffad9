// A large synthetic data set for the benchmark and the load drills: approved cleaning providers
// and HB clients with a cleaning line each.
import { count, eq, like } from 'drizzle-orm';
import { hashPassword } from '../../app/auth/password.server';
import { businessIdCheckDigit } from '../../app/domain/businessId';
import { currentTime } from '../../app/domain/clock';
import type { AppDatabase } from '../client.server';
import { clients, providers, users } from '../schema';
import { businessIdFor, DEMO_PASSWORD } from './demo-data';
import { ALL_MUNICIPALITIES, DECISIONS_FROM, PRICES_FROM, ensureReferenceData, must } from './reference-data';

export const BENCH_MONTHLY_CENTS = 1_000_000;
const BENCH_PHONE_PREFIX = '+358509'; // +358 50 9xx xxxx; no demo client uses it

/** The phone number of bench client number i (1-based): +358509000001, +358509000002, … */
export function benchClientPhone(i: number): string {
  if (!Number.isInteger(i) || i < 1 || i > 999_999) throw new Error(`No bench phone number for ${i}`);
  return `${BENCH_PHONE_PREFIX}${String(i).padStart(6, '0')}`;
}

export function benchProviderEmail(i: number): string {
  return `bench-provider-${i}@example.fi`;
}

export type BenchData = {
  providerIds: number[];
  providerUserEmails: string[];
  clientIds: number[];
  clientPhones: string[];
};

const BENCH_FIRST_NAMES = ['Aila', 'Eino', 'Hanna', 'Ilmari', 'Katri', 'Lauri', 'Maija', 'Niilo', 'Outi', 'Paavo', 'Riikka', 'Toivo'];
const BENCH_LAST_NAMES = ['Heikkinen', 'Huusko', 'Juntunen', 'Karjalainen', 'Kemppainen', 'Keränen', 'Komulainen', 'Korhonen', 'Kyllönen', 'Moilanen', 'Oikarinen', 'Pulkkinen', 'Ronkainen'];

/**
 * Adds `providers` approved cleaning providers (staff user bench-provider-<i>@example.fi) and
 * `clients` HB clients with a cleaning line of 10 000 € a month each. Numbering continues after
 * bench data already in the database, so it can be called more than once.
 */
export async function seedBenchData(
  db: AppDatabase,
  options: { clients: number; providers: number },
): Promise<BenchData> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const sqlite = db.$client;
  const result: BenchData = { providerIds: [], providerUserEmails: [], clientIds: [], clientPhones: [] };

  db.transaction((tx) => {
    const cleaningId = must(ensureReferenceData(tx), 'cleaning');
    const worker =
      tx.select({ id: users.id }).from(users).where(eq(users.role, 'worker')).orderBy(users.id).limit(1).get() ??
      tx
        .insert(users)
        .values({ email: 'bench-worker@example.fi', passwordHash, role: 'worker', firstName: 'Kaisa', lastName: 'Väisänen' })
        .returning({ id: users.id })
        .get();

    const providersBefore = tx.select({ n: count() }).from(users).where(like(users.email, 'bench-provider-%')).get()?.n ?? 0;
    const clientsBefore = tx.select({ n: count() }).from(clients).where(like(clients.phone, `${BENCH_PHONE_PREFIX}%`)).get()?.n ?? 0;
    const takenBusinessIds = new Set(tx.select({ b: providers.businessId }).from(providers).all().map((r) => r.b));

    // Plain prepared statements: thousands of rows in well under a second.
    const insertProvider = sqlite.prepare(
      `INSERT INTO providers (name, business_id, contact_name, email, phone, street_address, description_fi, description_sv, status, approved_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'approved', ?)`,
    );
    const insertProviderLanguage = sqlite.prepare(`INSERT INTO provider_languages (provider_id, language) VALUES (?, 'fi')`);
    const insertProviderMunicipality = sqlite.prepare(
      `INSERT INTO provider_municipalities (provider_id, municipality_code) VALUES (?, ?)`,
    );
    const insertOffering = sqlite.prepare(
      `INSERT INTO provider_offerings (provider_id, service_id, price_cents, valid_from) VALUES (?, ?, ?, ?)`,
    );
    const insertUser = sqlite.prepare(
      `INSERT INTO users (email, password_hash, role, first_name, last_name, language, provider_id) VALUES (?, ?, 'provider', ?, ?, 'fi', ?)`,
    );
    const insertClient = sqlite.prepare(
      `INSERT INTO clients (first_name, last_name, phone, municipality_code, language, own_worker_id, client_group)
       VALUES (?, ?, ?, ?, 'fi', ?, 'hb')`,
    );
    const insertDecision = sqlite.prepare(
      `INSERT INTO decisions (client_id, worker_id, valid_from, note) VALUES (?, ?, ?, 'Suorituskykytesti')`,
    );
    const insertLine = sqlite.prepare(`INSERT INTO budget_lines (decision_id, service_id, monthly_cents) VALUES (?, ?, ?)`);

    let body = 9_000_000;
    const nextBusinessId = (): string => {
      for (;;) {
        const candidate = String(body++);
        if (businessIdCheckDigit(candidate) === null) continue;
        const id = businessIdFor(candidate);
        if (!takenBusinessIds.has(id)) return id;
      }
    };
    const approvedAt = currentTime().toISOString();

    for (let n = 1; n <= options.providers; n++) {
      const i = providersBefore + n;
      const providerId = Number(
        insertProvider.run(
          `Testisiivous ${i} Oy`,
          nextBusinessId(),
          'Testi Yhteyshenkilö',
          `siivous${i}@bench.example`,
          '+358401000000',
          'Kauppakatu 1, 87100 Kajaani',
          'Suorituskykytestin siivouspalvelu.',
          'Städtjänst för prestandatest.',
          approvedAt,
        ).lastInsertRowid,
      );
      insertProviderLanguage.run(providerId);
      for (const code of ALL_MUNICIPALITIES) insertProviderMunicipality.run(providerId, code);
      insertOffering.run(providerId, cleaningId, 4500, PRICES_FROM);
      const email = benchProviderEmail(i);
      insertUser.run(email, passwordHash, 'Testi', `Siivooja ${i}`, providerId);
      result.providerIds.push(providerId);
      result.providerUserEmails.push(email);
    }

    for (let n = 1; n <= options.clients; n++) {
      const i = clientsBefore + n;
      const phone = benchClientPhone(i);
      const clientId = Number(
        insertClient.run(
          BENCH_FIRST_NAMES[i % BENCH_FIRST_NAMES.length],
          BENCH_LAST_NAMES[i % BENCH_LAST_NAMES.length],
          phone,
          ALL_MUNICIPALITIES[i % ALL_MUNICIPALITIES.length],
          worker.id,
        ).lastInsertRowid,
      );
      const decisionId = Number(insertDecision.run(clientId, worker.id, DECISIONS_FROM).lastInsertRowid);
      insertLine.run(decisionId, cleaningId, BENCH_MONTHLY_CENTS);
      result.clientIds.push(clientId);
      result.clientPhones.push(phone);
    }
  });
  return result;
}
