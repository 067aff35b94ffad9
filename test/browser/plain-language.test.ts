// Plain language (Selkokieli, Lätt svenska) in a real browser with JavaScript off: every page a
// client or representative sees passes axe in every display; the choice is a plain link beside the
// languages, kept in a cookie, `lang` stays fi/sv; and a representative's whole task works in it.
// Also: the language switch keeps the page's query and lands on an address that differs, so a
// text browser cannot show its cached copy in the old language.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { axeBothLanguages, baseURL, expectNoAxeViolations, launchBrowser, openPage, signIn, clickAndWait } from '../helpers/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const CLIENT = 'client@example.fi';
const CAREGIVER = 'caregiver@example.fi';

describe('every client and representative page passes axe in plain Finnish and plain Swedish', () => {
  test.each(['/', '/login', '/providers', '/providers/1', '/providers/compare?id=1&id=4', '/settings', '/help', '/accessibility'])(
    '%s, signed out',
    async (path) => {
      await axeBothLanguages(browser, path, { plain: true });
    },
  );

  test.each(['/client', '/budget', '/budget/statement', '/providers', '/messages', '/messages/new', '/account/password'])('%s as a client', async (path) => {
    await axeBothLanguages(browser, path, { email: CLIENT, plain: true });
  });

  test.each(['/representative', '/budget', '/messages/new'])('%s as a representative', async (path) => {
    await axeBothLanguages(browser, path, { email: CAREGIVER, plain: true });
  });

  test('an error page', async () => {
    await axeBothLanguages(browser, '/no-such-page', { status: 404, plain: true });
  });

  test.each(['/my-data', '/my-data/access', '/my-data/copy'])('%s as a client', async (path) => {
    await axeBothLanguages(browser, path, { email: CLIENT, plain: true });
  });

  test('/my-data as a representative', async () => {
    await axeBothLanguages(browser, '/my-data', { email: CAREGIVER, plain: true });
  });

  test('the dispute page as a client', async () => {
    await axeBothLanguages(browser, `/budget/dispute/${await chargeAino()}`, { email: CLIENT, plain: true });
  });
});

/** The provider charges Aino a quarter hour of cleaning, as the dispute tests do; returns the receipt number. */
async function chargeAino(): Promise<string> {
  const { context, page } = await openPage(browser, { lang: 'fi' });
  try {
    await signIn(page, 'provider@example.fi');
    await page.goto('/provider/charge');
    await page.fill('#phone', '+358 40 123 4567');
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

describe('with JavaScript off', () => {
  test('a representative chooses Selkokieli, chooses a client, reads the budget and writes to the worker', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi', width: 360, height: 740 });
    await page.goto('/');
    await clickAndWait(page, '.language-switch a:text-is("Selkokieli")');
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.getAttribute('html', 'lang')).toBe('fi');
    expect(await page.textContent('h1')).toBe('Oma budjetti Kainuussa');
    expect(await page.getAttribute('.language-switch a[aria-current]', 'href')).toContain('/language/fi-x-selko');

    await signIn(page, CAREGIVER);
    expect(await page.textContent('h1')).toBe('Hei, Marja!');
    expect(await page.textContent('main')).toContain('Autat 2 ihmistä.');

    await clickAndWait(page, '.main-nav a[href="/budget"]');
    expect(await page.textContent('h1')).toBe('Raha: Eetu Kinnunen');
    expect(await page.textContent('main')).toContain('Palvelut ja raha');
    expect(await page.title()).toMatch(/^Raha: Eetu Kinnunen, .+ – Avain$/);
    await expectNoAxeViolations(page);

    await clickAndWait(page, '.main-nav a[href="/messages"]');
    await clickAndWait(page, 'main a[href="/messages/new"]');
    expect(await page.textContent('h1')).toBe('Uusi viesti');
    expect(await page.textContent('main')).toContain('Kenen asiasta kirjoitat?');
    await page.getByLabel('Eetu Kinnunen').check();
    await page.getByLabel('Kysymys').check();
    await page.fill('#body', 'Voiko siivous olla ensi viikolla tiistaina?');
    const sent = await clickAndWait(page, 'main form button[type=submit]');
    expect(sent?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toMatch(/^\/messages\/\d+$/);
    expect(await page.textContent('[role=status]')).toContain('Viesti on lähetetty.');
    expect(await page.textContent('.message-body')).toBe('Voiko siivous olla ensi viikolla tiistaina?');
    await expectNoAxeViolations(page);

    // Back to the standard texts with the same switch.
    await clickAndWait(page, '.language-switch a:text-is("Suomi")');
    expect(await page.textContent('main')).toContain('Viestisi on lähetetty.');
    await context.close();
  });

  test('Selkokieli: a client reads who has looked at the data and says a charge was wrong, in plain Finnish', async () => {
    const receipt = await chargeAino();
    const { context, page } = await openPage(browser, { lang: 'fi' });
    await signIn(page, CLIENT);
    await page.goto('/');
    await clickAndWait(page, '.language-switch a:text-is("Selkokieli")');
    await page.goto('/my-data/access');
    expect(await page.textContent('h1')).toBe('Kuka on katsonut tietoja');
    expect(await page.textContent('main')).toContain('Omat käyntisi eivät näy tässä.');
    await page.goto(`/budget/dispute/${receipt}`);
    expect(await page.textContent('h1')).toBe('Kerro, jos maksussa on vika');
    await page.check('input[name=reason][value=wrong_amount]');
    await clickAndWait(page, 'main form[method=post] button[type=submit]');
    expect(await page.textContent('main')).toContain(`Saimme viestisi maksusta ${receipt}.`);
    expect(await page.textContent('main')).toContain('Kerroit viasta, asia on kesken');
    await context.close();
  });

  test('Lätt svenska: a client reads the budget and the help page in plain Swedish', async () => {
    const { context, page } = await openPage(browser, { lang: 'sv' });
    await signIn(page, 'klient@example.fi');
    await clickAndWait(page, '.language-switch a:text-is("Lätt svenska")');
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    await page.goto('/budget');
    expect(await page.textContent('h1')).toBe('Mina pengar');
    await page.goto('/help');
    expect(await page.textContent('main')).toContain('Svåra ord');
    await context.close();
  });
});

describe('the language switch', () => {
  test('returns to the same page with its query, at an address that differs from the one left', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    await signIn(page, CAREGIVER);
    await page.goto('/representative');
    await clickAndWait(page, 'main a[href^="/budget?client="]');
    const before = new URL(page.url());
    await clickAndWait(page, '.language-switch a:text-is("Svenska")');
    const after = new URL(page.url());
    expect(after.pathname).toBe('/budget');
    expect(after.searchParams.get('client')).toBe(before.searchParams.get('client'));
    expect(after.searchParams.get('lang')).toBe('sv');
    expect(after.href).not.toBe(before.href);
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    // The marker is not carried on: the next switch comes back to the page without it.
    expect(await page.getAttribute('.language-switch a:text-is("Suomi")', 'href')).toBe(`/language/fi?returnTo=${encodeURIComponent(`/budget?client=${before.searchParams.get('client')}`)}`);
    await context.close();
  });

  test('the compare page keeps its providers', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    await page.goto('/providers/compare?id=4&id=1');
    const response = await clickAndWait(page, '.language-switch a:text-is("Svenska")');
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).search).toBe('?id=4&id=1&lang=sv');
    await context.close();
  });

  test('another site, an unknown language and a path that is not a path are refused', async () => {
    const evil = await fetch(`${baseURL()}/language/sv?returnTo=${encodeURIComponent('//evil.example/x?y=1')}`, { redirect: 'manual' });
    expect(evil.status).toBe(303);
    expect(evil.headers.get('location')).toBe('/?lang=sv');
    const unknown = await fetch(`${baseURL()}/language/en?returnTo=%2F`, { redirect: 'manual' });
    expect(unknown.status).toBe(404);
    const absolute = await fetch(`${baseURL()}/language/fi-x-selko?returnTo=${encodeURIComponent('https://evil.example/')}`, { redirect: 'manual' });
    expect(absolute.headers.get('location')).toBe('/?lang=fi-x-selko');
    expect(absolute.headers.getSetCookie().join('; ')).toContain('plain=1');
  });
});
