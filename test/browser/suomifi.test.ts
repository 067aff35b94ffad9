// Suomi.fi sign-in and single logout through the embedded demo IdP in Chromium with JavaScript
// off: a client and a representative, both logout directions; axe in Finnish and Swedish on the
// sign-in page, the demo IdP pages, the HTTP-POST "Continue" page and a refusal page.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { axeBothLanguages, expectNoAxeViolations, launchBrowser, openPage, signInWithDemoIdp, clickAndWait } from '../helpers/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function toContinuePage(page: Page, fullName: string) {
  await page.goto('/login');
  await clickAndWait(page, 'a[href="/auth/suomifi/login"]');
  expect(page.url()).toContain('/demo-idp?SAMLRequest=');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: fullName, exact: true }).click()]);
}

describe('Suomi.fi through the demo IdP (JavaScript off)', () => {
  for (const [lang, name, start, demoText] of [
    ['fi', 'Aino Korhonen', '/client', 'ei Suomi.fi'],
    // Marja represents two clients: she first chooses whose matters she handles.
    ['sv', 'Marja Kinnunen', '/act-for', 'inte Suomi.fi'],
  ] as const) {
    test(`${name} signs in and out; signing out of Avain logs out of the IdP too (${lang})`, async () => {
      const { context, page } = await openPage(browser, { lang });
      try {
        await toContinuePage(page, name);
        expect(await page.textContent('main')).toContain(demoText);
        const continueButton = page.locator('form[action="/auth/suomifi/acs"] button[type=submit]');
        expect(await continueButton.textContent()).toBe(lang === 'fi' ? 'Jatka' : 'Fortsätt');
        await clickAndWait(page, 'form[action="/auth/suomifi/acs"] button[type=submit]');
        expect(new URL(page.url()).pathname).toBe(start);
        await clickAndWait(page, 'form[action="/logout"] button[type=submit]');
        expect(new URL(page.url()).pathname).toBe('/');
        expect(page.url()).toContain('signedOut=1');
        const again = await page.goto(start);
        expect(new URL(again?.url() ?? '').pathname).toBe('/login');
      } finally {
        await context.close();
      }
    });
  }

  test('signing out at the IdP ends the Avain session', async () => {
    const { context, page } = await openPage(browser, { lang: 'fi' });
    try {
      await signInWithDemoIdp(page, 'Aino Korhonen');
      expect(new URL(page.url()).pathname).toBe('/client');
      await page.goto('/demo-idp');
      expect(await page.textContent('main'), 'the demo IdP remembers whom it identified').toContain('Aino Korhonen');
      await clickAndWait(page, 'form:has(input[name=intent][value=logoutAll]) button[type=submit]');
      expect(new URL(page.url()).pathname).toBe('/demo-idp/slo');
      expect(await page.textContent('main')).toContain('Olet kirjautunut ulos demotunnistuksesta ja Avaimesta.');
      const again = await page.goto('/client');
      expect(new URL(again?.url() ?? '').pathname).toBe('/login');
    } finally {
      await context.close();
    }
  });
});

describe('accessibility of the new pages', () => {
  test('sign-in page and the demo IdP chooser, fi and sv', async () => {
    await axeBothLanguages(browser, '/login');
    await axeBothLanguages(browser, '/auth/suomifi/login');
    await axeBothLanguages(browser, '/demo-idp');
  });

  test('the Continue page and a refusal page, fi and sv', async () => {
    for (const lang of ['fi', 'sv'] as const) {
      const { context, page } = await openPage(browser, { lang });
      try {
        await toContinuePage(page, 'Elsa Nyström');
        await expectNoAxeViolations(page);
        // A response altered on the way is refused with a clear page and no session.
        await page.route('**/auth/suomifi/acs', (route) =>
          route.continue({ postData: `SAMLResponse=${encodeURIComponent(Buffer.from('<samlp:Response/>').toString('base64'))}&RelayState=` }),
        );
        const response = await clickAndWait(page, 'form[action="/auth/suomifi/acs"] button[type=submit]');
        expect(response?.status()).toBe(400);
        expect(await page.textContent('h1')).toBe(lang === 'fi' ? 'Kirjautuminen ei onnistunut' : 'Inloggningen lyckades inte');
        await expectNoAxeViolations(page);
        expect((await context.cookies()).some((c) => c.name.endsWith('avain_session') && c.value)).toBe(false);
      } finally {
        await context.close();
      }
    }
  });
});
