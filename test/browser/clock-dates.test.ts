// The date-sensitive pages on the days that break date code: a server of its own per date, its
// clock moved with AVAIN_NOW (app/domain/clock.ts), a fresh database seeded on that day (all the
// month's demo charges fall on one day on the 1st), then with JavaScript off at 320 px: the
// provider's charges reflow, a charge through the form lands on the right day and month and
// shows in the month's charges, and the client's budget page reflows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectNoAxeViolations, launchBrowser, signIn, clickAndWait } from '../helpers/browser';
import { CLOCK_DATES } from '../helpers/clock-dates';
import { startServer, stopServer, type ServerProcess } from '../helpers/server-process';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function noHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `horizontal scroll on ${page.url()}`).toBeLessThanOrEqual(0);
}

async function signedIn(base: string, email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: base, javaScriptEnabled: false, viewport: { width: 320, height: 640 }, locale: 'fi-FI' });
  const page = await context.newPage();
  // Clients through the demo IdP, staff with a password (the helper knows which).
  await signIn(page, email);
  return { context, page };
}

describe.each(CLOCK_DATES)('on $name', ({ instant, helsinkiDate }) => {
  let dir: string;
  let server: ServerProcess;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'avain-clock-'));
    server = await startServer(path.join(dir, 'avain.sqlite'), instant ? { AVAIN_NOW: instant, AVAIN_ALLOW_FIXED_CLOCK: 'true' } : {});
  });
  afterAll(async () => {
    if (server) expect(await stopServer(server)).toBe(0);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('provider: the charges reflow at 320 px, a charge lands on the day, the table scrolls in its own region; client: the budget reflows', async () => {
    const { context, page } = await signedIn(server.base, 'provider@example.fi');
    await page.goto('/provider/charges');
    await noHorizontalScroll(page);

    await page.goto('/provider/charge');
    const today = await page.inputValue('#serviceDate');
    if (helsinkiDate) expect(today).toBe(helsinkiDate);
    await page.fill('#phone', '040 123 4567');
    await page.getByLabel(/^siivous,/).check();
    await page.fill('#quantity', '0,25');
    await clickAndWait(page, 'form:has(input[name=intent][value=preview]) button[type=submit]');
    expect((await clickAndWait(page, 'form:has(input[name=intent][value=confirm]) button[type=submit]'))?.status()).toBe(200);
    const receipt = new URL(page.url()).pathname.split('/').pop()!;
    // Receipt numbers start with the budget month as YYMM.
    expect(receipt.slice(0, 4)).toBe(`${today.slice(2, 4)}${today.slice(5, 7)}`);
    await noHorizontalScroll(page);

    await page.goto('/provider/charges');
    await noHorizontalScroll(page);
    const region = page.locator('.table-wrap');
    expect(await region.getAttribute('role')).toBe('region');
    expect(await region.getAttribute('tabindex')).toBe('0');
    expect(await page.locator(`#${await region.getAttribute('aria-labelledby')}`).evaluate((el) => el.tagName)).toBe('CAPTION');
    expect(await page.locator(`.table-wrap a[href="/provider/receipts/${receipt}"]`).count()).toBe(1);
    await expectNoAxeViolations(page);
    await context.close();

    const client = await signedIn(server.base, 'client@example.fi');
    expect((await client.page.goto('/budget'))?.status()).toBe(200);
    await noHorizontalScroll(client.page);
    await client.context.close();
  });
});
