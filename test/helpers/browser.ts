// Browser test helpers: Chromium with JavaScript off, sign-in, and axe in both languages.
import { DEMO_IDENTITY_CODES } from '../../db/seed/identity';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Secret, TOTP } from 'otpauth';
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

/** Clicks and waits for the page it leads to (a link or a form posted without JavaScript); its response. */
export async function clickAndWait(page: Page, selector: string) {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  return response;
}

export async function setLanguage(context: BrowserContext, lang: 'fi' | 'sv') {
  await context.addCookies([{ name: 'lang', value: lang, url: baseURL() }]);
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD, { actingFor }: { actingFor?: string } = {}) {
  const person = DEMO_IDENTITY_CODES.find((p) => p.email === email);
  if (person) return signInWithDemoIdp(page, person.name, actingFor);
  if (password === DEMO_PASSWORD && (await reuseSecondFactorSession(page, email))) return;
  await page.goto('/login');
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type=submit]')]);
  if (new URL(page.url()).pathname === '/auth/code') {
    await answerCodePage(page, email);
    await rememberSecondFactorSession(page, email);
  }
}

// ---------------------------------------------------------------------------------------------
// The second factor of the demo worker and administrator accounts (db/seed/second-factor.ts)
// ---------------------------------------------------------------------------------------------

export const DEMO_TOTP_SECRET = 'AVAINDEMOTOTPKEYFORDEMODATAONLY2';
const TOTP_PERIOD_MS = 30_000;

/** The last time step this suite used per server and e-mail, in files: every test file is its own process. */
function stepFile(email: string): string {
  const dir = path.join(os.tmpdir(), 'avain-totp-steps');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, encodeURIComponent(`${baseURL()} ${email}`));
}

/**
 * A code for `email` from `secret` that the server has not accepted yet. The server takes the
 * steps before and after the current one and never the same step twice for a user, so up to three
 * sign-ins in a row go at once and a fourth waits for the clock: only then is there a wait.
 */
export async function nextCode(email: string, secret = DEMO_TOTP_SECRET): Promise<string> {
  const file = stepFile(email);
  const last = fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8')) : -Infinity;
  // A 2 s margin on both sides, so a step is not at the window's edge when the server checks it.
  const oldest = Math.floor((Date.now() + 2000) / TOTP_PERIOD_MS) - 1;
  const step = Math.max(oldest, last + 1);
  const usableFrom = (step - 1) * TOTP_PERIOD_MS + 2000; // when step is no longer too far ahead
  if (Date.now() < usableFrom) await new Promise((resolve) => setTimeout(resolve, usableFrom - Date.now()));
  fs.writeFileSync(file, String(step));
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: step * TOTP_PERIOD_MS });
}

/**
 * A worker's or administrator's session, kept per browser after one sign-in with a code. A code
 * signs in once (the server remembers the last step), so signing the same worker in for every page
 * would wait 30 s each time; later sign-ins in the same browser reuse the session instead, and
 * sign in afresh when it has ended (signed out, reset, timed out).
 */
const secondFactorSessions = new WeakMap<Browser, Map<string, string>>();

function sessionsOf(page: Page): Map<string, string> | undefined {
  const browser = page.context().browser();
  if (!browser) return undefined;
  let sessions = secondFactorSessions.get(browser);
  if (!sessions) secondFactorSessions.set(browser, (sessions = new Map()));
  return sessions;
}

async function rememberSecondFactorSession(page: Page, email: string) {
  const session = (await page.context().cookies()).find((cookie) => cookie.name === 'avain_session');
  if (session) sessionsOf(page)?.set(email, session.value);
}

async function reuseSecondFactorSession(page: Page, email: string): Promise<boolean> {
  const sessions = sessionsOf(page);
  const value = sessions?.get(email);
  if (!sessions || !value) return false;
  await page.context().addCookies([{ name: 'avain_session', value, url: baseURL(), httpOnly: true, sameSite: 'Lax' }]);
  await page.goto('/login'); // a signed-in user is sent on to their start page
  if (new URL(page.url()).pathname !== '/login') return true;
  sessions.delete(email);
  await page.context().clearCookies({ name: 'avain_session' });
  return false;
}

/** Answers the code page with the next unused code for a demo worker or administrator. */
export async function answerCodePage(page: Page, email: string, secret = DEMO_TOTP_SECRET) {
  await page.fill('#code', await nextCode(email, secret));
  await Promise.all([page.waitForNavigation(), page.click('form[action="/auth/code"] button[type=submit]')]);
  if (new URL(page.url()).pathname === '/auth/code') throw new Error(`the code page refused the code for ${email}`);
}

/** Clients and representatives: Suomi.fi through the demo IdP, JavaScript off (the Continue button). */
export async function signInWithDemoIdp(page: Page, fullName: string, actingFor?: string) {
  await signInAtDemoIdp(page, fullName);
  await chooseActingFor(page, actingFor);
}

/** As signInWithDemoIdp, but stays where Avain sends the person (for a representative, /act-for). */
export async function signInAtDemoIdp(page: Page, fullName: string) {
  await page.goto('/login');
  await Promise.all([page.waitForURL(/\/demo-idp\?/), page.click('a[href="/auth/suomifi/login"]')]);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: fullName, exact: true }).click()]);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/auth/suomifi/acs"] button[type=submit]')]);
}

/**
 * On /act-for (where a client or representative lands after signing in): chooses the option whose
 * label contains `name` (a full name), by default the first one (the person themself, or the first
 * client they represent), and continues. Does nothing on any other page.
 */
export async function chooseActingFor(page: Page, name?: string) {
  if (new URL(page.url()).pathname !== '/act-for') return;
  const option = name ? page.getByLabel(name, { exact: false }).first() : page.locator('input[name="clientId"]').first();
  if ((await option.count()) === 0) return;
  await option.check();
  await Promise.all([page.waitForNavigation(), page.click('form[action="/act-for"] button[type=submit]')]);
}

type AxeResults = { violations: { id: string; help: string; nodes: { target: string[] }[] }[] };

/**
 * One JavaScript-enabled page per browser that axe and the layout checks run in, reused by every
 * check (a new context per check made the suite slow).
 */
const checkers = new WeakMap<Browser, Promise<Page>>();
function checkerFor(browser: Browser): Promise<Page> {
  let checker = checkers.get(browser);
  if (!checker) {
    checker = browser.newContext({ javaScriptEnabled: true }).then((context) => context.newPage());
    checkers.set(browser, checker);
  }
  return checker;
}

/** Writes the exact HTML a page received into the checker page, on the same origin so the same CSS applies. */
async function loadIntoChecker(page: Page): Promise<Page> {
  const html = await page.content();
  const browser = page.context().browser();
  if (!browser) throw new Error('page has no browser');
  const checker = await checkerFor(browser);
  await checker.emulateMedia({ forcedColors: 'none' });
  await checker.setViewportSize(page.viewportSize() ?? { width: 1024, height: 800 });
  const blank = new URL('/__axe-blank__', page.url()).href;
  if (checker.url() !== blank) await checker.goto(blank);
  await checker.evaluate((markup) => {
    document.open();
    document.write(markup);
    document.close();
  }, html);
  await checker.waitForFunction(() =>
    Array.from(document.querySelectorAll('link[rel=stylesheet]')).every((link) => (link as HTMLLinkElement).sheet !== null),
  );
  await checker.evaluate(axeSource);
  return checker;
}

async function axeViolations(checker: Page): Promise<string[]> {
  const results = (await checker.evaluate(
    (tags) =>
      (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<unknown> } }).axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        // Only violations are read; collecting every pass made each run about three times slower.
        resultTypes: ['violations'],
      }),
    AXE_TAGS,
  )) as AxeResults;
  return results.violations.map((v) => `${v.id}: ${v.help} → ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Runs axe-core with the WCAG 2.2 AA tags on what the page shows and expects no violations.
 * axe needs JavaScript, and our pages are tested with it off: the exact HTML the page received
 * is written into a JavaScript-enabled page on the same origin (so the same CSS applies) and
 * checked there.
 */
export async function expectNoAxeViolations(page: Page) {
  const checker = await loadIntoChecker(page);
  expect(await axeViolations(checker), `axe on ${page.url()}`).toEqual([]);
  expect(await buttonLabelProblems(checker), `button labels on ${page.url()}`).toEqual([]);
}

/** The button check alone, on the HTML the page received (as expectNoAxeViolations runs it). */
export async function expectButtonsReadAsLabels(page: Page) {
  const checker = await loadIntoChecker(page);
  expect(await buttonLabelProblems(checker), `button labels on ${page.url()}`).toEqual([]);
}

/**
 * Buttons whose text is not all a reader gets: a `value` (lynx shows it instead of the text),
 * a name from `aria-label`/`aria-labelledby`, or text hidden from sight but read aloud. An empty
 * list when every button's visible text is its label.
 */
export function buttonLabelProblems(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('button, input[type=submit], input[type=button]')).flatMap((button) => {
      const text = (button instanceof HTMLInputElement ? button.value : button.textContent ?? '').replace(/\s+/g, ' ').trim();
      const problems: string[] = [];
      if (!text) problems.push('has no text');
      if (button instanceof HTMLButtonElement && button.hasAttribute('value')) problems.push(`has value="${button.getAttribute('value')}"`);
      if (button.hasAttribute('aria-label') || button.hasAttribute('aria-labelledby')) problems.push('is named by aria-label(ledby), not its text');
      if (button.querySelector('.visually-hidden, [hidden], [aria-hidden=true]')) problems.push('has text that is not shown');
      return problems.map((problem) => `button "${text}" ${problem}`);
    }),
  );
}

/** The ways our readers see a page besides full width; each is checked with axe and for sideways scrolling. */
export const DISPLAYS = [
  { name: '320 px', width: 320, height: 640, textSize: null, contrast: false },
  // 200 % zoom on a 1280 × 800 window lays the page out in 640 × 400 CSS pixels.
  { name: '200 % zoom', width: 640, height: 400, textSize: null, contrast: false },
  { name: 'largest text at 320 px', width: 320, height: 640, textSize: 'larger', contrast: false },
  { name: 'high contrast', width: 1280, height: 800, textSize: null, contrast: true },
] as const;

/** Applies a display preference the way the server does: a class on `<html>` from the cookie. */
async function applyDisplay(checker: Page, display: (typeof DISPLAYS)[number], served: string) {
  await checker.setViewportSize({ width: display.width, height: display.height });
  await checker.evaluate(
    ({ served, textSize, contrast }) => {
      const classes = served.split(/\s+/).filter(Boolean);
      const kept = classes.filter((c) => !(textSize && c.startsWith('text-')) && !(contrast && c === 'contrast-high'));
      if (textSize) kept.push(`text-${textSize}`);
      if (contrast) kept.push('contrast-high');
      document.documentElement.className = kept.join(' ');
    },
    { served, textSize: display.textSize, contrast: display.contrast },
  );
}

/** Sideways scrolling of the whole page, in CSS pixels (0 when none). */
function sidewaysScroll(checker: Page): Promise<number> {
  return checker.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * Focus must stay visible on every focusable element: a non-transparent outline of at least 2 px,
 * or (links, GOV.UK style) a yellow background with a shadow bar; and the focused text must not
 * take the colour of its own background. Forced colours (Windows contrast themes) drop backgrounds
 * and shadows, so there only the outline counts.
 */
export function focusProblems(checker: Page, forcedColors: boolean): Promise<string[]> {
  return checker.evaluate((forced) => {
    const transparent = (color: string) => color === 'transparent' || /rgba\(.*,\s*0\)$/.test(color);
    const selector = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const element of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      if (element.getClientRects().length === 0) continue;
      element.focus();
      if (document.activeElement !== element) continue;
      const style = getComputedStyle(element);
      const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 && !transparent(style.outlineColor);
      const bar = !forced && element.tagName === 'A' && !transparent(style.backgroundColor) && style.boxShadow !== 'none';
      const invisibleText = !transparent(style.backgroundColor) && style.color === style.backgroundColor;
      if (outline || bar) {
        if (!invisibleText) continue;
      }
      const name = `${element.tagName.toLowerCase()}.${element.className || '(no class)'}${invisibleText ? ' (text in its background colour)' : ' (no visible focus)'}`;
      if (!seen.has(name)) problems.push(name);
      seen.add(name);
    }
    (document.activeElement as HTMLElement | null)?.blur();
    return problems;
  }, forcedColors);
}

/**
 * The checks for every page beyond full width: axe and no sideways page scrolling at 320 px, at
 * 200 % zoom, with the largest text and with the high-contrast setting; the page's heading on a
 * phone's first screen with the largest text; and visible focus normally, with high contrast and
 * in forced colours. Runs in the one checker page on the HTML the page received.
 */
export async function expectAccessibleInEveryDisplay(page: Page) {
  const checker = await loadIntoChecker(page);
  const served = await checker.evaluate(() => document.documentElement.className);
  const failures: string[] = [];
  for (const display of DISPLAYS) {
    await applyDisplay(checker, display, served);
    for (const violation of await axeViolations(checker)) failures.push(`${display.name}: ${violation}`);
    const scroll = await sidewaysScroll(checker);
    if (scroll > 0) failures.push(`${display.name}: the page scrolls sideways by ${scroll} px`);
    if (display.textSize === 'larger') {
      // The page's own content (an error summary or the heading) starts on a phone's first screen.
      const start = await checker.evaluate(() => {
        const main = document.querySelector('main');
        return main ? { top: main.getBoundingClientRect().top + 60, screen: window.innerHeight } : null;
      });
      if (start && start.top > start.screen) failures.push(`${display.name}: the header pushes the page off the first screen`);
    }
    if (display.contrast) for (const problem of await focusProblems(checker, false)) failures.push(`${display.name}: focus on ${problem}`);
  }
  await checker.setViewportSize(page.viewportSize() ?? { width: 1024, height: 800 });
  await checker.evaluate((served) => (document.documentElement.className = served), served);
  for (const problem of await focusProblems(checker, false)) failures.push(`normal colours: focus on ${problem}`);
  await checker.emulateMedia({ forcedColors: 'active' });
  for (const problem of await focusProblems(checker, true)) failures.push(`forced colours: focus on ${problem}`);
  await checker.emulateMedia({ forcedColors: 'none' });
  expect(failures, `displays of ${page.url()}`).toEqual([]);
}

/**
 * One line for later pages: opens `path` in Finnish and in Swedish (signed in as `email` when
 * given), checks `<html lang>`, and expects zero axe violations in each. At full width (the
 * default, 1280 px) it also checks every display in DISPLAYS and focus (expectAccessibleInEveryDisplay).
 * `plain` opens the plain-language versions (Selkokieli, Lätt svenska) instead.
 */
export async function axeBothLanguages(
  browser: Browser,
  path: string,
  options: { email?: string; width?: number; status?: number; plain?: boolean } = {},
) {
  for (const lang of ['fi', 'sv'] as const) {
    // Full width is a 1280 px window, the audit's; `width` checks one narrower width only.
    const { context, page } = await openPage(browser, { lang, width: options.width ?? 1280 });
    try {
      if (options.plain) await context.addCookies([{ name: 'plain', value: '1', url: baseURL() }]);
      if (options.email) await signIn(page, options.email);
      const response = await page.goto(path);
      expect(response?.status(), `${path} status`).toBe(options.status ?? 200);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      if (options.plain) expect(await page.getAttribute('html', 'class'), 'plain language is on').toContain('plain-language');
      await expectNoAxeViolations(page);
      if (!options.width || options.width >= 1280) await expectAccessibleInEveryDisplay(page);
    } finally {
      await context.close();
    }
  }
}
