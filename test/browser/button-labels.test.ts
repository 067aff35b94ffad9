// Staff pages whose buttons a text browser (lynx) read wrongly: each button's text is its label,
// the action it posts is in a hidden field. expectNoAxeViolations runs the same check on every
// page the browser tests open; this file shows the check catches the old markup and that these
// pages render buttons that pass it. Read-only: nothing is submitted.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { buttonLabelProblems, expectButtonsReadAsLabels, launchBrowser, openPage, signIn } from '../helpers/browser';

let browser: Browser;
let eetuId: number;
let eetuDecisionId: number;
beforeAll(async () => {
  browser = await launchBrowser();
  process.env.DATABASE_PATH = inject('databasePath');
  const { eq } = await import('drizzle-orm');
  const { getDb } = await import('../../db/client.server');
  const { clients, decisions } = await import('../../db/schema');
  eetuId = getDb().select().from(clients).where(eq(clients.firstName, 'Eetu')).get()!.id;
  eetuDecisionId = getDb().select().from(decisions).where(eq(decisions.clientId, eetuId)).get()!.id;
});
afterAll(async () => {
  await browser?.close();
});

describe('a button reads as its label', () => {
  test('the check finds a value, an aria-label and hidden text', async () => {
    const { context, page } = await openPage(browser, { javaScript: true });
    try {
      await page.setContent(`
        <button name="intent" value="reset">Uusi salasana</button>
        <button aria-label="Poista Siivous">Poista</button>
        <button>Poista <span class="visually-hidden">Siivous</span></button>
        <form><input type="hidden" name="intent" value="reset"><button type="submit">Uusi salasana: Aino</button></form>`);
      expect(await buttonLabelProblems(page)).toEqual([
        'button "Uusi salasana" has value="reset"',
        'button "Poista" is named by aria-label(ledby), not its text',
        'button "Poista Siivous" has text that is not shown',
      ]);
    } finally {
      await context.close();
    }
  });

  const pages: Array<{ name: string; email: string; path: () => string; intents: string[] }> = [
    { name: 'administrator: users', email: 'admin@example.fi', path: () => '/admin/users', intents: ['reset', 'deactivate'] },
    { name: 'administrator: services', email: 'admin@example.fi', path: () => '/admin/services', intents: ['retire', 'add'] },
    { name: 'worker: representatives', email: 'worker@example.fi', path: () => `/worker/clients/${eetuId}/representatives`, intents: ['unlink'] },
    { name: 'worker: decision change', email: 'worker@example.fi', path: () => `/worker/clients/${eetuId}/decisions/${eetuDecisionId}`, intents: ['end', 'replace'] },
  ];
  for (const lang of ['fi', 'sv'] as const) {
    test.each(pages)(`${lang}: $name`, async ({ email, path, intents }) => {
      const { context, page } = await openPage(browser, { lang });
      try {
        await signIn(page, email);
        const response = await page.goto(path());
        expect(response?.status()).toBe(200);
        for (const intent of intents) {
          const button = page.locator(`form:has(input[type=hidden][name=intent][value=${intent}]) button[type=submit]`).first();
          expect(await button.count(), `a form posting ${intent}`).toBe(1);
          expect((await button.textContent())?.trim(), `the ${intent} button has text`).not.toBe('');
        }
        expect(await page.locator('button[value], button[name]').count(), 'no button carries a name or value').toBe(0);
        await expectButtonsReadAsLabels(page);
      } finally {
        await context.close();
      }
    });
  }
});
