import { readCookie, setCookie, ONE_YEAR } from '../utils/cookies.server';
import { DEFAULT_LANGUAGE, getT, isLanguage, type Language, type T } from './i18n';
import { PLAIN_LANGUAGE } from './resources';

/** What the reader chose: the language (`<html lang>`) and whether its plain-language version. */
export type LanguageChoice = { lang: Language; plain: boolean };

/** The four choices of the language switch, by the code in its URL (`/language/fi-x-selko`). */
export const LANGUAGE_CHOICES: Record<string, LanguageChoice> = {
  fi: { lang: 'fi', plain: false },
  [PLAIN_LANGUAGE.fi]: { lang: 'fi', plain: true },
  sv: { lang: 'sv', plain: false },
  [PLAIN_LANGUAGE.sv]: { lang: 'sv', plain: true },
};

export function choiceCode(choice: LanguageChoice): string {
  return choice.plain ? PLAIN_LANGUAGE[choice.lang] : choice.lang;
}

/** The query parameter the language switch adds to the page it returns to (see language.$lang.tsx). */
export const LANGUAGE_PARAM = 'lang';

export function languageCookies(choice: LanguageChoice): string[] {
  return [
    setCookie('lang', choice.lang, { maxAge: ONE_YEAR }),
    choice.plain ? setCookie('plain', '1', { maxAge: ONE_YEAR }) : setCookie('plain', '', { maxAge: 0 }),
  ];
}

/**
 * The language of a request: `?lang=` when the language switch just sent the reader here (so the
 * page, and a text browser's cached copy of it, always match its address), else the cookies, else
 * the first of fi/sv in Accept-Language, else Finnish.
 */
export function languageChoiceOf(request: Request): LanguageChoice {
  const fromUrl = new URL(request.url).searchParams.get(LANGUAGE_PARAM);
  if (fromUrl && Object.hasOwn(LANGUAGE_CHOICES, fromUrl)) return LANGUAGE_CHOICES[fromUrl];
  const plain = readCookie(request, 'plain') === '1';
  const chosen = readCookie(request, 'lang');
  if (isLanguage(chosen)) return { lang: chosen, plain };
  const accepted = (request.headers.get('Accept-Language') ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { base: tag.toLowerCase().split('-')[0], q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  const match = accepted.find((entry) => isLanguage(entry.base));
  return { lang: match ? (match.base as Language) : DEFAULT_LANGUAGE, plain };
}

/** The language chosen (`fi`/`sv`); see languageChoiceOf. */
export function languageOf(request: Request): Language {
  return languageChoiceOf(request).lang;
}

/** `t` in the reader's language and text version, for loaders that write a title or a text. */
export function textsFor(request: Request): T {
  const choice = languageChoiceOf(request);
  return getT(choice.lang, choice.plain);
}

/** Path and query of a request without the language switch's marker: where a switch comes back to. */
export function returnPathOf(url: URL): string {
  const params = new URLSearchParams(url.search);
  params.delete(LANGUAGE_PARAM);
  const query = params.toString();
  return `${url.pathname}${query ? `?${query}` : ''}`;
}
