// The one pagination component at 320 px, JavaScript off, in Finnish and Swedish: the audit log
// (keyset pages, newest first) gets 120 extra rows in the server's database, so it has pages.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { axeBothLanguages, expectNoAxeViolations, launchBrowser, openPage, signIn, clickAndWait } from '../helpers/browser';

const ADMIN = 'admin@example.fi';
let browser: Browser;

beforeAll(async () => {
  process.env.DATABASE_PATH = inject('databasePath');
  const { getDb } = await import('../../db/client.server');
  const { audit } = await import('../../app/domain/audit.server');
  const db = getDb();
  db.transaction(() => {
    for (let i = 0; i < 120; i++) audit({ actorUserId: null, action: 'test.pagination', details: { i } });
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  const { closeDb } = await import('../../db/client.server');
  closeDb();
});

describe('pagination', () => {
  test('the paged audit log passes axe at 320 px in Finnish and Swedish', async () => {
    await axeBothLanguages(browser, '/admin/audit?actor=', { email: ADMIN, width: 320 });
  });

  test('older and newer pages without JavaScript keep the filter; 44 px targets; no sideways scroll', async () => {
    const { context, page } = await openPage(browser, { lang: 'sv', width: 320, height: 640 });
    try {
      await signIn(page, ADMIN);
      await page.goto('/admin/audit?from=2000-01-01');
      const nav = page.locator('nav.pagination');
      expect(await nav.getAttribute('aria-label')).toBe('Sidor');
      const older = nav.locator('a[rel=next]');
      expect(await older.textContent()).toBe('Äldre händelser');
      const box = (await older.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(44);
      expect(box.width).toBeGreaterThanOrEqual(44);
      const firstIds = await page.locator('tbody tr').count();
      expect(firstIds).toBe(50);
      const response = await clickAndWait(page, 'nav.pagination a[rel=next]');
      expect(response?.status()).toBe(200);
      expect(page.url()).toContain('from=2000-01-01');
      expect(page.url()).toMatch(/before=\d+/);
      expect(await page.locator('nav.pagination a[rel=prev]').textContent()).toBe('Nyare händelser');
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await expectNoAxeViolations(page);
      await clickAndWait(page, 'nav.pagination a[rel=prev]');
      expect(page.url()).toMatch(/after=\d+/);
      expect(await page.locator('tbody tr').count()).toBe(50);
      // A cursor that cannot be one answers the newest page, never an error.
      expect((await page.goto('/admin/audit?before=abc&after=-1'))?.status()).toBe(200);
      expect(await page.locator('nav.pagination a[rel=prev]').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
