import { createContext, useContext } from 'react';
import i18next, { type TFunction } from 'i18next';
import { LANGUAGES, type Language } from '../../db/schema';
import { resources, namespaces } from './resources';

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

export function getT(lang: Language): TFunction {
  return instance.getFixedT(lang);
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
export function useT(): { t: TFunction; lang: Language } {
  const { lang } = usePageContext();
  return { t: getT(lang), lang };
}
