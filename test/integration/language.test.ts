// The language switch (/language/:code) and how a request's language and plain-language choice
// are read: same page and query back, a marker that makes the address differ, same-site only.
import { describe, expect, test } from 'vitest';
import { languageChoiceOf, returnPathOf, textsFor } from '../../app/i18n/language.server';
import { loader } from '../../app/routes/_public+/language.$lang';
import { loader as budgetLoader } from '../../app/routes/_client+/budget';
import { cookieFor, getRequest, run } from '../helpers/requests';

const switchTo = (code: string, returnTo: string) =>
  run(loader, getRequest(`/language/${code}?returnTo=${encodeURIComponent(returnTo)}`), { lang: code });

describe('the language switch', () => {
  test('returns to the same path with its query, plus the language marker', async () => {
    const result = await switchTo('sv', '/providers/compare?id=4&id=1');
    expect(result.status).toBe(303);
    expect(result.headers.get('Location')).toBe('/providers/compare?id=4&id=1&lang=sv');
    const cookies = result.headers.getSetCookie();
    expect(cookies.some((c) => c.startsWith('lang=sv;'))).toBe(true);
    expect(cookies.some((c) => c.startsWith('plain=;') && c.includes('Max-Age=0'))).toBe(true);
  });

  test('plain language sets both cookies; an old marker is replaced, not repeated', async () => {
    const result = await switchTo('fi-x-selko', '/budget?client=3&lang=sv&month=2026-11');
    expect(result.headers.get('Location')).toBe('/budget?client=3&month=2026-11&lang=fi-x-selko');
    const cookies = result.headers.getSetCookie();
    expect(cookies.some((c) => c.startsWith('lang=fi;'))).toBe(true);
    expect(cookies.some((c) => c.startsWith('plain=1;'))).toBe(true);
  });

  test.each(['https://evil.example/', '//evil.example/x', '/\t/evil.example', '\\\\evil.example', 'budget', ''])('refuses %j as a way back', async (returnTo) => {
    const result = await switchTo('fi', returnTo);
    expect(result.headers.get('Location')).toBe('/?lang=fi');
  });

  test('an unknown language is a 404', async () => {
    await expect(run(loader, getRequest('/language/en?returnTo=%2F'), { lang: 'en' })).resolves.toMatchObject({ status: 404 });
    await expect(run(loader, getRequest('/language/fi-x-foo?returnTo=%2F'), { lang: 'fi-x-foo' })).resolves.toMatchObject({ status: 404 });
  });
});

describe('a request’s language', () => {
  test('the marker decides over the cookies; the cookies over Accept-Language', () => {
    expect(languageChoiceOf(getRequest('/?lang=sv-x-ll', 'lang=fi'))).toEqual({ lang: 'sv', plain: true });
    expect(languageChoiceOf(getRequest('/', 'lang=fi; plain=1', { 'Accept-Language': 'sv' }))).toEqual({ lang: 'fi', plain: true });
    expect(languageChoiceOf(getRequest('/?lang=nonsense', '', { 'Accept-Language': 'sv-FI' }))).toEqual({ lang: 'sv', plain: false });
    expect(languageChoiceOf(getRequest('/'))).toEqual({ lang: 'fi', plain: false });
  });

  test('the way back drops only the marker', () => {
    expect(returnPathOf(new URL('http://x/budget?client=3&lang=sv&month=2026-11'))).toBe('/budget?client=3&month=2026-11');
    expect(returnPathOf(new URL('http://x/help?lang=fi'))).toBe('/help');
  });

  test('loaders that write texts use the plain version', async () => {
    expect(textsFor(getRequest('/', 'lang=fi; plain=1'))('budget:title')).toBe('Oma raha');
    expect(textsFor(getRequest('/', 'lang=sv; plain=1'))('budget:title')).toBe('Mina pengar');
    // Keys no client sees fall back to the standard text.
    expect(textsFor(getRequest('/', 'lang=fi; plain=1'))('charge:title')).toBe(textsFor(getRequest('/', 'lang=fi'))('charge:title'));
    const page = await run(budgetLoader, getRequest('/budget', cookieFor('client@example.fi', 'lang=fi; plain=1')));
    expect((page.data as { pageTitle: string }).pageTitle).toMatch(/^Oma raha, /);
  });
});
