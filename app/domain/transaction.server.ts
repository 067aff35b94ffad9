// The one way to write: a BEGIN IMMEDIATE transaction that takes the write lock first, so the
// checks and the writes in it see the same database (docs/decisions/003-atomic-charge.md).
import { getDb, type AppDatabase } from '../../db/client.server';

/** A database handle inside a transaction, or the database itself for a single read. */
export type Tx = Parameters<Parameters<AppDatabase['transaction']>[0]>[0] | AppDatabase;

/**
 * Thrown when the database stays busy past every retry. Whatever route it comes from, the user
 * gets 503 with Retry-After (app/entry.server.tsx), never the 500 page.
 */
export class DatabaseBusyError extends Error {
  constructor() {
    super('database busy');
    this.name = 'DatabaseBusyError';
  }
}

/** Seconds a client is asked to wait after a 503 for a busy database. */
export const BUSY_RETRY_AFTER_SECONDS = 5;

function isSqliteBusy(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code?.startsWith('SQLITE_BUSY') === true;
}

/** A busy database, from immediate() or from a single write outside it (a session touch). */
export function isDatabaseBusy(error: unknown): boolean {
  return error instanceof DatabaseBusyError || isSqliteBusy(error);
}

/** Runs fn in BEGIN IMMEDIATE; retries a few times when another process holds the write lock. */
export function immediate<T>(fn: (tx: Tx) => T, db: AppDatabase = getDb()): T {
  for (let attempt = 0; ; attempt++) {
    try {
      return db.transaction(fn, { behavior: 'immediate' });
    } catch (error) {
      if (isSqliteBusy(error) && attempt < 3) continue;
      if (isSqliteBusy(error)) throw new DatabaseBusyError();
      throw error;
    }
  }
}
