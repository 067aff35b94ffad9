// The progressive web app: manifest, service worker, offline page, installability, and proof that
// nothing personal ends up in the service worker's cache (tablets are shared in care homes).
// JavaScript is on in these contexts: the service worker needs it; pages never do.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { baseURL, expectNoAxeViolations, launchBrowser, openPage, signIn } from '../helpers/browser';
import { CHROMIUM_ARGS, findChromium } from '../helpers/chromium';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const PRECACHED = [
  '/styles.css',
  '/offline.html',
  '/favicon.svg',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
  '/icons/maskable-512.png',
  '/manifest.fi.webmanifest',
  '/manifest.sv.webmanifest',
];

type Manifest = {
  name: string;
  short_name: string;
  lang: string;
  start_url: string;
  scope: string;
  display: string;
  theme_color: string;
  background_color: string;
  icons: { src: string; sizes: string; type: string; purpose: string }[];
};

/** Opens a page with JavaScript and waits until the service worker controls it. */
async function controlledPage(lang: 'fi' | 'sv'): Promise<{ context: BrowserContext; page: Page }> {
  const opened = await openPage(browser, { lang, javaScript: true });
  await opened.page.goto('/');
  await opened.page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await opened.page.reload();
  await opened.page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  return opened;
}

type CachedEntry = { cache: string; url: string; type: string; body: string };

async function cacheContents(page: Page): Promise<CachedEntry[]> {
  return page.evaluate(async () => {
    const entries: { cache: string; url: string; type: string; body: string }[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        const type = response?.headers.get('content-type') ?? '';
        entries.push({ cache: name, url: request.url, type, body: type.startsWith('image/') ? '' : ((await response?.text()) ?? '') });
      }
    }
    return entries;
  });
}

describe('web app manifest', () => {
  test.each([
    ['fi', 'Avain – Kainuun hyvinvointialue'],
    ['sv', 'Avain – Kajanalands välfärdsområde'],
  ] as const)('the %s page links its own manifest with every required field, and the icons load', async (lang, name) => {
    const page = await fetch(`${baseURL()}/login`, { headers: { Cookie: `lang=${lang}` } });
    const html = await page.text();
    expect(html).toContain(`<link rel="manifest" href="/manifest.${lang}.webmanifest"/>`);
    expect(html).toContain('<meta name="theme-color" content="#12365e"/>');
    const response = await fetch(`${baseURL()}/manifest.${lang}.webmanifest`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/manifest+json');
    const manifest = (await response.json()) as Manifest;
    expect(manifest).toMatchObject({
      name,
      short_name: 'Avain',
      lang,
      start_url: '/',
      scope: '/',
      display: 'standalone',
      theme_color: '#12365e',
      background_color: '#ffffff',
    });
    expect(manifest.icons.map((icon) => `${icon.sizes} ${icon.purpose}`).sort()).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
    for (const icon of manifest.icons) {
      const image = await fetch(`${baseURL()}${icon.src}`);
      expect(image.status, icon.src).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/png');
      const bytes = Buffer.from(await image.arrayBuffer());
      const [width, height] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
      expect(`${width}x${height}`).toBe(icon.sizes);
    }
  });
});

describe('service worker', () => {
  test('registers and controls the page after a reload; sw.js is revalidated on every visit', async () => {
    const { context, page } = await controlledPage('fi');
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope);
    expect(scope).toBe(`${baseURL()}/`);
    const script = await fetch(`${baseURL()}/sw.js`);
    expect(script.headers.get('cache-control')).toBe('no-cache');
    await context.close();
  });

  test('Chromium finds the app installable', async () => {
    // Installability is never reported in incognito contexts (which browser.newContext makes), so
    // this test uses a persistent profile in a temporary directory.
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'avain-pwa-profile-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: findChromium(), args: CHROMIUM_ARGS, baseURL: baseURL() });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto('/');
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
      await page.reload();
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      const cdp = await context.newCDPSession(page);
      const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
        installabilityErrors: { errorId: string; errorArguments: { name: string; value: string }[] }[];
      };
      expect(installabilityErrors).toEqual([]);
      const manifest = (await cdp.send('Page.getAppManifest')) as { url: string; errors: { message: string }[] };
      expect(manifest.url).toBe(`${baseURL()}/manifest.fi.webmanifest`);
      expect(manifest.errors).toEqual([]);
    } finally {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    }
  });

  test('after a signed-in client visits personal pages, the cache holds only the static files', async () => {
    const { context, page } = await controlledPage('fi');
    await signIn(page, 'client@example.fi');
    for (const path of ['/client', '/budget', '/budget/statement', '/messages', '/settings']) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
    }
    expect(await page.textContent('body')).toContain('Aino');
    const entries = await cacheContents(page);
    const paths = entries.map((entry) => new URL(entry.url).pathname).sort();
    expect(paths).toEqual([...PRECACHED].sort());
    for (const entry of entries) {
      expect(new URL(entry.url).origin).toBe(baseURL());
      expect(new URL(entry.url).search).toBe('');
      if (entry.type.startsWith('text/html')) expect(new URL(entry.url).pathname).toBe('/offline.html');
      for (const personal of ['Aino', 'Korhonen', '040 123', '+358401234567', 'csrf', 'avain_session']) {
        expect(entry.body, `${entry.url} holds "${personal}"`).not.toContain(personal);
      }
    }
    await context.close();
  });
});

describe('offline', () => {
  test.each([
    ['fi', 'Ei verkkoyhteyttä'],
    ['sv', 'Ingen nätförbindelse'],
  ] as const)('without a network a navigation shows the offline page (%s)', async (lang, heading) => {
    const { context, page } = await controlledPage(lang);
    await context.setOffline(true);
    const response = await page.goto('/budget');
    expect(response?.status()).toBe(200);
    expect(await page.textContent('h1')).toBe('Ei verkkoyhteyttä');
    const section = lang === 'fi' ? '#offline-fi' : '#offline-sv';
    expect(await page.textContent(section)).toContain(heading);
    expect(await page.textContent(section)).toContain('08 6155 0000');
    expect(await page.getAttribute('#offline-sv', 'lang')).toBe('sv');
    await context.setOffline(false);
    await context.close();
  });

  test('the offline page passes axe and never needs JavaScript', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    const response = await page.goto('/offline.html');
    expect(response?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe('fi');
    expect(await page.locator('script').count()).toBe(0);
    await expectNoAxeViolations(page);
    await context.close();
  });
});
