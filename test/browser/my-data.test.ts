// "Omat tietoni" / "Mina uppgifter" in a real browser with JavaScript off: the administrator opens
// a client who is not their own (a reason first), then the client sees that in plain words on
// "who has looked at my data", filters it and takes a copy of their data. axe in Finnish and
// Swedish on every new page; no layout tables. The browser database is shared with other files,
// so nothing here counts absolute numbers.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { axeBothLanguages, expectNoAxeViolations, launchBrowser, openPage, signIn, clickAndWait } from '../helpers/browser';

let browser: Browser;
let ainoId: number;
let elsaId: number;
beforeAll(async () => {
  browser = await launchBrowser();
  process.env.DATABASE_PATH = inject('databasePath');
  const { eq } = await import('drizzle-orm');
  const { getDb } = await import('../../db/client.server');
  const { clients } = await import('../../db/schema');
  ainoId = getDb().select().from(clients).where(eq(clients.phone, '+358401234567')).get()!.id;
  elsaId = getDb().select().from(clients).where(eq(clients.lastName, 'Nyström')).get()!.id;
});
afterAll(async () => {
  await browser?.close();
});

describe('a reason, then the client sees it (JavaScript off)', () => {
  const reasonText = 'Asiakas soitti neuvontaan ja pyysi tarkistamaan budjettinsa.';

  test('the administrator opens Aino Korhonen from the client list: a reason first', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    try {
      await signIn(page, 'admin@example.fi');
      await page.goto('/admin/clients');
      await clickAndWait(page, 'main a:has-text("Korhonen, Aino")');
      expect(await page.textContent('h1')).toBe('Miksi avaat tämän asiakkaan tiedot?');
      expect(await page.textContent('main')).not.toContain('+358');
      await expectNoAxeViolations(page);
      // Nothing chosen: the error summary and inline errors, 400.
      const refused = await clickAndWait(page, 'main form button[type=submit]');
      expect(refused?.status()).toBe(400);
      expect(await page.textContent('.error-summary')).toContain('Valitse syy.');
      await expectNoAxeViolations(page);
      await page.check('#reasonCode-client_request');
      await page.fill('#reasonText', reasonText);
      const opened = await clickAndWait(page, 'main form button[type=submit]');
      expect(opened?.status()).toBe(200);
      expect(await page.textContent('h1')).toBe('Aino Korhonen');
      expect(await page.textContent('main')).toContain(reasonText);
      await expectNoAxeViolations(page);
    } finally {
      await context.close();
    }
  });

  test('Aino finds it from her start page, in plain words, newest first, and filters it', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    try {
      await signIn(page, 'client@example.fi');
      await page.goto('/client');
      await clickAndWait(page, 'main a[href="/my-data"]');
      expect(await page.textContent('h1')).toBe('Omat tietoni');
      await clickAndWait(page, 'main a[href="/my-data/access"]');
      expect(await page.textContent('h1')).toBe('Kuka on katsonut tietoja');
      expect(await page.locator('main table').count()).toBe(0);
      const first = (await page.locator('ol.access-log > li').first().textContent()) ?? '';
      expect(first).toMatch(/^[^,]+, hyvinvointialueen ylläpitäjä, avasi asiakastietosi \d{1,2}\.\d{1,2}\.\d{4} klo \d{1,2}\.\d{2} – ilmoitettu syy/);
      expect(first).toContain(reasonText);
      await page.selectOption('#kind', 'reason');
      await clickAndWait(page, 'main form button[type=submit]');
      expect(new URL(page.url()).searchParams.get('kind')).toBe('reason');
      const rows = await page.locator('ol.access-log > li').allTextContents();
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row).toContain('kertoi syyn avata tietosi');
    } finally {
      await context.close();
    }
  });

  test('the copy prints as one document and the JSON downloads; settings link to it', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    try {
      await signIn(page, 'client@example.fi');
      await page.goto('/settings');
      await clickAndWait(page, 'main a[href="/my-data"]');
      await clickAndWait(page, 'main a[href="/my-data/copy"]');
      expect(await page.textContent('h1')).toBe('Kopio tiedoista');
      const main = (await page.textContent('main')) ?? '';
      expect(main).toContain('Aino Korhonen');
      expect(main).toContain('+358401234567');
      const json = await page.request.get('/my-data/copy.json');
      expect(json.headers()['content-disposition']).toMatch(/^attachment/);
      expect((await json.json()).profile.lastName).toBe('Korhonen');
    } finally {
      await context.close();
    }
  });
});

describe('axe in Finnish and Swedish', () => {
  test('/my-data, /my-data/access and /my-data/copy for the client', async () => {
    for (const path of ['/my-data', '/my-data/access', '/my-data/copy']) await axeBothLanguages(browser, path, { email: 'client@example.fi' });
  });

  test('a representative: choosing whom they act for, then that client’s log', async () => {
    await axeBothLanguages(browser, '/my-data/access', { email: 'caregiver@example.fi' });
  });

  test('the reason prompt for an administrator, and the worker’s copy', async () => {
    await axeBothLanguages(browser, `/records/${elsaId}`, { email: 'admin@example.fi' });
    await axeBothLanguages(browser, `/worker/clients/${ainoId}/copy`, { email: 'worker@example.fi' });
  });
});
