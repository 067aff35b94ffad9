import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';

export type AppDatabase = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export function databasePath(): string {
  return process.env.DATABASE_PATH ?? 'data/avain.sqlite';
}

/** Opens a database file with the durability settings every connection must use. */
export function openDatabase(file = databasePath()): AppDatabase {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a committed charge survives power loss, not only a process crash.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  return drizzle(sqlite, { schema }) as AppDatabase;
}

function migrationsFolder(): string {
  // Works from the source tree (tsx, vitest) and from the bundled server build (build/index.js).
  const candidates = [
    process.env.MIGRATIONS_PATH,
    path.resolve('db/migrations'),
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
  ].filter(Boolean) as string[];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'meta', '_journal.json')));
  if (!found) throw new Error(`Migrations not found in ${candidates.join(', ')}`);
  return found;
}

export function migrateDatabase(database: AppDatabase): void {
  migrate(database, { migrationsFolder: migrationsFolder() });
}

let shared: AppDatabase | undefined;

/** The process-wide connection (opened on first use). */
export function getDb(): AppDatabase {
  if (!shared) shared = openDatabase();
  return shared;
}

export function closeDb(): void {
  if (shared) {
    shared.$client.close();
    shared = undefined;
  }
}
