// Every test file gets its own fresh SQLite file (vitest runs each file in its own worker),
// migrated and filled with the demo data, before any app module opens the database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'avain-test-'));
process.env.DATABASE_PATH = path.join(dir, 'avain.sqlite');
process.env.NODE_ENV = 'test';

beforeAll(async () => {
  const { getDb, migrateDatabase } = await import('../../db/client.server');
  const { seedDemoData, isDatabaseEmpty } = await import('../../db/seed/demo');
  const db = getDb();
  migrateDatabase(db);
  if (isDatabaseEmpty(db)) await seedDemoData(db);
});

afterAll(async () => {
  const { closeDb } = await import('../../db/client.server');
  closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});
