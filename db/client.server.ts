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

const SQLITE_CACHE_KB = Number(process.env.SQLITE_CACHE_KB ?? 65_536);
const SQLITE_MMAP_BYTES = Number(process.env.SQLITE_MMAP_BYTES ?? 268_435_456);

/** Opens a database file with the durability settings every connection must use. */
export function openDatabase(file = databasePath()): AppDatabase {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a committed charge survives power loss, not only a process crash.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // Sizes from npm run bench:scale (docs/decisions/014): the hot indexes of a region fit in 64 MB
  // of page cache; reads map the file instead of copying pages; the WAL is checkpointed every
  // 1000 pages (SQLite's default) and cut back to 64 MB after a checkpoint, so steady writes
  // cannot grow it without bound.
  sqlite.pragma(`cache_size = -${SQLITE_CACHE_KB}`);
  sqlite.pragma(`mmap_size = ${SQLITE_MMAP_BYTES}`);
  sqlite.pragma('wal_autocheckpoint = 1000');
  sqlite.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
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
