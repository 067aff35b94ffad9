// The back office in a real browser with JavaScript off: the own worker's client list, client
// page, plan and decisions; the administrator's users, settlement, evaluation and audit log.
// Every page passes axe in Finnish and Swedish. The browser database is shared with other files:
// these tests use Tauno Heikkinen (client 5), whom no other browser test touches, and invoice the
// meals provider's previous month (never provider 1, whose charges other tests make).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { axeBothLanguages, baseURL, expectNoAxeViolations, launchBrowser, openPage, signIn, clickAndWait } from '../helpers/browser';
import { currentTime } from '../../app/domain/clock';
import { helsinkiDate } from '../../app/domain/months';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const WORKER = 'worker@example.fi';
const ADMIN = 'admin@example.fi';
const TAUNO = '/worker/clients/5';

function helsinkiToday(): string {
  return helsinkiDate(currentTime());
}

describe('back office pages pass axe in Finnish and Swedish', () => {
  test.each(['/worker', '/worker?q=aino', TAUNO, `${TAUNO}/plan`, `${TAUNO}/decisions/new`, `${TAUNO}/decisions/5`, `${TAUNO}/representatives`, '/worker/clients/new'])(
    'worker: %s',
    async (path) => {
      await axeBothLanguages(browser, path, { email: WORKER });
    },
  );

  test.each(['/admin', '/admin/users', '/admin/users/new', '/admin/settlement', '/admin/evaluation', '/admin/audit?category=signIns'])('admin: %s', async (path) => {
    await axeBothLanguages(browser, path, { email: ADMIN });
  });

  test('another worker’s client is 404', async () => {
    await axeBothLanguages(browser, '/worker/clients/2', { email: WORKER, status: 404 });
  });
});

describe('with JavaScript off', () => {
  test('the worker finds a client by name and opens the client page', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    await signIn(page, WORKER);
    await page.fill('#q', 'tauno');
    await clickAndWait(page, 'form[role=search] button');
    expect(new URL(page.url()).search).toBe('?q=tauno');
    expect(await page.locator('main tbody tr').count()).toBe(1);
    await clickAndWait(page, `main a[href="${TAUNO}"]`);
    expect(await page.textContent('h1')).toBe('Tauno Heikkinen');
    expect(await page.textContent('main')).toContain('Budjettipäätökset');
    await context.close();
  });

  test('the worker makes a decision: an error keeps what was typed, then it saves and shows', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    await signIn(page, WORKER);
    await page.goto(`${TAUNO}/decisions/new`);
    await page.fill('#validFrom', helsinkiToday());
    await page.selectOption('#serviceId_1', { label: 'Pihatyöt' });
    await page.fill('#amount_1', 'neljäkymmentä');
    const bad = await clickAndWait(page, 'main form button[type=submit]');
    expect(bad?.status()).toBe(400);
    expect(await page.title()).toMatch(/^Virhe:/);
    expect(await page.textContent('.error-summary')).toContain('Anna kuukausisumma euroina');
    expect(await page.inputValue('#amount_1')).toBe('neljäkymmentä');
    expect(await page.getAttribute('#amount_1', 'aria-invalid')).toBe('true');
    await expectNoAxeViolations(page);

    await page.fill('#amount_1', '40,00');
    await clickAndWait(page, 'main form button[type=submit]');
    expect(new URL(page.url()).pathname).toBe(TAUNO);
    expect(await page.textContent('[role=status]')).toContain('Päätös on tallennettu');
    const decision = page.locator('section.card', { hasText: 'Pihatyöt' });
    expect(await decision.textContent()).toContain('40,00');
    await context.close();
  });

  test('the worker writes the client plan; the earlier version stays in the history', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    await signIn(page, WORKER);
    for (const goals of ['Asua kotona turvallisesti.', 'Asua kotona turvallisesti ja ulkoilla viikoittain.']) {
      await page.goto(`${TAUNO}/plan`);
      await page.fill('#needs', 'Aamuisin apua peseytymiseen.');
      await page.fill('#goals', goals);
      await page.fill('#servicesAgreed', 'Kotihoito aamuisin, turvapuhelin.');
      await clickAndWait(page, 'main form button[type=submit]');
    }
    expect(await page.textContent('#plan-title + *')).toBeTruthy();
    expect(await page.textContent('main')).toContain('ulkoilla viikoittain');
    await page.goto(`${TAUNO}/plan`);
    expect(await page.locator('details').count()).toBe(2);
    await context.close();
  });

  test('the meals provider’s previous month is invoiced when the region accepts its e-invoice, not by a button on the settlement', async () => {
    const provider = await openPage(browser, { lang: 'fi' });
    await signIn(provider.page, 'ateria@example.fi');
    await provider.page.goto('/provider/invoices');
    await clickAndWait(provider.page, 'form[action="/provider/invoices"] button[type=submit]');
    const invoicePath = new URL(provider.page.url()).pathname;
    expect(invoicePath).toMatch(/^\/invoices\/\d+$/);
    await clickAndWait(provider.page, 'form:has(input[name=intent][value=approve]) button[type=submit]');
    await provider.context.close();

    const { context, page } = await openPage(browser, { lang: 'fi' });
    await signIn(page, ADMIN);
    await page.goto('/admin/settlement');
    const previous = await page.getAttribute('.month-nav a', 'href');
    await page.goto(previous!);
    const before = page.locator('section', { hasText: 'Kajaanin Kotiateria Oy' }).first();
    expect(await before.textContent()).toContain('Ei vielä laskutettu');
    expect(await page.locator('main form[method=post]').count(), 'no mark-invoiced form').toBe(0);
    await clickAndWait(page, 'main a[href^="/admin/invoices?month="]');
    await page.goto(invoicePath);
    await clickAndWait(page, 'form:has(input[name=intent][value=accept]) button[type=submit]');
    await page.goto(previous!);
    expect(await page.locator('section', { hasText: 'Kajaanin Kotiateria Oy' }).first().textContent()).toContain('Laskutettu');
    await expectNoAxeViolations(page);
    const csv = await page.request.get(`/admin/settlement.csv${previous!.slice('/admin/settlement'.length)}`);
    expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
    expect(await csv.text()).toContain('Kajaanin Kotiateria Oy;');
    await context.close();
  });

  test('the evaluation report hides small groups and draws its chart without JavaScript', async () => {
    const { context, page } = await openPage(browser, { lang: 'sv' });
    await signIn(page, ADMIN);
    await page.goto('/admin/evaluation');
    expect(await page.locator('svg[role=img] title').textContent()).toBe('Använd budget per månad och grupp');
    expect(await page.textContent('main')).toContain('< 5');
    await context.close();
  });

  test('a representative shared with another worker’s client: neither worker is offered a deactivation (nor any password reset), and a forged one is 409', async () => {
    // A test-range identity code (individual number 910): the person signs in with Suomi.fi only.
    const code = '070707A910A';
    const first = await openPage(browser, { lang: 'fi' });
    await signIn(first.page, WORKER);
    await first.page.goto(`${TAUNO}/representatives`);
    await first.page.fill('#nationalId', code);
    await first.page.check('#basis-authorised');
    await first.page.fill('#firstName', 'Jaana');
    await first.page.fill('#lastName', 'Jaettu');
    await first.page.fill('#email', 'jaettu.edustaja@example.fi');
    await clickAndWait(first.page, 'form:has(#nationalId) button[type=submit]');
    expect(await first.page.textContent('[role=status]')).toContain('Edustaja on liitetty asiakkaaseen');
    expect(await first.page.textContent('main')).not.toContain('Kertakäyttöinen salasana');

    // Worker 2 links the same person to their own client Hilkka by identity code.
    const second = await openPage(browser, { lang: 'sv' });
    await signIn(second.page, 'worker2@example.fi');
    await second.page.goto('/worker?q=hilkka');
    const hilkka = await second.page.getAttribute('main tbody a[href^="/worker/clients/"]', 'href');
    await second.page.goto(`${hilkka}/representatives`);
    await second.page.fill('#nationalId', code);
    await second.page.check('#basis-authorised');
    await clickAndWait(second.page, 'form:has(#nationalId) button[type=submit]');
    expect(new URL(second.page.url()).pathname).toBe(hilkka);

    for (const [page, path, hint] of [
      [second.page, `${hilkka}/representatives`, 'Personen företräder också klienter till andra egna kontaktpersoner'],
      [first.page, `${TAUNO}/representatives`, 'Henkilö edustaa myös muiden omatyöntekijöiden asiakkaita'],
    ] as const) {
      await page.goto(path);
      const item = page.locator('main li', { hasText: 'Jaana Jaettu' });
      expect(await item.textContent()).toContain(hint);
      expect(await item.locator('form:has(input[name=intent][value=reset]) button, form:has(input[name=intent][value=deactivate]) button').count()).toBe(0);
      expect(await item.locator('input[name=intent][value=unlink]').count()).toBe(1);
      await expectNoAxeViolations(page);
    }
    // A deactivation posted anyway (the form copied from another page) is refused with the message.
    const userId = await second.page.getAttribute('main li:has-text("Jaana Jaettu") input[name=userId]', 'value');
    const csrf = await second.page.getAttribute('main li:has-text("Jaana Jaettu") input[name=csrf]', 'value');
    const forged = await second.page.request.post(`${hilkka}/representatives`, {
      form: { csrf: csrf!, intent: 'deactivate', userId: userId! },
      headers: { Origin: baseURL() },
    });
    expect(forged.status()).toBe(409);
    const body = await forged.text();
    expect(body).toContain('du kan inte stänga av eller aktivera kontot');
    expect(body).not.toContain('receipt-number');
    await first.context.close();
    await second.context.close();
  });
});
