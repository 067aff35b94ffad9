// The whole charge flow on a 360 px phone with JavaScript off, in Finnish and Swedish.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { axeBothLanguages, expectNoAxeViolations, launchBrowser, openPage, signIn, clickAndWait } from '../helpers/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const PHONE = { width: 360, height: 740 };

async function fillCharge(page: Page, phone: string, quantity: string) {
  await page.goto('/provider/charge');
  await page.fill('#phone', phone);
  await page.check('#serviceId'); // first service: cleaning
  await page.fill('#quantity', quantity);
}

describe('charging by phone number, JavaScript off, 360 px', () => {
  test('form → check → confirm → receipt; the back button and a resend do not charge twice', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi', ...PHONE });
    await signIn(page, 'provider@example.fi');
    await fillCharge(page, '040-123 4567', '0,5');
    expect(await page.inputValue('#serviceDate')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const check = await clickAndWait(page, 'form:has(input[name=intent][value=preview]) button[type=submit]');
    expect(check?.status()).toBe(200);
    expect(await page.textContent('h1')).toBe('Tarkista ja vahvista veloitus');
    const summary = await page.textContent('main');
    expect(summary).toContain('Aino K.');
    expect(summary).not.toContain('Korhonen');
    expect(summary).toMatch(/21,00\s€/);
    await expectNoAxeViolations(page);
    const confirmButton = await page.locator('form:has(input[name=intent][value=confirm]) button[type=submit]').boundingBox();
    expect(confirmButton!.height).toBeGreaterThanOrEqual(44);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    const confirmation = await page.$$eval('main form input[type=hidden]', (inputs) =>
      Object.fromEntries(inputs.map((input) => [(input as HTMLInputElement).name, (input as HTMLInputElement).value])),
    );
    await clickAndWait(page, 'form:has(input[name=intent][value=confirm]) button[type=submit]');
    const receiptUrl = page.url();
    expect(receiptUrl).toMatch(/\/provider\/receipts\/\d{4}-[A-Z2-9]{6}$/);
    const receipt = receiptUrl.split('/').pop()!;
    expect(await page.textContent('main')).toContain(receipt);

    // The browser resends the confirmation (back button, double click): same receipt, one charge.
    for (let i = 0; i < 3; i++) {
      const resend = await context.request.post('/provider/charge', { form: { ...confirmation, intent: 'confirm' }, maxRedirects: 0 });
      expect(resend.status()).toBe(303);
      expect(resend.headers()['location']).toBe(`/provider/receipts/${receipt}`);
    }
    await page.goto('/provider/charges');
    const rows = await page.locator("tbody tr", { hasText: receipt }).count();
    expect(rows).toBe(1);
    await context.close();
  });

  test('bad input shows the error summary and keeps what was typed (Swedish)', async () => {
    const { context, page } = await openPage(browser, { lang: 'sv', ...PHONE });
    await signIn(page, 'provider@example.fi');
    await fillCharge(page, 'ring mig', '-2');
    const response = await clickAndWait(page, 'form:has(input[name=intent][value=preview]) button[type=submit]');
    expect(response?.status()).toBe(400);
    expect(await page.title()).toMatch(/^Fel:/);
    expect(await page.textContent('.error-summary')).toContain('Kontrollera följande');
    expect(await page.inputValue('#phone')).toBe('ring mig');
    expect(await page.inputValue('#quantity')).toBe('-2');
    expect(await page.textContent('#phone-error')).toContain('040 123 4567');
    await expectNoAxeViolations(page);
    await context.close();
  });

  test('an unknown number gets the neutral message', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi', ...PHONE });
    await signIn(page, 'provider@example.fi');
    await fillCharge(page, '050 999 7777', '1');
    const response = await clickAndWait(page, 'form:has(input[name=intent][value=preview]) button[type=submit]');
    expect(response?.status()).toBe(422);
    expect(await page.title()).toMatch(/^Virhe: /);
    expect(await page.textContent('.error-summary')).toContain('Tätä veloitusta ei voi tehdä');
    await context.close();
  });

  test('the charge form passes axe in both languages, on a phone too', async () => {
    await axeBothLanguages(browser, '/provider/charge', { email: 'provider@example.fi' });
    await axeBothLanguages(browser, '/provider/charge', { email: 'provider@example.fi', width: 360 });
  });
});
