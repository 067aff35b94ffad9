// The whole staff sign-in with JavaScript off: password, enrolment of the second factor (QR code
// and typed secret, first code, recovery codes), signing out, and the code page next time, with a
// wrong code first. Enrolment and code pages pass axe in Finnish and Swedish. The database is
// shared with other browser files: this file adds workers of its own and never resets a demo one.
import Database from 'better-sqlite3';
import { Secret, TOTP } from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { DEMO_PASSWORD, expectAccessibleInEveryDisplay, expectNoAxeViolations, launchBrowser, nextCode, openPage, clickAndWait } from '../helpers/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A worker with the demo password and no second factor, added to the server's database. */
function addWorker(email: string) {
  const db = new Database(inject('databasePath'));
  try {
    const { password_hash: hash } = db.prepare("SELECT password_hash FROM users WHERE email = 'worker@example.fi'").get() as { password_hash: string };
    db.prepare("INSERT INTO users (email, password_hash, role, first_name, last_name) VALUES (?, ?, 'worker', 'Testi', 'Työntekijä')").run(email, hash);
  } finally {
    db.close();
  }
}

async function passwordStep(page: Page, email: string) {
  await page.goto('/login');
  await page.fill('#email', email);
  await page.fill('#password', DEMO_PASSWORD);
  await clickAndWait(page, 'form[action="/login"] button[type=submit]');
}

async function expectAccessible(page: Page) {
  await expectNoAxeViolations(page);
  await expectAccessibleInEveryDisplay(page);
}

describe('staff sign-in with a second factor, JavaScript off', () => {
  test('enrol at first sign-in, recovery codes once, then the code page; axe in fi and sv', async () => {
    const email = 'kaksivaihe@example.fi';
    addWorker(email);

    // Finnish: the enrolment page; nothing else is reachable before the code.
    const fi = await openPage(browser, { lang: 'fi' });
    await passwordStep(fi.page, email);
    expect(new URL(fi.page.url()).pathname).toBe('/auth/enrol');
    expect(await fi.page.locator('h1').textContent()).toBe('Ota vahvistuskoodi käyttöön');
    expect(await fi.page.locator('.qr-code svg').count()).toBe(1);
    expect(await fi.page.locator('label[for=code]').textContent()).toBe('Vahvistuskoodi');
    await expectAccessible(fi.page);
    await fi.page.goto('/worker');
    expect(new URL(fi.page.url()).pathname).toBe('/login');
    await fi.context.close();

    // Swedish: enrol for real.
    const sv = await openPage(browser, { lang: 'sv' });
    await passwordStep(sv.page, email);
    expect(new URL(sv.page.url()).pathname).toBe('/auth/enrol');
    expect(await sv.page.locator('label[for=code]').textContent()).toBe('Verifieringskod');
    await expectAccessible(sv.page);
    const secret = ((await sv.page.locator('#secret').textContent()) ?? '').replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // A wrong first code: error summary, inline error, the page still offers the same secret.
    const wrong = String((Number(new TOTP({ secret: Secret.fromBase32(secret) }).generate()) + 7) % 1_000_000).padStart(6, '0');
    await sv.page.fill('#code', wrong);
    await clickAndWait(sv.page, 'form[action="/auth/enrol"] button[type=submit]');
    expect(await sv.page.locator('.error-summary').count()).toBe(1);
    expect(await sv.page.locator('#code-error').textContent()).toContain('Verifieringskoden är fel');
    expect(await sv.page.inputValue('#code')).toBe(wrong);
    expect(((await sv.page.locator('#secret').textContent()) ?? '').replace(/\s/g, '')).toBe(secret);
    await expectNoAxeViolations(sv.page);
    await sv.page.fill('#code', await nextCode(email, secret));
    await clickAndWait(sv.page, 'form[action="/auth/enrol"] button[type=submit]');
    expect(await sv.page.locator('h1').textContent()).toBe('Verifieringskoden är i bruk');
    const codes = await sv.page.locator('.recovery-codes code').allTextContents();
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code).toMatch(/^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/);
    await expectAccessible(sv.page);
    await clickAndWait(sv.page, 'a.button[href="/worker"]');
    expect(new URL(sv.page.url()).pathname).toBe('/worker');
    await clickAndWait(sv.page, 'form[action="/logout"] button');
    await sv.context.close();

    // Next time: the code page, in both languages; a wrong code first, then the right one.
    for (const lang of ['fi', 'sv'] as const) {
      const { context, page } = await openPage(browser, { lang });
      await passwordStep(page, email);
      expect(new URL(page.url()).pathname).toBe('/auth/code');
      expect(await page.locator('label[for=code]').textContent()).toBe(lang === 'fi' ? 'Vahvistuskoodi' : 'Verifieringskod');
      await expectAccessible(page);
      await page.goto('/worker/clients/new');
      expect(new URL(page.url()).pathname).toBe('/login');
      await page.goto('/auth/code');
      await page.fill('#code', '000000');
      await clickAndWait(page, 'form[action="/auth/code"] button[type=submit]');
      expect(await page.title()).toMatch(lang === 'fi' ? /^Virhe: / : /^Fel: /);
      expect(await page.locator('.error-summary a[href="#code"]').count()).toBe(1);
      await expectNoAxeViolations(page);
      await page.fill('#code', await nextCode(email, secret));
      await clickAndWait(page, 'form[action="/auth/code"] button[type=submit]');
      expect(new URL(page.url()).pathname).toBe('/worker');
      await context.close();
    }

    // A recovery code signs in once.
    const { context, page } = await openPage(browser);
    await passwordStep(page, email);
    await page.fill('#code', codes[0]);
    await clickAndWait(page, 'form[action="/auth/code"] button[type=submit]');
    expect(new URL(page.url()).pathname).toBe('/worker');
    await context.close();
  });
});
