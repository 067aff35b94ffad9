// The provider catalogue and provider management with JavaScript off, axe in Finnish and Swedish,
// and a 360 px phone. Provider 1 (Kainuun Kotisiivous Oy) is used by the charge tests: it is never
// suspended here and its prices are not changed; suspension is tried on a provider that applies
// through the public form in this file.
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
const ADMIN = 'admin@example.fi';
const PROVIDER = 'provider@example.fi';
const CLIENT = 'client@example.fi';

async function overflow(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** The id in a /providers/:id link of the named provider on the current page. */
async function idOfLink(page: Page, name: string): Promise<string> {
  const href = await page.getAttribute(`main a:text-is("${name}")`, 'href');
  return href!.split('/').pop()!;
}

describe('browse and compare, JavaScript off', () => {
  test('filters go into the URL, results show price, areas and languages; sort by price', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi', ...PHONE });
    await page.goto('/providers');
    expect(await page.textContent('h1')).toBe('Palveluntuottajat');
    await page.selectOption('#service', { label: 'siivous' });
    await page.selectOption('#municipality', { label: 'Kajaani' });
    await page.check('#sort-price');
    const response = await clickAndWait(page, '.catalogue-filters button[type=submit]');
    expect(response?.status()).toBe(200);
    const url = new URL(page.url());
    expect(url.pathname).toBe('/providers');
    expect(url.searchParams.get('municipality')).toBe('205');
    expect(url.searchParams.get('sort')).toBe('price');
    const names = await page.locator('.provider-result h3').allTextContents();
    expect(names[0]).toBe('Paltamon Pyykki ja Puhdistus Oy');
    expect(names).toContain('Kainuun Kotisiivous Oy');
    expect(names).not.toContain('Kajaanin Pikasiivous Oy'); // suspended
    const first = await page.locator('.provider-result').first().textContent();
    expect(first).toMatch(/39,00\s€ \/ tunti/);
    expect(first).toContain('Kajaani');
    expect(first).toContain('suomi');
    // The shared URL gives the same page.
    const again = await openPage(browser, { lang: 'fi' });
    await again.page.goto(page.url());
    expect(await again.page.locator('.provider-result h3').allTextContents()).toEqual(names);
    expect(await again.page.inputValue('#service')).toBe(url.searchParams.get('service'));
    await again.context.close();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await expectNoAxeViolations(page);
    await context.close();
  });

  test('a bad maximum price shows the error summary and keeps the typed value (Swedish)', async () => {
    const { context, page } = await openPage(browser, { lang: 'sv' });
    await page.goto('/providers');
    await page.fill('#maxPrice', '-5');
    const response = await clickAndWait(page, '.catalogue-filters button[type=submit]');
    expect(response?.status()).toBe(400);
    expect(await page.title()).toMatch(/^Fel:/);
    expect(await page.textContent('.error-summary')).toContain('Skriv det högsta priset');
    expect(await page.inputValue('#maxPrice')).toBe('-5');
    await expectNoAxeViolations(page);
    await context.close();
  });

  test('pagination links keep the query', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    await page.goto('/providers?q=oy&sort=price');
    // 14 approved providers at most in the demo data: one page, so no page links.
    expect(await page.locator('nav.pagination').count()).toBe(0);
    expect(await page.textContent('main')).toContain('Löytyi');
    await context.close();
  });

  test('tick two providers → side-by-side table; four → a clear message', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi', ...PHONE });
    await page.goto('/providers');
    const boxes = page.locator('.provider-result input[type=checkbox]');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    const response = await clickAndWait(page, 'form[action="/providers/compare"] button[type=submit]');
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).searchParams.getAll('id')).toHaveLength(2);
    expect(await page.textContent('table caption')).toContain('Vertailussa');
    expect(await page.locator('table thead th[scope=col]').count()).toBe(3);
    expect(await page.locator('table tbody th[scope=row]').count()).toBeGreaterThan(3);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await expectNoAxeViolations(page);

    await page.goto('/providers');
    for (let i = 0; i < 4; i++) await boxes.nth(i).check();
    const tooMany = await clickAndWait(page, 'form[action="/providers/compare"] button[type=submit]');
    expect(tooMany?.status()).toBe(400);
    expect(await page.textContent('main')).toContain('Voit vertailla enintään 3');
    await context.close();
  });

  test('a provider page shows services, areas, languages, contact and approval date', async () => {
    const { context, page } = await openPage(browser, { lang: 'sv', ...PHONE });
    await page.goto('/providers?q=Nordstr%C3%B6m');
    const id = await idOfLink(page, 'Hemtjänst Nordström Ab');
    await page.goto(`/providers/${id}`);
    const main = await page.textContent('main');
    expect(main).toContain('Ett tvåspråkigt hemserviceföretag'); // description in the reader's language
    expect(main).toContain('städning');
    expect(main).toContain('kontakt@hemtjanstnordstrom.example');
    expect(main).toContain('Godkänd som serviceproducent');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await context.close();
  });

  test('a signed-in client sees what this month’s budget buys at each provider', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    await signIn(page, CLIENT);
    await page.goto('/providers?q=Kotisiivous');
    const card = await page.locator('.provider-result').first().textContent();
    expect(card).toContain('Budjettisi tässä kuussa');
    expect(card).toMatch(/siivous: jäljellä .* riittää tällä hinnalla: \d+ tunti/);
    await expectNoAxeViolations(page);
    await context.close();
  });
});

describe('apply, approve, suspend, reinstate: JavaScript off', () => {
  const NAME = 'Selaintestin Siivous Oy';

  test('the application form refuses bad input, keeps it, then is received', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi', ...PHONE });
    await page.goto('/providers/apply');
    await page.fill('#name', NAME);
    await page.fill('#businessId', '1572860-1'); // wrong check digit
    await page.fill('#contactName', 'Testi Henkilö');
    await page.fill('#email', 'selain@example.fi');
    await page.fill('#descriptionFi', 'Siivousta <em>laadulla</em> & huolella.');
    await page.fill('label:has-text("siivous (€ / tunti)") >> xpath=following-sibling::input', '-4');
    await page.check('#municipalities');
    await page.check('#languages');
    const bad = await clickAndWait(page, 'form[action="/providers/apply"] button[type=submit]');
    expect(bad?.status()).toBe(400);
    expect(await page.title()).toMatch(/^Virhe:/);
    const summary = await page.textContent('.error-summary');
    expect(summary).toContain('Y-tunnus ei ole oikea');
    expect(summary).toContain('Kirjoita hinta euroina');
    expect(await page.inputValue('#businessId')).toBe('1572860-1');
    expect(await page.inputValue('#name')).toBe(NAME);
    expect(await page.isChecked('#municipalities')).toBe(true);
    await expectNoAxeViolations(page);
    expect(await overflow(page)).toBeLessThanOrEqual(0);

    await page.fill('#businessId', '1572860-0');
    await page.fill('label:has-text("siivous (€ / tunti)") >> xpath=following-sibling::input', '41,50');
    const good = await clickAndWait(page, 'form[action="/providers/apply"] button[type=submit]');
    expect(good?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/providers/apply/received');
    expect(await page.textContent('h1')).toBe('Hakemus vastaanotettu');
    expect(await page.textContent('.receipt-number')).toMatch(/^PT-\d{5}$/);
    await page.goto(`/providers?q=${encodeURIComponent(NAME)}`);
    expect(await page.locator('.provider-result').count()).toBe(0); // pending: not listed yet
    await context.close();
  });

  test('the administrator approves it: it appears, description shown as text', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    await signIn(page, ADMIN);
    await page.goto('/admin/providers');
    await Promise.all([page.waitForNavigation(), page.click(`#pending a:text-is("${NAME}")`)]);
    const adminUrl = page.url();
    await page.check('#change'); // approve is the first choice
    const done = await clickAndWait(page, 'main form[method=post] button[type=submit]');
    expect(done?.status()).toBe(200);
    expect(await page.textContent('[role=status]')).toContain('on hyväksytty');
    await page.goto(`/providers?q=${encodeURIComponent(NAME)}`);
    expect(await page.locator('.provider-result h3').allTextContents()).toEqual([NAME]);
    await Promise.all([page.waitForNavigation(), page.click(`main a:text-is("${NAME}")`)]);
    expect(await page.textContent('main .lead')).toBe('Siivousta <em>laadulla</em> & huolella.');
    expect(await page.locator('main .lead em').count()).toBe(0);

    // Suspending needs a reason; then the provider disappears at once.
    await page.goto(adminUrl);
    const noReason = await clickAndWait(page, 'main form[method=post] button[type=submit]');
    expect(noReason?.status()).toBe(400);
    expect(await page.textContent('#reason-error')).toContain('Kirjoita perustelu');
    await expectNoAxeViolations(page);
    await page.fill('#reason', 'Selaintesti: vakuutustodistus puuttuu.');
    await clickAndWait(page, 'main form[method=post] button[type=submit]');
    expect(await page.textContent('[role=status]')).toContain('keskeytetty');
    await page.goto(`/providers?q=${encodeURIComponent(NAME)}`);
    expect(await page.locator('.provider-result').count()).toBe(0);

    await page.goto(adminUrl);
    await page.fill('#reason', 'Todistus toimitettu.');
    await clickAndWait(page, 'main form[method=post] button[type=submit]');
    expect(await page.textContent('[role=status]')).toContain('palautettu');
    expect(await page.textContent('main')).toContain('Selaintesti: vakuutustodistus puuttuu.'); // history
    await page.goto(`/providers?q=${encodeURIComponent(NAME)}`);
    expect(await page.locator('.provider-result').count()).toBe(1);
    await context.close();
  });
});

describe('a provider edits its own profile, JavaScript off', () => {
  test('bad input keeps what was typed; a saved description is shown as text', async () => {
    const { context, page } = await openPage(browser, { lang: 'sv', ...PHONE });
    await signIn(page, 'ateria@example.fi');
    await page.goto('/provider/profile');
    const original = await page.inputValue('#descriptionSv');
    await page.fill('#email', 'inte en adress');
    await page.fill('#descriptionSv', 'Husmanskost <script>alert(1)</script>');
    const bad = await clickAndWait(page, 'form:has(input[value=details]) button[type=submit]');
    expect(bad?.status()).toBe(400);
    expect(await page.textContent('.error-summary')).toContain('namn@exempel.fi');
    expect(await page.inputValue('#descriptionSv')).toBe('Husmanskost <script>alert(1)</script>');
    await expectNoAxeViolations(page);
    await page.fill('#email', 'tilaukset@kajaaninkotiateria.example');
    await clickAndWait(page, 'form:has(input[value=details]) button[type=submit]');
    expect(await page.textContent('[role=status]')).toContain('Uppgifterna har sparats');
    await Promise.all([page.waitForNavigation(), page.click('main a[href^="/providers/"]')]);
    expect(await page.textContent('main .lead')).toBe('Husmanskost <script>alert(1)</script>');
    // Put the demo text back for the pages that follow.
    await page.goto('/provider/profile');
    await page.fill('#descriptionSv', original);
    await clickAndWait(page, 'form:has(input[value=details]) button[type=submit]');
    expect(await page.inputValue('#descriptionSv')).toBe(original);

    const badPrice = await page.goto('/provider/profile');
    expect(badPrice?.status()).toBe(200);
    await page.fill('#validFrom', '2020-01-01');
    const refused = await clickAndWait(page, 'form:has(input[value=prices]) button[type=submit]');
    expect(refused?.status()).toBe(400);
    expect(await page.textContent('.error-summary')).toContain('tidigast i dag');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await context.close();
  });
});

describe('every catalogue page passes axe in Finnish and Swedish', () => {
  test.each(['/providers', '/providers?sort=price&language=sv', '/providers/1', '/providers/compare?id=1&id=4&id=2', '/providers/apply', '/providers/apply/received?ref=17'])(
    '%s',
    async (path) => {
      await axeBothLanguages(browser, path);
      await axeBothLanguages(browser, path, { width: 360 });
    },
  );

  test('messages of the comparison page', async () => {
    await axeBothLanguages(browser, '/providers/compare?id=1&id=2&id=3&id=4', { status: 400 });
    await axeBothLanguages(browser, '/providers/compare?id=99999', { status: 404 });
    await axeBothLanguages(browser, '/providers/compare', { status: 400 });
  });

  test('signed in as a client, with budget figures', async () => {
    await axeBothLanguages(browser, '/providers', { email: CLIENT, width: 360 });
    await axeBothLanguages(browser, '/providers/compare?id=1&id=2', { email: CLIENT });
  });

  test.each([
    ['/provider/profile', PROVIDER],
    ['/admin/providers', ADMIN],
    ['/admin/providers/1', ADMIN],
    ['/admin/services', ADMIN],
  ])('%s', async (path, email) => {
    await axeBothLanguages(browser, path, { email });
    await axeBothLanguages(browser, path, { email, width: 360 });
  });

  test.each(['/providers', '/providers/compare?id=1&id=4&id=2', '/providers/apply'])('%s reflows at 320 px', async (path) => {
    const { context, page } = await openPage(browser, { width: 320, height: 640 });
    await page.goto(path);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await context.close();
  });
});

describe('the service catalogue, JavaScript off', () => {
  test('add with bad input, then add, retire, reinstate and delete an unused service', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    await signIn(page, ADMIN);
    await page.goto('/admin/services');
    await page.fill('#code', 'Huono Tunnus');
    const bad = await clickAndWait(page, 'form:has(input[value=add]) button[type=submit]');
    expect(bad?.status()).toBe(400);
    expect(await page.textContent('.error-summary')).toContain('pieniä kirjaimia');
    expect(await page.inputValue('#code')).toBe('Huono Tunnus');
    await expectNoAxeViolations(page);
    await page.fill('#code', 'browser-test-service');
    await page.fill('#nameFi', 'selaintestipalvelu');
    await page.fill('#nameSv', 'webbläsartesttjänst');
    await page.check('#category');
    await clickAndWait(page, 'form:has(input[value=add]) button[type=submit]');
    expect(await page.textContent('[role=status]')).toContain('Palvelu on lisätty');
    const row = page.locator('tr', { hasText: 'browser-test-service' });
    await Promise.all([page.waitForNavigation(), row.locator('form:has(input[name=intent][value=retire]) button').click()]);
    expect(await page.textContent('[role=status]')).toContain('poistettu käytöstä');
    await Promise.all([page.waitForNavigation(), row.locator('form:has(input[name=intent][value=reinstate]) button').click()]);
    await Promise.all([page.waitForNavigation(), row.locator('form:has(input[name=intent][value=delete]) button').click()]);
    expect(await page.textContent('[role=status]')).toContain('Palvelu on poistettu');
    expect(await page.locator('tr', { hasText: 'browser-test-service' }).count()).toBe(0);
    // A service in use offers no delete button.
    expect(await page.locator('tr', { hasText: 'cleaning' }).first().locator('form:has(input[name=intent][value=delete]) button').count()).toBe(0);
    await context.close();
  });
});
