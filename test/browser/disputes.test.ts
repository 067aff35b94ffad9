// Disputing a charge in a real browser with JavaScript off: the client from the budget page, a
// representative from the receipt message's link, the worker closing it from the inbox, the
// provider seeing it; and axe in Finnish and Swedish on every page this feature adds or changes.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { axeBothLanguages, expectNoAxeViolations, launchBrowser, openPage, signIn, clickAndWait } from '../helpers/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const AINO = '040 123 4567';
const EETU = '044 271 8935';
const PHONE = { width: 360, height: 740 };

/** The provider charges a quarter hour of cleaning; returns the receipt number. */
async function chargeCleaning(phone: string): Promise<string> {
  const { context, page } = await openPage(browser, { lang: 'fi' });
  try {
    await signIn(page, 'provider@example.fi');
    await page.goto('/provider/charge');
    await page.fill('#phone', phone);
    await page.check('#serviceId');
    await page.fill('#quantity', '0,25');
    await clickAndWait(page, 'form:has(input[name=intent][value=preview]) button[type=submit]');
    await clickAndWait(page, 'form:has(input[name=intent][value=confirm]) button[type=submit]');
    const receipt = page.url().split('/').pop()!;
    expect(receipt).toMatch(/^\d{4}-[A-Z2-9]{6}$/);
    return receipt;
  } finally {
    await context.close();
  }
}

describe('the client disputes a charge from the budget page, JavaScript off, 360 px', () => {
  let receipt: string;

  test('budget page → dispute form → error summary on no choice → sent → shown as disputed', async () => {
    receipt = await chargeCleaning(AINO);
    const { context, page } = await openPage(browser, { lang: 'fi', ...PHONE });
    await signIn(page, 'client@example.fi');
    await page.goto('/budget');
    await clickAndWait(page, `a[href="/budget/dispute/${receipt}"]`);
    expect(await page.textContent('h1')).toBe('Ilmoita ongelmasta veloituksessa');
    expect(await page.textContent('main')).toContain(receipt);

    await page.fill('#note', 'Siivooja ei tullut.');
    const refused = await clickAndWait(page, 'main form button[type=submit]');
    expect(refused?.status()).toBe(400);
    expect(await page.textContent('.error-summary')).toContain('Valitse, mikä veloituksessa on vialla.');
    expect(await page.textContent('#reason-error')).toContain('Valitse, mikä veloituksessa on vialla.');
    expect(await page.inputValue('#note')).toBe('Siivooja ei tullut.');
    await expectNoAxeViolations(page);

    await page.check('#reason');
    const sent = await clickAndWait(page, 'main form button[type=submit]');
    expect(sent?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/budget');
    expect(await page.textContent('[role=status]')).toContain(receipt);
    expect(await page.textContent('section[aria-labelledby=disputes-title]')).toContain('Kiistetty, käsittelyssä');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });

  test('the provider sees it disputed and may refund it; the own worker closes it with a reason the client sees', async () => {
    const provider = await openPage(browser, { lang: 'fi' });
    await signIn(provider.page, 'provider@example.fi');
    await provider.page.goto(`/provider/receipts/${receipt}`);
    expect(await provider.page.textContent('main')).toContain('Kiistetty');
    expect(await provider.page.locator(`a[href="/provider/refund/${receipt}"]`).count()).toBe(1);
    await provider.page.goto('/provider/charges');
    expect(await provider.page.textContent(`tr:has(a[href="/provider/receipts/${receipt}"])`)).toContain('Kiistetty');
    await provider.context.close();

    const worker = await openPage(browser, { lang: 'fi' });
    await signIn(worker.page, 'worker@example.fi');
    await worker.page.goto('/worker/disputes');
    const section = worker.page.locator(`section:has(h2:has-text("${receipt}"))`);
    expect(await section.textContent()).toContain('Siivooja ei tullut.');
    const id = await section.locator('input[name=disputeId]').inputValue();
    await worker.page.fill(`#closeReason-${id}`, 'Käynti on kirjattu, soitan sinulle.');
    await clickAndWait(worker.page, `section:has(h2:has-text("${receipt}")) button[type=submit]`);
    expect(await worker.page.textContent('[role=status]')).toContain('Kiista on suljettu.');
    await worker.context.close();

    const client = await openPage(browser, { lang: 'fi' });
    await signIn(client.page, 'client@example.fi');
    await client.page.goto('/budget');
    const disputes = await client.page.textContent('section[aria-labelledby=disputes-title]');
    expect(disputes).toContain('Kiistetty, käsitelty');
    expect(disputes).toContain('Käynti on kirjattu, soitan sinulle.');
    await client.context.close();
  });
});

describe('a representative disputes from the receipt message’s link, JavaScript off', () => {
  test('the link opens the form; the answer comes back to that client’s budget', async () => {
    const receipt = await chargeCleaning(EETU);
    const { context, page } = await openPage(browser, { lang: 'sv' });
    await signIn(page, 'caregiver@example.fi', undefined, { actingFor: 'Eetu Kinnunen' });
    await page.goto(`/budget/dispute/${receipt}`);
    expect(await page.textContent('h1')).toBe('Meddela ett problem med en debitering');
    await page.check('#reason-wrong_amount');
    await clickAndWait(page, 'main form button[type=submit]');
    const url = new URL(page.url());
    expect(url.pathname).toBe('/budget');
    expect(url.searchParams.get('client')).toMatch(/^\d+$/);
    expect(await page.textContent('[role=status]')).toContain(receipt);
    expect(await page.textContent('section[aria-labelledby=disputes-title]')).toContain('Bestriden, under behandling');
    await context.close();
  });
});

describe('axe in Finnish and Swedish', () => {
  test('the dispute form at 360 px', async () => {
    const receipt = await chargeCleaning(AINO);
    await axeBothLanguages(browser, `/budget/dispute/${receipt}`, { email: 'client@example.fi', width: 360 });
  });

  test.each([
    ['/budget', 'client@example.fi'],
    ['/settings', 'client@example.fi'],
    ['/worker/disputes', 'worker@example.fi'],
    ['/provider/settlement', 'provider@example.fi'],
    ['/admin/settlement', 'admin@example.fi'],
  ])('%s as %s', async (path, email) => {
    await axeBothLanguages(browser, path, { email });
  });

  test('notification choices on the settings page work without JavaScript', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    await signIn(page, 'caregiver@example.fi');
    await page.goto('/settings');
    expect(await page.isChecked('#channel-sms')).toBe(true);
    await page.check('#channel');
    await page.check('#notifyLanguage-sv');
    await clickAndWait(page, 'form:has(input[name=intent][value=notifications]) button[type=submit]');
    expect(await page.textContent('[role=status]')).toContain('Ilmoitusasetukset on tallennettu.');
    expect(await page.isChecked('#channel')).toBe(true);
    expect(await page.isChecked('#notifyLanguage-sv')).toBe(true);
    await context.close();
  });
});
