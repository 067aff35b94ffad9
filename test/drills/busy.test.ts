// A busy database is answered in one place (app/entry.server.tsx): whichever action meets it, the
// user gets 503 with Retry-After and a localized page, never the 500 page. The built server runs in
// its own process; a second connection holds the write lock the way another process would.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { cleaningServiceId, postCharge, prepareDrillDatabase, signInOverHttp, startServer, stopServer, type ServerProcess } from '../helpers/server-process';

let dir: string;
let databasePath: string;
let server: ServerProcess;

beforeAll(async () => {
  ({ dir, databasePath } = await prepareDrillDatabase({ clients: 1, providers: 1 }));
  server = await startServer(databasePath);
});
afterAll(async () => {
  if (server) await stopServer(server);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('while another connection holds the write lock, a back-office action and a charge answer 503 with Retry-After', async () => {
  const admin = await signInOverHttp(server.base, 'admin@example.fi');
  const provider = await signInOverHttp(server.base, 'provider@example.fi');
  const cleaning = cleaningServiceId(databasePath);
  const holder = new Database(databasePath);
  holder.exec('BEGIN IMMEDIATE');
  try {
    const addService = fetch(`${server.base}/admin/services`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: admin.cookie },
      body: new URLSearchParams({ csrf: admin.csrf, intent: 'add', code: 'busy-test', nameFi: 'testi', nameSv: 'test', unit: 'hour', category: 'hb' }),
    });
    const charge = postCharge(server.base, provider, { phone: '040 123 4567', serviceId: cleaning, quantity: '1' });
    const [backOffice, charged] = await Promise.all([addService, charge]);
    expect(backOffice.status).toBe(503);
    expect(backOffice.headers.get('retry-after')).toBe('5');
    const page = await backOffice.text();
    expect(page).toContain('Tietokanta oli juuri nyt varattu');
    expect(page).not.toMatch(/SqliteError|DatabaseBusyError|at .*\.js/);
    expect(charged).toMatchObject({ status: 503, receipt: null, retryAfter: '5' });
  } finally {
    holder.exec('ROLLBACK');
    holder.close();
  }
  // Nothing half-done: once the lock is gone the same service can be added.
  const again = await fetch(`${server.base}/admin/services`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: admin.cookie },
    body: new URLSearchParams({ csrf: admin.csrf, intent: 'add', code: 'busy-test', nameFi: 'testi', nameSv: 'test', unit: 'hour', category: 'hb' }),
  });
  expect(again.status).toBe(303);
  expect(server.output()).not.toContain('SqliteError');
}, 90_000);
