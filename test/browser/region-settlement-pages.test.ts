// The region's settlement at a region's size: with more providers than fit on a page it shows 50
// a page with the one pagination and the region's total on every page; passes axe in Finnish and
// Swedish and pages without JavaScript. Its own server, so the 60 extra providers touch no other test.
import crypto from 'node:crypto';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { helsinkiMonth } from '../../app/domain/months';
import { prepareDrillDatabase, startServer, stopServer, TODAY, type ServerProcess } from '../helpers/server-process';
import { answerCodePage, clickAndWait, DEMO_PASSWORD, expectNoAxeViolations, launchBrowser } from '../helpers/browser';

const EXTRA_PROVIDERS = 60;
let dir = '';
let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  const prepared = await prepareDrillDatabase({ clients: EXTRA_PROVIDERS, providers: EXTRA_PROVIDERS });
  dir = prepared.dir;
  // One charge this month from each bench provider, as the ledger holds it.
  const sqlite = new Database(prepared.databasePath);
  const cleaning = (sqlite.prepare(`SELECT id FROM services WHERE code = 'cleaning'`).get() as { id: number }).id;
  const lineOf = sqlite.prepare(
    `SELECT b.id FROM budget_lines b JOIN decisions d ON d.id = b.decision_id WHERE d.client_id = ? AND b.service_id = ? ORDER BY b.id DESC LIMIT 1`,
  );
  const userOf = sqlite.prepare(`SELECT id FROM users WHERE email = ?`);
  const insert = sqlite.prepare(
    `INSERT INTO ledger_entries (kind, client_id, budget_line_id, provider_id, provider_user_id, service_id, quantity_hundredths, unit_price_cents, amount_cents, budget_month, service_date, receipt_number, idempotency_key, created_at)
     VALUES ('charge', ?, ?, ?, ?, ?, 100, 3000, 3000, ?, ?, ?, ?, ?)`,
  );
  const month = helsinkiMonth();
  sqlite.transaction(() => {
    prepared.bench.providerIds.forEach((providerId, i) => {
      const clientId = prepared.bench.clientIds[i];
      const line = (lineOf.get(clientId, cleaning) as { id: number }).id;
      const user = (userOf.get(prepared.bench.providerUserEmails[i]) as { id: number }).id;
      insert.run(clientId, line, providerId, user, cleaning, month, TODAY, `T${month.replace('-', '')}-${String(i).padStart(6, '0')}`, crypto.randomUUID(), new Date().toISOString());
    });
  })();
  sqlite.close();
  server = await startServer(prepared.databasePath);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  if (server) await stopServer(server);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function adminPage(lang: 'fi' | 'sv') {
  const context = await browser.newContext({ baseURL: server.base, javaScriptEnabled: false, locale: lang === 'sv' ? 'sv-FI' : 'fi-FI', viewport: { width: 1280, height: 900 } });
  await context.addCookies([{ name: 'lang', value: lang, url: server.base }]);
  const page = await context.newPage();
  await page.goto('/login');
  await page.fill('#email', 'admin@example.fi');
  await page.fill('#password', DEMO_PASSWORD);
  await clickAndWait(page, 'form[action="/login"] button[type=submit]');
  await answerCodePage(page, 'admin@example.fi');
  return { context, page };
}

describe("the region's settlement, a page of providers at a time", () => {
  test('50 providers a page, the pagination and the region total; page 2 without JavaScript; axe in fi and sv', async () => {
    for (const lang of ['fi', 'sv'] as const) {
      const { context, page } = await adminPage(lang);
      try {
        const first = await page.goto('/admin/settlement');
        expect(first?.status()).toBe(200);
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        expect(await page.locator('section[aria-labelledby^="provider-"]').count()).toBe(50);
        const pages = page.locator('nav.pagination');
        await expect.poll(() => pages.count()).toBe(1);
        expect(await page.locator('#region-total').count()).toBe(1);
        const total = await page.locator('section[aria-labelledby="region-total"]').innerText();
        expect(await page.locator('main').innerText()).toContain('1–50');
        await expectNoAxeViolations(page);

        await clickAndWait(page, 'nav.pagination a[rel="next"]');
        expect(new URL(page.url()).searchParams.get('page')).toBe('2');
        const second = await page.locator('section[aria-labelledby^="provider-"]').count();
        expect(second).toBeGreaterThanOrEqual(EXTRA_PROVIDERS - 50);
        expect(second).toBeLessThanOrEqual(50);
        expect(await page.locator('nav.pagination [aria-current="page"]').innerText()).toBe('2');
        expect(await page.locator('main').innerText()).toContain(`51–${50 + second}`);
        // The total is the whole region's on every page.
        expect(await page.locator('section[aria-labelledby="region-total"]').innerText()).toBe(total);
        await expectNoAxeViolations(page);
      } finally {
        await context.close();
      }
    }
  });
});
