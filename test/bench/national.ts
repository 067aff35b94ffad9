// Builds a database of a given size for `npm run bench:scale`, fast: plain prepared inserts in
// large transactions, journal off while building (a failed build is simply deleted), indexes as
// the migrations make them. On top of the demo data: `workers` own workers, `providers` cleaning
// and meals providers (staff scale-provider-<i>@example.fi), `clients` HB and comparison clients
// (bench phone numbers) with a cleaning and a meals line each, `months` months of history ending
// last month with `chargesPerMonth` charges per client and month, the audit and access-log rows
// every charge leaves (look-up and charge), conversations and plans in proportion. Provider 1 is
// the busy one: it gets `busyShare` of all charges. Client 1 signs in with Suomi.fi (the demo IdP,
// identity code SCALE_CLIENT_NATIONAL_ID), worker 1 with the demo password and the demo
// authenticator secret, provider 1 with the demo password.
import fs from 'node:fs';
import type { AppDatabase } from '../../db/client.server';
import { migrateDatabase, openDatabase } from '../../db/client.server';
import { benchClientPhone } from '../../db/seed/bench';
import { DEMO_PASSWORD } from '../../db/seed/demo-data';
import { KAINUU_MUNICIPALITIES } from '../../db/seed/reference-data';
import { seedDemoData } from '../../db/seed/demo';
import { hashPassword } from '../../app/auth/password.server';
import { enrolWithSecret } from '../../app/auth/secondFactor.server';
import { DEMO_TOTP_SECRET } from '../../db/seed/second-factor';
import { addMonths, helsinkiMonth } from '../../app/domain/months';

export type ScaleSizes = {
  clients: number;
  providers: number;
  workers: number;
  months: number;
  chargesPerMonth: number;
  busyShare: number;
};

export const SCALE_CLIENT_EMAIL = 'scale-client@example.fi';
/** A valid test identity code (individual number 900–999) for client 1, found on the demo IdP page. */
export const SCALE_CLIENT_NATIONAL_ID = '010145-9047';
export const SCALE_CLIENT_NAME = 'Eino Huusko';

/**
 * The cached databases outlive a run, and the demo staff's second factors in them are encrypted:
 * the build and every probing server use this fixed bench-only key (never a real one).
 */
export function setScaleSecondFactorKey(): void {
  process.env.SECOND_FACTOR_KEY = 'avain-bench-scale-only-second-factor-key';
}
export const scaleProviderEmail = (i: number) => `scale-provider-${i}@example.fi`;
export const scaleWorkerEmail = (i: number) => `scale-worker-${i}@example.fi`;

const FIRST = ['Aila', 'Eino', 'Hanna', 'Ilmari', 'Katri', 'Lauri', 'Maija', 'Niilo', 'Outi', 'Paavo', 'Riikka', 'Toivo', 'Elsa', 'Gunnar'];
const LAST = ['Heikkinen', 'Huusko', 'Juntunen', 'Karjalainen', 'Kemppainen', 'Keränen', 'Komulainen', 'Korhonen', 'Kyllönen', 'Moilanen', 'Oikarinen', 'Pulkkinen', 'Ronkainen', 'Nyström', 'Lindqvist'];
const MUNICIPALITIES = KAINUU_MUNICIPALITIES.map((m) => m.code);

/** A deterministic pseudo-random sequence, so the same sizes build the same database. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** The database file for these sizes, built if it is not there yet (the build takes minutes at full size). */
/**
 * Part of the cache file's name: raise it whenever what the generator writes changes (v2: client
 * 1's identity code and worker 1's second factor), so an older cached file is not reused.
 */
const GENERATOR_VERSION = 'v2';

export async function nationalDatabase(dir: string, name: string, sizes: ScaleSizes, log = console.log): Promise<string> {
  const file = `${dir}/${name}-${GENERATOR_VERSION}-${sizes.clients}c-${sizes.providers}p-${sizes.workers}w-${sizes.months}m-${sizes.chargesPerMonth}x-${sizes.busyShare}.sqlite`;
  if (fs.existsSync(file)) {
    log(`using the cached ${file}`);
    return file;
  }
  fs.mkdirSync(dir, { recursive: true });
  const building = `${file}.building`;
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${building}${suffix}`, { force: true });
  const started = performance.now();
  const db = openDatabase(building);
  migrateDatabase(db);
  await seedDemoData(db);
  await fill(db, sizes, log);
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  db.$client.close();
  fs.renameSync(building, file);
  log(`built ${file} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return file;
}

async function fill(db: AppDatabase, sizes: ScaleSizes, log: (line: string) => void) {
  const sqlite = db.$client;
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -262144'); // 256 MB while building
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const one = <T>(sql: string, ...params: unknown[]) => sqlite.prepare(sql).pluck().get(...params) as T;
  const cleaning = one<number>(`SELECT id FROM services WHERE code = 'cleaning'`);
  const meals = one<number>(`SELECT id FROM services WHERE code = 'meals'`);
  const admin = one<number>(`SELECT id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1`);
  const thisMonth = helsinkiMonth();
  const firstMonth = addMonths(thisMonth, -sizes.months);
  const rand = random(16);

  const insertUser = sqlite.prepare(
    `INSERT INTO users (email, password_hash, role, first_name, last_name, language, provider_id) VALUES (?, ?, ?, ?, ?, 'fi', ?)`,
  );
  const workerIds: number[] = [];
  const providerIds: number[] = [];
  const providerUserIds: number[] = [];
  sqlite.transaction(() => {
    for (let i = 1; i <= sizes.workers; i++) {
      workerIds.push(Number(insertUser.run(scaleWorkerEmail(i), passwordHash, 'worker', FIRST[i % FIRST.length], `${LAST[i % LAST.length]} ${i}`, null).lastInsertRowid));
    }
    const insertProvider = sqlite.prepare(
      `INSERT INTO providers (name, business_id, contact_name, email, phone, status, approved_at) VALUES (?, ?, 'Yhteyshenkilö', ?, '+358401000000', 'approved', ?)`,
    );
    const insertOffering = sqlite.prepare(`INSERT INTO provider_offerings (provider_id, service_id, price_cents, valid_from) VALUES (?, ?, ?, ?)`);
    const insertArea = sqlite.prepare(`INSERT INTO provider_municipalities (provider_id, municipality_code) VALUES (?, ?)`);
    const insertLanguage = sqlite.prepare(`INSERT INTO provider_languages (provider_id, language) VALUES (?, 'fi')`);
    for (let i = 1; i <= sizes.providers; i++) {
      // Business ids outside the demo data's; the check digit is not checked on insert.
      const id = Number(insertProvider.run(`Mittakaava ${i} Oy`, `8${pad(i, 6)}-0`, `mittakaava${i}@bench.example`, `${firstMonth}-01T08:00:00.000Z`).lastInsertRowid);
      insertOffering.run(id, cleaning, 4500, `${firstMonth}-01`);
      insertOffering.run(id, meals, 950, `${firstMonth}-01`);
      insertArea.run(id, MUNICIPALITIES[i % MUNICIPALITIES.length]);
      insertLanguage.run(id);
      providerIds.push(id);
      providerUserIds.push(Number(insertUser.run(scaleProviderEmail(i), passwordHash, 'provider', 'Testi', `Tuottaja ${i}`, id).lastInsertRowid));
    }
  })();

  // Clients, each with a decision from the first month and a cleaning and a meals line.
  const insertClient = sqlite.prepare(
    `INSERT INTO clients (user_id, first_name, last_name, phone, municipality_code, language, own_worker_id, client_group) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertDecision = sqlite.prepare(`INSERT INTO decisions (client_id, worker_id, valid_from, note) VALUES (?, ?, ?, 'Mittakaavatesti')`);
  const insertLine = sqlite.prepare(`INSERT INTO budget_lines (decision_id, service_id, monthly_cents) VALUES (?, ?, ?)`);
  const insertPlan = sqlite.prepare(`INSERT INTO client_plans (client_id, worker_id, needs, goals, services_agreed) VALUES (?, ?, 'Tarpeet', 'Tavoitteet', 'Siivous ja ateriat')`);
  const insertConversation = sqlite.prepare(`INSERT INTO conversations (client_id, topic, subject, status, created_by_user_id, created_at) VALUES (?, 'question', 'Kysymys', ?, ?, ?)`);
  const insertMessage = sqlite.prepare(`INSERT INTO messages (conversation_id, author_user_id, body, idempotency_key, created_at) VALUES (?, ?, 'Hei, kysyisin budjetista.', ?, ?)`);
  type Client = { id: number; worker: number; cleaningLine: number; mealsLine: number };
  const people: Client[] = [];
  const clientUser = Number(insertUser.run(SCALE_CLIENT_EMAIL, passwordHash, 'client', FIRST[1], LAST[1], null).lastInsertRowid);
  sqlite.prepare(`UPDATE users SET national_id = ? WHERE id = ?`).run(SCALE_CLIENT_NATIONAL_ID, clientUser);
  db.transaction((tx) => enrolWithSecret(tx, workerIds[0], DEMO_TOTP_SECRET));
  sqlite.transaction(() => {
    for (let i = 1; i <= sizes.clients; i++) {
      const worker = workerIds[(i - 1) % workerIds.length];
      const swedish = i % 20 === 0;
      const id = Number(
        insertClient.run(i === 1 ? clientUser : null, FIRST[i % FIRST.length], LAST[(i * 7) % LAST.length], benchClientPhone(i), MUNICIPALITIES[i % MUNICIPALITIES.length], swedish ? 'sv' : 'fi', worker, i % 3 === 0 ? 'comparison' : 'hb')
          .lastInsertRowid,
      );
      const decision = Number(insertDecision.run(id, worker, `${firstMonth}-01`).lastInsertRowid);
      people.push({
        id,
        worker,
        cleaningLine: Number(insertLine.run(decision, cleaning, 1_000_000).lastInsertRowid),
        mealsLine: Number(insertLine.run(decision, meals, 1_000_000).lastInsertRowid),
      });
      insertPlan.run(id, worker);
      // A conversation for every fifth client a year, three messages each.
      for (let c = 0; c < Math.round((sizes.months / 12) * (i % 5 === 0 ? 1 : 0)); c++) {
        const at = `${addMonths(firstMonth, (i + c * 7) % sizes.months)}-10T09:00:00.000Z`;
        const conversation = Number(insertConversation.run(id, c === 0 && i % 10 === 0 ? 'open' : 'closed', worker, at).lastInsertRowid);
        for (let m = 0; m < 3; m++) insertMessage.run(conversation, m % 2 ? worker : admin, `scale-${conversation}-${m}`, at);
      }
    }
  })();
  log(`  ${sizes.clients} clients, ${sizes.workers} workers, ${sizes.providers} providers`);

  // The ledger, month by month, each month in one transaction; every charge also leaves its
  // look-up and charge audit rows and the look-up's access-log row, as the charge path does.
  const insertEntry = sqlite.prepare(
    `INSERT INTO ledger_entries (kind, client_id, budget_line_id, provider_id, provider_user_id, service_id, quantity_hundredths, unit_price_cents, amount_cents, budget_month, service_date, receipt_number, idempotency_key, created_at)
     VALUES ('charge', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAudit = sqlite.prepare(`INSERT INTO audit_log (actor_user_id, action, subject_type, subject_id, details, ip, created_at) VALUES (?, ?, ?, ?, ?, '10.0.0.1', ?)`);
  const insertAccess = sqlite.prepare(
    `INSERT INTO access_log (client_id, actor_user_id, actor_role, provider_id, record_kind, basis, succeeded, ip, created_at) VALUES (?, ?, 'provider', ?, 'charge_lookup', 'charge_lookup', 1, '10.0.0.1', ?)`,
  );
  let serial = 0;
  let rows = 0;
  const built = performance.now();
  for (let m = 0; m < sizes.months; m++) {
    const month = addMonths(firstMonth, m);
    const yymm = month.slice(2, 4) + month.slice(5, 7);
    sqlite.transaction(() => {
      for (let day = 1; day <= 28; day++) {
        // Spread each client's charges over the month's days, in time order, as they would arrive.
        for (const person of people) {
          const todays = Math.floor((sizes.chargesPerMonth * day) / 28) - Math.floor((sizes.chargesPerMonth * (day - 1)) / 28);
          for (let k = 0; k < todays; k++) {
            const p = rand() < sizes.busyShare ? 0 : Math.floor(rand() * providerIds.length);
            const isMeal = (serial & 1) === 1;
            const price = isMeal ? 950 : 4500;
            const quantity = isMeal ? 100 : 150;
            const amount = (price * quantity) / 100;
            const date = `${month}-${pad(day, 2)}`;
            const at = `${date}T${pad(6 + (serial % 12), 2)}:${pad(serial % 60, 2)}:00.000Z`;
            serial++;
            const receipt = `${yymm}-S${serial.toString(36).toUpperCase().padStart(7, '0')}`;
            insertEntry.run(person.id, isMeal ? person.mealsLine : person.cleaningLine, providerIds[p], providerUserIds[p], isMeal ? meals : cleaning, quantity, price, amount, month, date, receipt, `scale-${serial}`, at);
            insertAudit.run(providerUserIds[p], 'charge.lookup', 'client', String(person.id), null, at);
            insertAudit.run(providerUserIds[p], 'charge.created', 'receipt', receipt, `{"clientId":${person.id},"amountCents":${amount}}`, at);
            insertAccess.run(person.id, providerUserIds[p], providerIds[p], at);
            rows++;
          }
        }
      }
    })();
    log(`  ${month}: ${rows} ledger rows (${Math.round(rows / ((performance.now() - built) / 1000))}/s)`);
  }
  // No ANALYZE: the app never runs it, so the bench plans queries as production does.
  sqlite.pragma('synchronous = FULL');
}
