import { createContext, useContext } from 'react';
import i18next, { type TFunction } from 'i18next';
import { LANGUAGES, type Language } from '../../db/schema';
import { resources, namespaces, type Namespace } from './resources';

export type { Language };
export const DEFAULT_LANGUAGE: Language = 'fi';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

const instance = i18next.createInstance();
void instance.init({
  resources,
  ns: namespaces,
  defaultNS: 'common',
  lng: DEFAULT_LANGUAGE,
  fallbackLng: false,
  supportedLngs: [...LANGUAGES],
  initAsync: false,
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});

/** `t` over every namespace; keys are checked against the Finnish resources (`i18next.d.ts`). */
export type T = TFunction<typeof namespaces>;

type Resources = (typeof resources)['fi'];
type Leaves<Tree, Prefix extends string = ''> = {
  [K in keyof Tree & string]: Tree[K] extends string ? `${Prefix}${K}` : Leaves<Tree[K], `${Prefix}${K}.`>;
}[keyof Tree & string];
type WithoutPluralSuffix<Key extends string> = Key extends `${infer Base}_${'zero' | 'one' | 'two' | 'few' | 'many' | 'other'}` ? Base : Key;

/** A key of one string, such as 'budget:title', that nav items, titles and error messages carry. */
export type TranslationKey = { [N in Namespace]: `${N}:${WithoutPluralSuffix<Leaves<Resources[N]>>}` }[Namespace];

/**
 * A key that arrives as data rather than as a literal: a form error from a zod schema or a domain
 * result (`FieldErrors`). tsc checks literal keys; these it cannot.
 */
export function keyFromData(key: string): TranslationKey {
  return key as TranslationKey;
}

export function getT(lang: Language): T {
  return instance.getFixedT(lang, namespaces);
}

/** What every page render knows about the request: language, display preferences, CSP nonce. */
export type PageContext = {
  lang: Language;
  textSize: 'normal' | 'large' | 'larger';
  highContrast: boolean;
  nonce: string;
  /** HTTP status of the document; 400 means the page shows form errors. */
  status: number;
  path: string;
};

export const PageContextValue = createContext<PageContext>({
  lang: DEFAULT_LANGUAGE,
  textSize: 'normal',
  highContrast: false,
  nonce: '',
  status: 200,
  path: '/',
});

export function usePageContext(): PageContext {
  return useContext(PageContextValue);
}

/** `t` for the page's language. */
export function useT(): { t: T; lang: Language } {
  const { lang } = usePageContext();
  return { t: getT(lang), lang };
}
