import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { answerCodePage, axeBothLanguages, baseURL, expectNoAxeViolations, launchBrowser, openPage, signIn } from '../helpers/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const ROLES = [
  { email: 'admin@example.fi', start: '/admin', heading: 'Hei, Tuula!' },
  { email: 'worker@example.fi', start: '/worker', heading: 'Hei, Sanna!' },
  { email: 'provider@example.fi', start: '/provider', heading: 'Hei, Jari!' },
  { email: 'client@example.fi', start: '/client', heading: 'Hei, Aino!' },
  { email: 'caregiver@example.fi', start: '/representative', heading: 'Hei, Marja!' },
];

describe('public pages pass axe in Finnish and Swedish', () => {
  test.each(['/', '/login', '/settings', '/accessibility', '/help'])('%s', async (path) => {
    await axeBothLanguages(browser, path);
  });

  test('the 404 page', async () => {
    await axeBothLanguages(browser, '/no-such-page', { status: 404 });
  });

  test('at 320 px wide', async () => {
    await axeBothLanguages(browser, '/login', { width: 320 });
  });
});

describe('start pages pass axe in Finnish and Swedish', () => {
  test.each(ROLES)('$start', async ({ email, start }) => {
    await axeBothLanguages(browser, start, { email });
  });
});

describe('the password page passes axe in Finnish and Swedish', () => {
  test('/account/password', async () => {
    await axeBothLanguages(browser, '/account/password', { email: 'client@example.fi' });
  });

  test('a wrong current password shows the error summary (JavaScript off)', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi', width: 360 });
    await signIn(page, 'klient@example.fi');
    await page.goto('/account/password');
    await page.fill('#current', 'väärä salasana');
    await page.fill('#password', 'pitkä uusi salasana 2026');
    await page.fill('#confirm', 'pitkä uusi salasana 2026');
    const [response] = await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    expect(response?.status()).toBe(400);
    expect(await page.textContent('#current-error')).toContain('Nykyinen salasana on väärin');
    await expectNoAxeViolations(page);
    await context.close();
  });
});

describe('with JavaScript off', () => {
  test.each(ROLES)('$email signs in, lands on $start with real data, and signs out', async ({ email, start, heading }) => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    await signIn(page, email);
    expect(new URL(page.url()).pathname).toBe(start);
    expect(await page.textContent('h1')).toBe(heading);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/logout"] button')]);
    expect(await page.textContent('main')).toContain('Olet kirjautunut ulos');
    const again = await page.goto(start);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(again?.status()).toBe(200);
    await context.close();
  });

  test('the client sees their own worker; the provider sees its name', async () => {
    const client = await openPage(browser, { lang: 'fi' });
    await signIn(client.page, 'client@example.fi');
    expect(await client.page.textContent('main')).toContain('Sanna Heikkinen');
    await client.context.close();
    const provider = await openPage(browser, { lang: 'fi' });
    await signIn(provider.page, 'provider@example.fi');
    expect(await provider.page.textContent('main')).toContain('Kainuun Kotisiivous Oy');
    await provider.context.close();
  });

  test('a protected page sends a signed-out visitor to sign in and back again', async () => {
    const { context, page } = await openPage(browser);
    await page.goto('/worker');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('#email', 'worker@example.fi');
    await page.fill('#password', 'avain-demo');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type=submit]')]);
    // A worker gives the second-factor code first; the way back is kept through it.
    expect(new URL(page.url()).pathname).toBe('/auth/code');
    await answerCodePage(page, 'worker@example.fi');
    expect(new URL(page.url()).pathname).toBe('/worker');
    await context.close();
  });

  test('another role gets a localized 403 page', async () => {
    const { context, page } = await openPage(browser, { lang: 'sv' });
    await signIn(page, 'client@example.fi');
    const response = await page.goto('/admin');
    expect(response?.status()).toBe(403);
    expect(await page.textContent('h1')).toBe('Ingen behörighet');
    expect(await page.title()).toBe('Ingen behörighet – Avain');
    await expectNoAxeViolations(page);
    await context.close();
  });

  test('bad sign-in input: error summary, inline errors, typed e-mail kept, "Virhe:" in the title', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    await page.goto('/login');
    await page.fill('#email', 'ei-sahkoposti');
    const response = await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type=submit]')]);
    expect(response[0]?.status()).toBe(400);
    expect(await page.title()).toMatch(/^Virhe:/);
    expect(await page.textContent('.error-summary')).toContain('Tarkista nämä kohdat');
    expect(await page.textContent('#email-error')).toContain('nimi@esimerkki.fi');
    expect(await page.textContent('#password-error')).toContain('Kirjoita salasanasi');
    expect(await page.inputValue('#email')).toBe('ei-sahkoposti');
    expect(await page.getAttribute('#email', 'aria-describedby')).toBe('email-error');
    await expectNoAxeViolations(page);
    await context.close();
  });

  test('wrong password in Swedish', async () => {
    const { context, page } = await openPage(browser, { lang: 'sv' });
    await page.goto('/login');
    await page.fill('#email', 'worker@example.fi');
    await page.fill('#password', 'fel lösenord');
    const [response] = await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type=submit]')]);
    expect(response?.status()).toBe(400);
    expect(await page.textContent('.error-summary')).toContain('E-postadressen eller lösenordet är fel');
    await context.close();
  });

  test('the language switch is a plain link, remembered in a cookie', async () => {
    const { context, page } = await openPage(browser);
    await page.goto('/help');
    expect(await page.getAttribute('html', 'lang')).toBe('fi');
    expect(await page.getAttribute('a[hreflang="sv"]', 'lang')).toBe('sv');
    await Promise.all([page.waitForNavigation(), page.click('.language-switch a[hreflang="sv"]')]);
    expect(new URL(page.url()).pathname).toBe('/help');
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    await page.goto('/');
    expect(await page.textContent('h1')).toBe('Personlig budget i Kajanaland');
    await context.close();
  });

  test('first visit follows Accept-Language, else Finnish', async () => {
    const sv = await browser.newContext({ baseURL: baseURL(), javaScriptEnabled: false, extraHTTPHeaders: { 'Accept-Language': 'sv-FI,sv;q=0.9,en;q=0.5' } });
    const svPage = await sv.newPage();
    await svPage.goto('/');
    expect(await svPage.getAttribute('html', 'lang')).toBe('sv');
    await sv.close();
    const en = await browser.newContext({ baseURL: baseURL(), javaScriptEnabled: false, extraHTTPHeaders: { 'Accept-Language': 'en-GB,en;q=0.9' } });
    const enPage = await en.newPage();
    await enPage.goto('/');
    expect(await enPage.getAttribute('html', 'lang')).toBe('fi');
    await en.close();
  });

  test('text size and high contrast are set without JavaScript and stay', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    await page.goto('/settings');
    await page.check('#textSize-larger');
    await page.check('#contrast-high');
    await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    expect(await page.textContent('[role=status]')).toContain('Asetukset on tallennettu');
    await page.goto('/');
    expect(await page.getAttribute('html', 'class')).toBe('text-larger contrast-high');
    const fontSize = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
    expect(parseFloat(fontSize)).toBeGreaterThan(24);
    await expectNoAxeViolations(page);
    await context.close();
  });
});

describe('layout', () => {
  test.each(['/', '/login', '/accessibility', '/settings'])('%s reflows at 320 px without horizontal scrolling', async (path) => {
    const { context, page } = await openPage(browser, { width: 320, height: 640 });
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });

  test('text at 200 % zoom still reflows (640 px wide viewport at 2x text)', async () => {
    const { context, page } = await openPage(browser, { width: 640, height: 800 });
    await context.addCookies([{ name: 'display', value: 'larger.normal', url: baseURL() }]);
    await page.goto('/login');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });

  test('main buttons are at least 44 px tall; the skip link is first', async () => {
    const { context, page } = await openPage(browser);
    await page.goto('/login');
    const box = await page.locator('form[action="/login"] button[type=submit]').boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    await context.close();
  });

  test('pages load no JavaScript but the optional service-worker registration', async () => {
    const { context, page } = await openPage(browser, { javaScript: true });
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await page.goto('/');
    await page.goto('/login');
    expect([...new Set(scripts)]).toEqual(['/sw-register.js']);
    expect(await page.locator('script').evaluateAll((tags) => tags.map((tag) => tag.getAttribute('src')))).toEqual(['/sw-register.js']);
    await context.close();
  });
});

describe('HTTP', () => {
  test('documents carry security headers and no-store', async () => {
    const response = await fetch(`${baseURL()}/login`);
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self' 'nonce-/);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  test('single-fetch data requests are never stored either', async () => {
    const response = await fetch(`${baseURL()}/login.data`);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  test('a tab in the return address cannot send anyone to another site', async () => {
    const response = await fetch(`${baseURL()}/language/fi?returnTo=%2F%09%2Fevil.example`, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/?lang=fi');
  });

  test('a cross-site form post without the token is refused with 403, not 500', async () => {
    const response = await fetch(`${baseURL()}/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://evil.example' },
      body: 'email=admin%40example.fi&password=avain-demo',
      redirect: 'manual',
    });
    expect(response.status).toBe(403);
    expect(await response.text()).not.toMatch(/at .*\.js:\d+/);
  });

  test('invalid UTF-8 and huge bodies get 4xx', async () => {
    const page = await fetch(`${baseURL()}/login`);
    const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())![1];
    const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const bad = await fetch(`${baseURL()}/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
      body: Buffer.concat([Buffer.from(`csrf=${csrf}&email=`), Buffer.from([0xc3, 0x28]), Buffer.from('&password=x')]),
    });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    const huge = await fetch(`${baseURL()}/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
      body: `csrf=${csrf}&email=${'a'.repeat(2_000_000)}`,
    });
    expect(huge.status).toBe(413);
  });
});
