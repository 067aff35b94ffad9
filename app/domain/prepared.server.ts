// Statements the hot paths run on every request, prepared once per connection with drizzle's
// `.prepare()`: drizzle then builds their SQL once, not on every call. A transaction runs on the
// same connection (better-sqlite3 has one per database), so they serve inside immediate() too;
// whoever passes a transaction to a function that uses them must have opened it on getDb().
import { getDb, type AppDatabase } from '../../db/client.server';

/** `build` runs once per connection, on first use; the returned function gives that set. */
export function preparedPerConnection<T>(build: (db: AppDatabase) => T): (db?: AppDatabase) => T {
  const sets = new WeakMap<AppDatabase, T>();
  return (db = getDb()) => {
    let found = sets.get(db);
    if (!found) {
      found = build(db);
      sets.set(db, found);
    }
    return found;
  };
}
