// The budget page with JavaScript off, in Finnish and Swedish: a client's own budget, a
// representative choosing a client, a used-up line, the printable statement and month errors.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { axeBothLanguages, expectNoAxeViolations, launchBrowser, openPage, signIn, clickAndWait } from '../helpers/browser';

const CLIENT = 'client@example.fi'; // Aino Korhonen
const CAREGIVER = 'caregiver@example.fi'; // Marja Kinnunen, represents Eetu and Helmi
const PHONE = { width: 360, height: 740 };

let browser: Browser;
let eetuId: number;

/**
 * Uses up Eetu's cleaning line (150,00 € a month) in the server's database, so the page has to
 * explain a zero balance. Kainuun Lapsiperheapu Oy cleans at 40,00 €/h, so 3,75 h is exactly 150 €;
 * it has no staff user in the demo data, so one is added for the charge.
 */
async function useUpEetusCleaning() {
  process.env.DATABASE_PATH = inject('databasePath');
  const { eq } = await import('drizzle-orm');
  const { getDb } = await import('../../db/client.server');
  const { clients, providers, services, users } = await import('../../db/schema');
  const { chargeBudget } = await import('../../app/domain/charge.server');
  const { helsinkiDate } = await import('../../app/domain/months');
  const db = getDb();
  const eetu = db.select().from(clients).where(eq(clients.phone, '+358442718935')).get()!;
  const provider = db.select().from(providers).where(eq(providers.name, 'Kainuun Lapsiperheapu Oy')).get()!;
  const cleaning = db.select().from(services).where(eq(services.code, 'cleaning')).get()!;
  const staff = db
    .insert(users)
    .values({ email: 'budget-browser-test@example.fi', passwordHash: 'not used', role: 'provider', firstName: 'Testi', lastName: 'Tuottaja', providerId: provider.id })
    .returning()
    .get();
  const result = await chargeBudget(
    { userId: staff.id, providerId: provider.id, ip: '127.0.0.1' },
    { phone: eetu.phone, serviceId: cleaning.id, quantityHundredths: 375, serviceDate: helsinkiDate() },
    'budget-browser-test-1',
  );
  expect(result.kind).toBe('charged');
  const { refundCharge } = await import('../../app/domain/charge.server');
  // The server's database is shared by every browser file: give the line back afterwards, so a later
  // file (disputes) can still charge Eetu's cleaning this month.
  giveBack = () => {
    if (result.kind !== 'charged') return;
    const refund = refundCharge({ userId: staff.id, providerId: provider.id, ip: '127.0.0.1' }, result.receiptNumber, 'budget browser test done', 'budget-browser-test-refund-1');
    expect(refund.kind).toBe('refunded');
  };
  return eetu.id;
}
let giveBack: (() => void) | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
  eetuId = await useUpEetusCleaning();
});
afterAll(async () => {
  await browser?.close();
  giveBack?.();
  const { closeDb } = await import('../../db/client.server');
  closeDb();
});

async function horizontalOverflow(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe('the budget pages pass axe in Finnish and Swedish', () => {
  test('a client on /budget', async () => {
    await axeBothLanguages(browser, '/budget', { email: CLIENT });
  });

  test('a client on /budget at 360 px', async () => {
    await axeBothLanguages(browser, '/budget', { email: CLIENT, width: PHONE.width });
  });

  test('a representative on the budget of the client acted for', async () => {
    await axeBothLanguages(browser, '/budget', { email: CAREGIVER });
  });

  test('a representative on a chosen client with a used-up line, also at 360 px', async () => {
    await axeBothLanguages(browser, `/budget?client=${eetuId}`, { email: CAREGIVER });
    await axeBothLanguages(browser, `/budget?client=${eetuId}`, { email: CAREGIVER, width: PHONE.width });
  });

  test('the printable statement, also at 360 px', async () => {
    await axeBothLanguages(browser, '/budget/statement', { email: CLIENT });
    await axeBothLanguages(browser, `/budget/statement?client=${eetuId}`, { email: CAREGIVER, width: PHONE.width });
  });

  test('a malformed month is a clear 400 page', async () => {
    await axeBothLanguages(browser, '/budget?month=2026-13', { email: CLIENT, status: 400 });
  });
});

describe('with JavaScript off', () => {
  test('the caregiver acting for Eetu sees the lines, the used-up explanation and the statement', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi', ...PHONE });
    await signIn(page, CAREGIVER, undefined, { actingFor: 'Eetu Kinnunen' });
    await clickAndWait(page, '.main-nav a[href="/budget"]');
    expect(await page.textContent('h1')).toBe('Budjetti: Eetu Kinnunen');
    expect(await page.title()).toMatch(/^Budjetti: Eetu Kinnunen, \S+ \d{4} – Avain$/);
    const lines = await page.locator('.budget-line h3').allTextContents();
    expect(lines).toEqual(['Lastenhoito', 'Siivous']);
    const cleaning = await page.locator('.budget-line', { hasText: 'Siivous' }).textContent();
    expect(cleaning).toMatch(/Kuukauden summa\s*150,00\s€/);
    expect(cleaning).toMatch(/Jäljellä\s*0,00\s€/);
    expect(cleaning).toContain('raha on käytetty loppuun');
    expect(cleaning).toContain('Sanna Heikkinen');
    expect(cleaning).toContain('worker@example.fi');
    expect(await page.locator('.budget-line', { hasText: 'Lastenhoito' }).locator('.used-up').count()).toBe(0);
    const table = page.locator('table.transactions');
    expect(await table.locator('caption').textContent()).toContain('Veloitukset ja hyvitykset');
    expect(await table.locator('tbody tr').count()).toBe(1);
    expect(await table.textContent()).toContain('Kainuun Lapsiperheapu Oy');
    expect(await table.textContent()).toMatch(/3,75 tuntia/);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    const statementLink = page.locator('a[href^="/budget/statement"]');
    expect((await statementLink.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await Promise.all([page.waitForNavigation(), statementLink.click()]);
    expect(await page.textContent('h1')).toBe('Budjetin yhteenveto: Eetu Kinnunen');
    // Each client's and month's statement has its own title.
    expect(await page.title()).toMatch(/^Budjetin kuukausiyhteenveto: Eetu Kinnunen, \S+ \d{4} – Avain$/);
    expect(await page.textContent('.print-hint')).toContain('Tulosta');
    expect(await page.textContent('main')).toMatch(/Jäljellä yhteensä\s*150,00\s€/);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await clickAndWait(page, 'main a[href^="/budget?"]');
    expect(await page.textContent('h1')).toBe('Budjetti: Eetu Kinnunen');
    // Another client is chosen on /act-for, never by a link straight to their budget.
    await clickAndWait(page, 'main a[href^="/act-for"]');
    expect(await page.textContent('h1')).toBe('Kenen asioita hoidat?');
    await context.close();
  });

  test('a client sees their lines in Swedish and earlier months one link away', async () => {
    const { context, page } = await openPage(browser, { lang: 'sv' });
    await signIn(page, CLIENT);
    await page.goto('/budget');
    expect(await page.textContent('h1')).toBe('Min budget');
    expect(await page.locator('.budget-line h3').allTextContents()).toEqual(['Måltidsservice', 'Städning']);
    expect(await page.textContent('main')).toMatch(/Månadens belopp\s*300,00\s€/);
    expect(await page.locator('.month-links a[aria-current=page]').textContent()).toContain('innevarande månad');
    const earlier = page.locator('.month-links a:not([aria-current])').first();
    const href = await earlier.getAttribute('href');
    expect(href).toMatch(/^\/budget\?month=\d{4}-\d{2}$/);
    await Promise.all([page.waitForNavigation(), earlier.click()]);
    expect(await page.textContent('main')).toContain('Den här månaden har tagit slut');
    expect(await page.locator('.month-links a[aria-current=page]').getAttribute('href')).toBe(href);
    await context.close();
  });

  test('a client asking for another client gets 404; a future month gets 404; a bad month 400', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    await signIn(page, CLIENT);
    const other = await page.goto(`/budget?client=${eetuId}`);
    expect(other?.status()).toBe(404);
    expect(await page.textContent('main')).not.toContain('Eetu');
    const future = await page.goto('/budget?month=2999-01');
    expect(future?.status()).toBe(404);
    expect(await page.textContent('h1')).toBe('Kuukausi ei ole vielä alkanut');
    const bad = await page.goto('/budget/statement?month=marraskuu');
    expect(bad?.status()).toBe(400);
    expect(await page.textContent('h1')).toBe('Kuukautta ei voitu näyttää');
    expect(await page.title()).toMatch(/^Virhe:/);
    await expectNoAxeViolations(page);
    await context.close();
  });

  test('the budget page reflows at 320 px', async () => {
    for (const path of ['/budget', '/budget/statement']) {
      const { context, page } = await openPage(browser, { lang: 'fi', width: 320, height: 640 });
      await signIn(page, CLIENT);
      await page.goto(path);
      expect(await horizontalOverflow(page), path).toBeLessThanOrEqual(0);
      await context.close();
    }
  });
});
