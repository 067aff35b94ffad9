// Secure messages in a real browser with JavaScript off: writing, reading, replying, resending,
// hostile and long input, the worker's filters, the unread count in the navigation, and axe in
// Finnish and Swedish, also on a 360 px phone. The browser database is shared with other files,
// so the tests create the conversations they need and do not count absolute numbers.
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

async function noHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `horizontal overflow on ${page.url()}`).toBeLessThanOrEqual(0);
}

/** Writes a new message as the signed-in client; returns the conversation path. */
async function writeMessage(page: Page, body: string, topic = 'question') {
  await page.goto('/messages/new');
  await page.check(topic === 'question' ? '#topic' : `#topic-${topic}`);
  await page.fill('#body', body);
  const response = await clickAndWait(page, 'main form button[type=submit]');
  expect(response?.status()).toBe(200);
  const url = new URL(page.url());
  expect(url.pathname).toMatch(/^\/messages\/\d+$/);
  return url.pathname;
}

const HOSTILE = '<script>document.title="pwned"</script>\n<img src=x onerror="alert(1)">\n\nRivi kolme & <b>ei lihavoitu</b>';

describe('a client writes to the own worker, JavaScript off, 360 px', () => {
  let conversationPath: string;

  test('new message → the conversation, text shown exactly as written with its line breaks', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi', ...PHONE });
    await signIn(page, 'client@example.fi');
    await page.goto('/messages');
    expect(await page.textContent('h1')).toBe('Viestit');
    await clickAndWait(page, 'main a[href="/messages/new"]');
    expect(await page.textContent('h1')).toBe('Uusi viesti');
    await noHorizontalScroll(page);
    await expectNoAxeViolations(page);

    conversationPath = await writeMessage(page, HOSTILE);
    expect(await page.textContent('[role=status]')).toContain('Viestisi on lähetetty');
    expect(await page.title()).not.toContain('pwned');
    expect(await page.locator('main script, main img, main b').count()).toBe(0);
    const body = page.locator('.message-body').first();
    expect(await body.textContent()).toBe(HOSTILE);
    expect(await body.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('pre-wrap');
    const lines = await body.evaluate((el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight || '20')));
    expect(lines).toBeGreaterThanOrEqual(4);
    await noHorizontalScroll(page);
    await expectNoAxeViolations(page);
    const button = await page.locator('.reply-form button').boundingBox();
    expect(button!.height).toBeGreaterThanOrEqual(44);
    await context.close();
  });

  test('empty and 5,001-character messages: error summary, inline error, what was typed is kept', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi', ...PHONE });
    await signIn(page, 'client@example.fi');
    await page.goto('/messages/new');
    const empty = await clickAndWait(page, 'main form button[type=submit]');
    expect(empty?.status()).toBe(400);
    expect(await page.title()).toMatch(/^Virhe:/);
    expect(await page.textContent('.error-summary')).toContain('Kirjoita viesti.');
    expect(await page.textContent('.error-summary')).toContain('Valitse, mitä viestisi koskee.');
    expect(await page.getAttribute('#body', 'aria-describedby')).toBe('body-hint body-error');
    await expectNoAxeViolations(page);

    const long = `${'a'.repeat(4000)}\n${'b'.repeat(1000)}`; // 5,001 characters
    await page.check('#topic-other');
    await page.fill('#body', long);
    const tooLong = await clickAndWait(page, 'main form button[type=submit]');
    expect(tooLong?.status()).toBe(400);
    expect(await page.textContent('#body-error')).toContain('enintään 5 000 merkkiä');
    expect(await page.inputValue('#body')).toBe(long);
    expect(await page.isChecked('#topic-other')).toBe(true);
    await noHorizontalScroll(page);
    await expectNoAxeViolations(page);
    await context.close();
  });

  test('a resent form (back button, double click) posts the message once', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    await signIn(page, 'client@example.fi');
    await page.goto(conversationPath);
    const before = await page.locator('.message').count();
    const fields = await page.$$eval('.reply-form input[type=hidden]', (inputs) =>
      Object.fromEntries(inputs.map((input) => [(input as HTMLInputElement).name, (input as HTMLInputElement).value])),
    );
    const locations: string[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await context.request.post(conversationPath, { form: { ...fields, intent: 'reply', body: 'Lähetin tämän kolmesti' }, maxRedirects: 0 });
      expect(response.status()).toBe(303);
      locations.push(response.headers()['location']);
    }
    expect(locations).toEqual([`${conversationPath}?sent=1`, conversationPath, conversationPath]);
    await page.goto(conversationPath);
    expect(await page.locator('.message').count()).toBe(before + 1);
    await context.close();
  });

  test('the worker sees it unread, filters, replies and closes; the client then sees the count', async () => {
    const worker = await openPage(browser, { lang: 'fi', ...PHONE });
    await signIn(worker.page, 'worker@example.fi');
    expect(await worker.page.textContent('.main-nav')).toMatch(/Viestit \(\d+ lukemato/);
    await worker.page.goto('/messages');
    const item = worker.page.locator(`.conversation:has(a[href="${conversationPath}"])`);
    expect(await item.textContent()).toContain('Lukematon');
    expect(await item.textContent()).toContain('Aino Korhonen');
    await noHorizontalScroll(worker.page);

    await worker.page.check('#unread');
    await worker.page.selectOption('#client', { label: 'Korhonen, Aino' });
    await clickAndWait(worker.page, '.message-filter button');
    const url = new URL(worker.page.url());
    expect(url.searchParams.get('unread')).toBe('1');
    expect(await worker.page.isChecked('#unread')).toBe(true);
    expect(await worker.page.locator(`a[href="${conversationPath}"]`).count()).toBe(1);
    await expectNoAxeViolations(worker.page);

    await worker.page.goto(conversationPath);
    await worker.page.fill('#body', 'Hei Aino,\nkiitos viestistä.\n\nSanna');
    await clickAndWait(worker.page, '.reply-form button');
    expect(await worker.page.textContent('[role=status]')).toContain('Viestisi on lähetetty');
    await clickAndWait(worker.page, '.close-form button');
    expect(await worker.page.textContent('[role=status]')).toContain('Keskustelu on merkitty suljetuksi');
    expect(await worker.page.locator('.reply-form').count()).toBe(0);
    await expectNoAxeViolations(worker.page);
    await worker.context.close();

    const client = await openPage(browser, { lang: 'sv' });
    await signIn(client.page, 'client@example.fi');
    expect(await client.page.textContent('.main-nav')).toMatch(/Meddelanden \(\d+ oläst/);
    await client.page.goto('/messages');
    const mine = client.page.locator(`.conversation:has(a[href="${conversationPath}"])`);
    expect(await mine.textContent()).toContain('Oläst');
    expect(await mine.textContent()).toContain('Avslutat');
    await client.page.goto(conversationPath);
    expect(await client.page.textContent('main')).toContain('Samtalet är avslutat');
    expect(await client.page.locator('.message-body').last().textContent()).toBe('Hei Aino,\nkiitos viestistä.\n\nSanna');
    await client.context.close();
  });

  test('another client and another worker get the 404 page', async () => {
    for (const email of ['klient@example.fi', 'worker2@example.fi', 'caregiver@example.fi', 'admin@example.fi']) {
      const { context, page } = await openPage(browser, { lang: 'fi' });
      await signIn(page, email);
      const response = await page.goto(conversationPath);
      expect(response?.status(), email).toBe(404);
      expect(await page.textContent('main')).not.toContain('Rivi kolme');
      await context.close();
    }
  });
});

describe('representatives and accessibility feedback', () => {
  test('a representative chooses which client the message is about', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi', ...PHONE });
    await signIn(page, 'caregiver@example.fi');
    await page.goto('/messages/new');
    expect(await page.textContent('fieldset legend')).toBe('Ketä viesti koskee?');
    await page.check('label:has-text("Eetu Kinnunen")');
    await page.check('#topic-provider_feedback');
    await page.fill('#body', 'Hoitaja vaihtuu liian usein.');
    await clickAndWait(page, 'main form button[type=submit]');
    expect(await page.textContent('.summary-list')).toContain('Eetu Kinnunen');
    await context.close();
  });

  test('accessibility feedback reaches the administrators, who see how long it has waited', async () => {
    const client = await openPage(browser, { lang: 'fi' });
    await signIn(client.page, 'client@example.fi');
    const path = await writeMessage(client.page, 'Tekstit ovat liian pieniä puhelimessa.', 'accessibility');
    await client.context.close();
    const admin = await openPage(browser, { lang: 'fi', ...PHONE });
    await signIn(admin.page, 'admin@example.fi');
    await admin.page.goto('/messages');
    expect(await admin.page.textContent('h1')).toBe('Saavutettavuuspalaute');
    const item = admin.page.locator(`.conversation:has(a[href="${path}"])`);
    expect(await item.textContent()).toContain('Odottanut vastausta 0 päivää');
    await noHorizontalScroll(admin.page);
    await admin.context.close();
  });

  test('the accessibility statement tells how to send feedback in Avain', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    await page.goto('/accessibility');
    expect(await page.textContent('main')).toContain('Viestit → Uusi viesti');
    expect(await page.textContent('main')).toContain('14 päivän');
    await context.close();
  });
});

describe('axe in Finnish and Swedish', () => {
  test.each([
    ['/messages', 'client@example.fi'],
    ['/messages', 'caregiver@example.fi'],
    ['/messages', 'worker@example.fi'],
    ['/messages', 'admin@example.fi'],
    ['/messages/new', 'client@example.fi'],
    ['/messages/new', 'caregiver@example.fi'],
    ['/admin/clients', 'admin@example.fi'],
  ])('%s as %s', async (path, email) => {
    await axeBothLanguages(browser, path, { email });
  });

  test('the inbox, a conversation and the new-message form at 360 px', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    await signIn(page, 'client@example.fi');
    const path = await writeMessage(page, `Pitkä sana ilman välejä: ${'x'.repeat(300)}`);
    await context.close();
    for (const target of ['/messages', path, '/messages/new']) {
      await axeBothLanguages(browser, target, { email: 'client@example.fi', width: 360 });
    }
    const phone = await openPage(browser, { lang: 'sv', width: 320, height: 640 });
    await signIn(phone.page, 'client@example.fi');
    for (const target of ['/messages', path, '/messages/new']) {
      await phone.page.goto(target);
      await noHorizontalScroll(phone.page);
    }
    await phone.context.close();
  });
});

describe('reassigning the own worker', () => {
  test('the admin form works without JavaScript and the history follows the client', async () => {
    const client = await openPage(browser, { lang: 'fi' });
    await signIn(client.page, 'klient@example.fi'); // Elsa, own worker Mikael
    const path = await writeMessage(client.page, 'Hej Mikael!');
    await client.context.close();

    const admin = await openPage(browser, { lang: 'fi', ...PHONE });
    await signIn(admin.page, 'admin@example.fi');
    await admin.page.goto('/admin/clients');
    const empty = await clickAndWait(admin.page, 'main form button[type=submit]');
    expect(empty?.status()).toBe(400);
    expect(await admin.page.textContent('.error-summary')).toContain('Valitse asiakas.');
    await admin.page.selectOption('#clientId', { label: 'Nyström, Elsa' });
    await admin.page.selectOption('#workerId', { label: 'Heikkinen, Sanna' });
    await clickAndWait(admin.page, 'main form button[type=submit]');
    expect(await admin.page.textContent('[role=status]')).toContain('Omatyöntekijä on vaihdettu');
    expect(await admin.page.textContent('table')).toMatch(/Nyström, Elsa\s*Heikkinen, Sanna/);
    await expectNoAxeViolations(admin.page);
    const covering = await openPage(browser, { lang: 'fi' });
    await signIn(covering.page, 'worker@example.fi');
    expect((await covering.page.goto(path))?.status()).toBe(200);
    expect(await covering.page.textContent('.message-body')).toBe('Hej Mikael!');
    await covering.context.close();
    // Put Elsa back with Mikael: the database is shared with later files.
    await admin.page.selectOption('#clientId', { label: 'Nyström, Elsa' });
    await admin.page.selectOption('#workerId', { label: 'Lindqvist, Mikael' });
    await clickAndWait(admin.page, 'main form button[type=submit]');
    await admin.context.close();

    // Back with Mikael: he reads the message again and Sanna no longer can.
    const mikael = await openPage(browser, { lang: 'sv' });
    await signIn(mikael.page, 'worker2@example.fi');
    expect((await mikael.page.goto(path))?.status()).toBe(200);
    await mikael.context.close();
    const sanna = await openPage(browser, { lang: 'fi' });
    await signIn(sanna.page, 'worker@example.fi');
    expect((await sanna.page.goto(path))?.status()).toBe(404);
    await sanna.context.close();
  });
});
