// E-invoices in Chromium with JavaScript off: the provider builds last month's draft, checks it,
// downloads the Finvoice XML (valid against the official schema) and approves it; the region
// accepts it, marks it sent and paid, and downloads the month's archive and CSV. Every new page
// passes axe in Finnish and Swedish; another provider gets 404 for the invoice.
import type { Browser } from 'playwright-core';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { axeBothLanguages, expectNoAxeViolations, launchBrowser, openPage, signIn, clickAndWait } from '../helpers/browser';
import { parseFinvoice, schemaErrors } from '../helpers/finvoice';

// Provider 1 (cleaning): other browser tests mark the meals provider's last month invoiced.
const PROVIDER = 'provider@example.fi';
const ADMIN = 'admin@example.fi';
const OTHER = 'ateria@example.fi';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.sequential('e-invoices, JavaScript off', () => {
  let invoicePath = '';

  test('the provider\'s invoices page passes axe in Finnish and Swedish', async () => {
    await axeBothLanguages(browser, '/provider/invoices', { email: PROVIDER });
  });

  test('the provider builds last month\'s draft and lands on it', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    await signIn(page, PROVIDER);
    await page.goto('/provider/invoices');
    expect(await page.textContent('h1')).toBe('Laskut hyvinvointialueelle');
    const response = await clickAndWait(page, 'form[action="/provider/invoices"] button[type=submit]');
    expect(response?.status()).toBe(200);
    invoicePath = new URL(page.url()).pathname;
    expect(invoicePath).toMatch(/^\/invoices\/\d+$/);
    expect(await page.textContent('h1')).toMatch(/^Lasku \d+: /);
    const main = (await page.textContent('main'))!;
    expect(main).toContain('Kainuun Kotisiivous Oy');
    expect(main).toContain('Kainuun hyvinvointialue');
    expect(main).toContain('luonnos');
    expect(main).toContain('arvonlisäveroton');
    // The XML behind the download link passes the official Finvoice 3.0 schema.
    const href = await page.getAttribute('a[href$="/xml"]', 'href');
    const xml = await page.request.get(href!);
    expect(xml.headers()['content-type']).toBe('application/xml; charset=utf-8');
    const text = await xml.text();
    expect(schemaErrors(text)).toBe('');
    expect(main).toContain(parseFinvoice(text).invoiceNumber);
    await context.close();
  });

  test('the invoice page passes axe for the provider in both languages', async () => {
    await axeBothLanguages(browser, invoicePath, { email: PROVIDER });
  });

  test('the invoice page passes axe for the provider at 360 px', async () => {
    await axeBothLanguages(browser, invoicePath, { email: PROVIDER, width: 360 });
  });

  test('the invoice page passes axe for the region in both languages', async () => {
    await axeBothLanguages(browser, invoicePath, { email: ADMIN });
  });

  test('another provider gets 404 for the invoice and its XML', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    await signIn(page, OTHER);
    expect((await page.goto(invoicePath))?.status()).toBe(404);
    expect((await page.request.get(`${invoicePath}/xml`)).status()).toBe(404);
    await context.close();
  });

  test('the provider approves the draft (Swedish)', async () => {
    const { context, page } = await openPage(browser, { lang: 'sv' });
    await signIn(page, PROVIDER);
    await page.goto(invoicePath);
    await clickAndWait(page, 'form:has(input[name=intent][value=approve]) button[type=submit]');
    expect(await page.textContent('[role=status]')).toContain('Fakturan är godkänd');
    expect(await page.textContent('main')).toContain('godkänd av producenten');
    await context.close();
  });

  test('the region\'s month page passes axe in both languages', async () => {
    await axeBothLanguages(browser, '/admin/invoices', { email: ADMIN });
  });

  test('the region accepts, sends and marks paid, and downloads the archive and the CSV', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    await signIn(page, ADMIN);
    await page.goto('/admin/invoices');
    expect(await page.textContent('main')).toContain('tuottaja hyväksynyt');
    expect(await page.textContent('main')).toContain('Laskujen summa täsmää tilitykseen.');
    await clickAndWait(page, `main a[href="${invoicePath}"]`);
    await clickAndWait(page, 'form:has(input[name=intent][value=accept]) button[type=submit]');
    expect(await page.textContent('[role=status]')).toContain('Lasku on otettu vastaan');
    // A date in the future is refused with the error summary and the inline error.
    await page.fill('#send-date', '2999-01-01');
    const refused = await clickAndWait(page, 'form:has(input[name=intent][value=send]) button[type=submit]');
    expect(refused?.status()).toBe(400);
    expect(await page.title()).toMatch(/^Virhe:/);
    expect(await page.textContent('.error-summary')).toContain('Anna päivä, joka on tänään tai aiemmin');
    expect(await page.textContent('#send-date-error')).toContain('Anna päivä');
    expect(await page.inputValue('#send-date')).toBe('2999-01-01');
    await expectNoAxeViolations(page);
    await page.goto(invoicePath);
    await clickAndWait(page, 'form:has(input[name=intent][value=send]) button[type=submit]');
    expect(await page.textContent('[role=status]')).toContain('maksuun lähetetyksi');
    await clickAndWait(page, 'form:has(input[name=intent][value=pay]) button[type=submit]');
    expect(await page.textContent('[role=status]')).toContain('maksetuksi');
    const history = (await page.textContent('ol.plain-list'))!;
    for (const state of ['luonnos', 'tuottaja hyväksynyt', 'alue ottanut vastaan', 'maksuun lähetetty', 'maksettu']) expect(history).toContain(state);

    await page.goto('/admin/invoices');
    const zip = await page.request.get(await page.getAttribute('a[href^="/admin/invoices.zip"]', 'href').then((h) => h!));
    expect(zip.headers()['content-type']).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await zip.body()));
    expect(Object.keys(files).length).toBeGreaterThan(0);
    for (const content of Object.values(files)) expect(schemaErrors(strFromU8(content))).toBe('');
    const csv = await page.request.get(await page.getAttribute('a[href^="/admin/invoices.csv"]', 'href').then((h) => h!));
    const body = (await csv.body()).toString('utf8');
    expect(body.startsWith('\uFEFF')).toBe(true);
    expect(body).toContain(';maksettu;');
    await context.close();
  });

  test('the profile refuses an IBAN with a wrong checksum, keeping what was typed', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    await signIn(page, OTHER);
    await page.goto('/provider/profile');
    await page.fill('#iban', 'FI21 1234 5600 0007 86');
    const response = await clickAndWait(page, 'form:has(input[name=intent][value=invoicing]) button[type=submit]');
    expect(response?.status()).toBe(400);
    expect(await page.textContent('.error-summary')).toContain('IBAN-tarkiste ei täsmää');
    expect(await page.textContent('#iban-error')).toContain('IBAN-tarkiste');
    expect(await page.inputValue('#iban')).toBe('FI21 1234 5600 0007 86');
    await expectNoAxeViolations(page);
    await context.close();
  });
});
