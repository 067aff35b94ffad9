// Command line: seeds the demo database.
//
//   tsx db/seed.ts           migrate, and seed when the database has no users yet
//   tsx db/seed.ts --reset   start from a new database file, then seed
//
// The ledger and the audit log refuse DELETE (triggers), so a reset means a new file.
// The data and the seeding live in db/seed/: reference-data, demo-data, demo (seedDemo), bench.
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { closeDb, databasePath, getDb, migrateDatabase, type AppDatabase } from './client.server';
import { isDatabaseEmpty, seedDemo } from './seed/demo';
import { DEMO_PASSWORD, USERS } from './seed/demo-data';

function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
}

function printSummary(db: AppDatabase): void {
  const n = (table: string) => (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  console.log(
    `  ${n('municipalities')} municipalities, ${n('services')} services, ${n('providers')} providers, ` +
      `${n('users')} users, ${n('clients')} clients, ${n('decisions')} decisions, ${n('budget_lines')} budget lines`,
  );
  console.log(`  Demo logins (password "${DEMO_PASSWORD}"):`);
  for (const u of USERS) console.log(`    ${u.email.padEnd(22)} ${u.role}`);
}

async function main(): Promise<void> {
  const file = databasePath();
  const reset = process.argv.includes('--reset');
  let db = getDb();
  migrateDatabase(db);
  if (reset && file !== ':memory:') {
    closeDb();
    removeDatabaseFiles(file);
    db = getDb();
    migrateDatabase(db);
  }
  if (!reset && !isDatabaseEmpty(db)) {
    console.log(`${file} is already seeded; use --reset to start over.`);
  } else {
    const started = Date.now();
    await seedDemo(db);
    console.log(`Seeded ${file} with the Kainuu demo data in ${Date.now() - started} ms:`);
    printSummary(db);
  }
  closeDb();
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    closeDb();
    process.exit(1);
  });
}
