import { readCookie, setCookie, ONE_YEAR } from '../utils/cookies.server';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from './i18n';

export function languageCookie(lang: Language): string {
  return setCookie('lang', lang, { maxAge: ONE_YEAR });
}

/** The language chosen in the cookie, else the first of fi/sv in Accept-Language, else Finnish. */
export function languageOf(request: Request): Language {
  const chosen = readCookie(request, 'lang');
  if (isLanguage(chosen)) return chosen;
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
  return match ? (match.base as Language) : DEFAULT_LANGUAGE;
}
