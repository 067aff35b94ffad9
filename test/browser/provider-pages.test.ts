// The provider's pages after a charge, driven in Chromium with JavaScript off: charge → receipt →
// refund with a reason → refund receipt; own charges and settlement; axe in both languages.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { axeBothLanguages, expectNoAxeViolations, launchBrowser, openPage, signIn, clickAndWait } from '../helpers/browser';

const PROVIDER = 'provider@example.fi';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `horizontal scroll on ${page.url()}`).toBeLessThanOrEqual(0);
}

describe.sequential('after a charge', () => {
  let chargeReceipt = '';
  let refundReceipt = '';

  test('a charge through the charge form lands on its receipt', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    await signIn(page, PROVIDER);
    await page.goto('/provider/charge');
    await page.fill('#phone', '040 123 4567');
    await page.getByLabel(/^siivous,/).check();
    await page.fill('#quantity', '0,5');
    await clickAndWait(page, 'form:has(input[name=intent][value=preview]) button[type=submit]');
    const response = await clickAndWait(page, 'form:has(input[name=intent][value=confirm]) button[type=submit]');
    expect(response?.status()).toBe(200);
    const url = new URL(page.url());
    expect(url.pathname).toMatch(/^\/provider\/receipts\/\d{4}-[A-Z0-9]+$/);
    chargeReceipt = url.pathname.split('/').pop()!;
    expect(await page.textContent('h1')).toBe('Veloitus tehty');
    expect(await page.textContent('.receipt-number')).toBe(chargeReceipt);
    // Each receipt has a title of its own (tabs, history).
    expect(await page.title()).toBe(`Veloitus tehty, kuitti ${chargeReceipt} – Avain`);
    const main = (await page.textContent('main'))!;
    expect(main).toContain('Aino K.');
    expect(main).not.toContain('Korhonen');
    expect(main).toContain('Kainuun Kotisiivous Oy');
    expect(main).toMatch(/21,00\s€/);
    expect(await page.getAttribute('a[href="/provider/charge"].button', 'href')).toBe('/provider/charge');
    expect(await page.locator(`main a[href="/provider/refund/${chargeReceipt}"]`).count()).toBe(1);
    await context.close();
  });

  test('the receipt page passes axe in Finnish and Swedish, also at 360 px', async () => {
    await axeBothLanguages(browser, `/provider/receipts/${chargeReceipt}`, { email: PROVIDER });
    await axeBothLanguages(browser, `/provider/receipts/${chargeReceipt}`, { email: PROVIDER, width: 360 });
  });

  test('the refund form passes axe, also at 360 px', async () => {
    await axeBothLanguages(browser, `/provider/refund/${chargeReceipt}`, { email: PROVIDER });
    await axeBothLanguages(browser, `/provider/refund/${chargeReceipt}`, { email: PROVIDER, width: 360 });
  });

  test.each([
    { lang: 'fi' as const, width: 1024, summary: 'Tarkista nämä kohdat', error: 'Kirjoita hyvityksen syy', prefix: /^Virhe:/ },
    { lang: 'sv' as const, width: 360, summary: 'Kontrollera', error: 'Skriv orsaken till gottgörelsen', prefix: /^Fel:/ },
  ])('a refund without a reason: 400, error summary and inline error ($lang, $width px)', async ({ lang, width, summary, error, prefix }) => {
    const { context, page } = await openPage(browser, { lang, width });
    await signIn(page, PROVIDER);
    await page.goto(`/provider/refund/${chargeReceipt}`);
    const response = await clickAndWait(page, 'main form button[type=submit]');
    expect(response?.status()).toBe(400);
    expect(await page.title()).toMatch(prefix);
    expect(await page.textContent('.error-summary')).toContain(summary);
    expect(await page.textContent('#reason-error')).toContain(error);
    expect(await page.getAttribute('#reason', 'aria-describedby')).toBe('reason-hint reason-error');
    await expectNoAxeViolations(page);
    await expectNoHorizontalScroll(page);
    await context.close();
  });

  test('refund with a reason: the refund receipt names the charge and the reason', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    await signIn(page, PROVIDER);
    await page.goto(`/provider/receipts/${chargeReceipt}`);
    await Promise.all([page.waitForNavigation(), page.click(`main a[href="/provider/refund/${chargeReceipt}"]`)]);
    expect(new URL(page.url()).pathname).toBe(`/provider/refund/${chargeReceipt}`);
    // A first try with a reason that is too long keeps what was typed.
    await page.fill('#reason', 'x'.repeat(501));
    expect((await clickAndWait(page, 'main form button[type=submit]'))?.status()).toBe(400);
    expect(await page.inputValue('#reason')).toHaveLength(501);
    await page.fill('#reason', 'Asiakas peruutti, väärä määrä');
    const response = await clickAndWait(page, 'main form button[type=submit]');
    expect(response?.status()).toBe(200);
    const url = new URL(page.url());
    expect(url.pathname).toMatch(/^\/provider\/receipts\/\d{4}-[A-Z0-9]+$/);
    refundReceipt = url.pathname.split('/').pop()!;
    expect(refundReceipt).not.toBe(chargeReceipt);
    expect(await page.textContent('h1')).toBe('Hyvitys tehty');
    expect(await page.title()).toBe(`Hyvitys tehty, kuitti ${refundReceipt} – Avain`);
    const main = (await page.textContent('main'))!;
    expect(main).toContain(`kuitin numero on ${chargeReceipt}`);
    expect(main).toContain('Asiakas peruutti, väärä määrä');
    // The charge can no longer be refunded: its receipt links to the refund instead.
    await page.goto(`/provider/receipts/${chargeReceipt}`);
    expect(await page.locator(`main a[href="/provider/refund/${chargeReceipt}"]`).count()).toBe(0);
    expect(await page.locator(`main a[href="/provider/receipts/${refundReceipt}"]`).count()).toBe(1);
    // The back button and a resent form refund nothing more.
    await page.goto(`/provider/refund/${chargeReceipt}`);
    expect(await page.title()).toBe(`Hyvitä veloitus ${chargeReceipt} – Avain`);
    expect(await page.textContent('[role=alert]')).toContain('on jo hyvitetty');
    expect(await page.locator('#reason').count()).toBe(0);
    await context.close();
  });

  test('the refund receipt passes axe in both languages, also at 360 px', async () => {
    await axeBothLanguages(browser, `/provider/receipts/${refundReceipt}`, { email: PROVIDER });
    await axeBothLanguages(browser, `/provider/receipts/${refundReceipt}`, { email: PROVIDER, width: 360 });
  });

  test('own charges list both rows, filters by service with a plain GET form', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    await signIn(page, PROVIDER);
    await Promise.all([page.waitForNavigation(), page.click('.main-nav a[href="/provider/charges"]')]);
    expect(await page.getAttribute('.main-nav a[href="/provider/charges"]', 'aria-current')).toBe('page');
    const table = (await page.textContent('table'))!;
    expect(table).toContain(chargeReceipt);
    expect(table).toContain(refundReceipt);
    expect(table).toContain('Hyvitys');
    await page.selectOption('#service', { label: 'talkkaripalvelu' });
    await clickAndWait(page, 'form.filter-form button[type=submit]');
    const url = new URL(page.url());
    expect(url.searchParams.get('service')).not.toBe('');
    expect(url.searchParams.get('month')).toMatch(/^\d{4}-\d{2}$/);
    expect(await page.textContent('main')).not.toContain(chargeReceipt);
    const bad = await page.goto('/provider/charges?month=2026-13');
    expect(bad?.status()).toBe(400);
    expect(await page.title()).toMatch(/^Virhe:/);
    await context.close();
  });

  test('own charges and settlement pass axe in both languages, also at 360 px', async () => {
    for (const path of ['/provider/charges', '/provider/settlement']) {
      await axeBothLanguages(browser, path, { email: PROVIDER });
      await axeBothLanguages(browser, path, { email: PROVIDER, width: 360 });
    }
    await axeBothLanguages(browser, '/provider/charges?month=nope', { email: PROVIDER, status: 400 });
  });

  test('settlement shows the month and downloads a CSV', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    await signIn(page, PROVIDER);
    await page.goto('/provider/settlement');
    expect(await page.textContent('h1')).toMatch(/^Tilitys: /);
    expect(await page.textContent('table')).toMatch(/siivous/i);
    const href = (await page.getAttribute('a[href^="/provider/settlement.csv"]', 'href'))!;
    expect(href).toMatch(/^\/provider\/settlement\.csv\?month=\d{4}-\d{2}$/);
    const csv = await page.request.get(href);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers()['content-disposition']).toMatch(/^attachment; filename="avain-tilitys-\d{4}-\d{2}\.csv"$/);
    const body = await csv.body();
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(body.toString('utf8')).toContain('Palvelu;Veloitusten määrä;');
    await context.close();
  });

  test.each(['/provider/charges', '/provider/settlement', '/provider/refund/', '/provider/receipts/'])(
    '%s reflows at 320 px without horizontal page scrolling',
    async (path) => {
      const { context, page } = await openPage(browser, { lang: 'fi', width: 320, height: 640 });
      await signIn(page, PROVIDER);
      await page.goto(path.endsWith('/') ? `${path}${chargeReceipt}` : path);
      await expectNoHorizontalScroll(page);
      const buttons = page.locator('main .button');
      for (let i = 0; i < (await buttons.count()); i++) {
        expect((await buttons.nth(i).boundingBox())!.height).toBeGreaterThanOrEqual(44);
      }
      await context.close();
    },
  );

  test('other roles get 403 on the receipt and the CSV', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    await signIn(page, 'client@example.fi');
    expect((await page.goto(`/provider/receipts/${chargeReceipt}`))?.status()).toBe(403);
    expect((await page.request.get('/provider/settlement.csv')).status()).toBe(403);
    await context.close();
  });
});
