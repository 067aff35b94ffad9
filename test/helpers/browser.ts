// Browser test helpers: Chromium with JavaScript off, sign-in, and axe in both languages.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from './chromium';

export const DEMO_PASSWORD = 'avain-demo';
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export function baseURL(): string {
  return inject('baseURL');
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
}

export type PageOptions = {
  lang?: 'fi' | 'sv';
  javaScript?: boolean;
  width?: number;
  height?: number;
};

/** A new context and page; JavaScript is off unless asked for, as many of our users have it. */
export async function openPage(browser: Browser, options: PageOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: baseURL(),
    javaScriptEnabled: options.javaScript ?? false,
    viewport: { width: options.width ?? 1024, height: options.height ?? 800 },
    locale: options.lang === 'sv' ? 'sv-FI' : 'fi-FI',
  });
  if (options.lang) await setLanguage(context, options.lang);
  const page = await context.newPage();
  return { context, page };
}

export async function setLanguage(context: BrowserContext, lang: 'fi' | 'sv') {
  await context.addCookies([{ name: 'lang', value: lang, url: baseURL() }]);
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type=submit]')]);
}

/**
 * Runs axe-core with the WCAG 2.2 AA tags on what the page shows and expects no violations.
 * axe needs JavaScript, and our pages are tested with it off: the exact HTML the page received
 * is written into a JavaScript-enabled page on the same origin (so the same CSS applies) and
 * checked there.
 */
export async function expectNoAxeViolations(page: Page) {
  const html = await page.content();
  const browser = page.context().browser();
  if (!browser) throw new Error('page has no browser');
  const context = await browser.newContext({ javaScriptEnabled: true, viewport: page.viewportSize() ?? undefined });
  try {
    const checker = await context.newPage();
    await checker.goto(new URL('/__axe-blank__', page.url()).href);
    await checker.evaluate((markup) => {
      document.open();
      document.write(markup);
      document.close();
    }, html);
    await checker.waitForFunction(() =>
      Array.from(document.querySelectorAll('link[rel=stylesheet]')).every((link) => (link as HTMLLinkElement).sheet !== null),
    );
    await checker.evaluate(axeSource);
    const results = await checker.evaluate(
      (tags) =>
        (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<unknown> } }).axe.run(document, {
          runOnly: { type: 'tag', values: tags },
        }),
      AXE_TAGS,
    );
    const violations = (results as { violations: { id: string; help: string; nodes: { target: string[] }[] }[] }).violations.map(
      (v) => `${v.id}: ${v.help} → ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
    expect(violations, `axe on ${page.url()}`).toEqual([]);
  } finally {
    await context.close();
  }
}

/**
 * One line for later pages: opens `path` in Finnish and in Swedish (signed in as `email` when
 * given), checks `<html lang>`, and expects zero axe violations in each.
 */
export async function axeBothLanguages(browser: Browser, path: string, options: { email?: string; width?: number; status?: number } = {}) {
  for (const lang of ['fi', 'sv'] as const) {
    const { context, page } = await openPage(browser, { lang, width: options.width });
    try {
      if (options.email) await signIn(page, options.email);
      const response = await page.goto(path);
      expect(response?.status(), `${path} status`).toBe(options.status ?? 200);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await expectNoAxeViolations(page);
    } finally {
      await context.close();
    }
  }
}
