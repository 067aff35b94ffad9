// Acting for someone with JavaScript off: sign in → choose on /act-for → budget → change → the
// other client; axe in Finnish and Swedish on /act-for and the worker's representatives form.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { axeBothLanguages, expectNoAxeViolations, launchBrowser, openPage, signIn, signInAtDemoIdp, clickAndWait } from '../helpers/browser';

const CAREGIVER = 'caregiver@example.fi'; // Marja Kinnunen, represents Eetu and Helmi

let browser: Browser;
let ainoId: number;

beforeAll(async () => {
  browser = await launchBrowser();
  process.env.DATABASE_PATH = inject('databasePath');
  const { eq } = await import('drizzle-orm');
  const { getDb } = await import('../../db/client.server');
  const { clients } = await import('../../db/schema');
  ainoId = getDb().select().from(clients).where(eq(clients.phone, '+358401234567')).get()!.id;
});
afterAll(async () => {
  await browser?.close();
  const { closeDb } = await import('../../db/client.server');
  closeDb();
});

describe('with JavaScript off', () => {
  test('sign in, choose Eetu, his budget, change to Helmi, her budget', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    await signInAtDemoIdp(page, 'Marja Kinnunen');
    expect(new URL(page.url()).pathname).toBe('/act-for');
    expect(await page.textContent('h1')).toBe('Kenen asioita hoidat?');
    expect(await page.locator('.acting-for').count()).toBe(0);
    // Nothing chosen: the error summary and the inline error.
    await clickAndWait(page, 'form[action="/act-for"] button[type=submit]');
    expect(await page.textContent('.error-summary')).toContain('Valitse, kenen asioita hoidat');
    await expectNoAxeViolations(page);
    await page.getByLabel('Eetu Kinnunen').check();
    await clickAndWait(page, 'form[action="/act-for"] button[type=submit]');
    expect(await page.textContent('.acting-for')).toContain('Asioit: Eetu Kinnunen');
    expect(await page.textContent('main')).not.toContain('Helmi');

    await clickAndWait(page, '.main-nav a[href="/budget"]');
    expect(await page.textContent('h1')).toBe('Budjetti: Eetu Kinnunen');

    await clickAndWait(page, '.acting-for a[href="/act-for"]');
    expect(await page.textContent('h1')).toBe('Kenen asioita hoidat?');
    await page.getByLabel('Helmi Kinnunen').check();
    await clickAndWait(page, 'form[action="/act-for"] button[type=submit]');
    expect(await page.textContent('.acting-for')).toContain('Asioit: Helmi Kinnunen');
    await clickAndWait(page, '.main-nav a[href="/budget"]');
    expect(await page.textContent('h1')).toBe('Budjetti: Helmi Kinnunen');
    expect(await page.textContent('main')).not.toContain('Eetu');
    await context.close();
  });

  test('the header says whom one acts for in Swedish too', async () => {
    const { context, page } = await openPage(browser, { lang: 'sv' });
    await signIn(page, CAREGIVER, undefined, { actingFor: 'Helmi Kinnunen' });
    expect(await page.textContent('.acting-for')).toContain('Du sköter ärenden för Helmi Kinnunen');
    await context.close();
  });
});

describe('accessibility', () => {
  test('/act-for in Finnish and Swedish', async () => {
    await axeBothLanguages(browser, '/act-for', { email: CAREGIVER });
  });

  test('the representatives form with its basis and validity, and its errors', async () => {
    const path = `/worker/clients/${ainoId}/representatives`;
    await axeBothLanguages(browser, path, { email: 'worker@example.fi' });
    const { context, page } = await openPage(browser, { lang: 'fi' });
    await signIn(page, 'worker@example.fi');
    await page.goto(path);
    await page.fill('#nationalId', '080808A9112');
    await page.check('#basis-court_guardian');
    await page.fill('#validUntil', '2020-01-01');
    await page.fill('#validFrom', '2021-01-01');
    const response = await clickAndWait(page, 'main form:has(#basis) button[type=submit]');
    expect(response?.status()).toBe(400);
    expect(await page.textContent('.error-summary')).toContain('edunvalvojan määräämistä');
    expect(await page.inputValue('#validFrom')).toBe('2021-01-01');
    expect(await page.isChecked('#basis-court_guardian')).toBe(true);
    await expectNoAxeViolations(page);
    await context.close();
  });
});
