import { LANGUAGES, type Language } from '../../db/schema';
import { midMonth } from '../domain/months';

const LOCALE_TAGS: Record<Language, string> = { fi: 'fi-FI', sv: 'sv-FI' };
const HELSINKI = 'Europe/Helsinki';

function formattersFor(tag: string) {
  return {
    euros: new Intl.NumberFormat(tag, { style: 'currency', currency: 'EUR' }),
    hundredths: new Intl.NumberFormat(tag, { maximumFractionDigits: 2 }),
    oneDecimal: new Intl.NumberFormat(tag, { maximumFractionDigits: 1 }),
    date: new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'numeric', year: 'numeric', timeZone: HELSINKI }),
    dateTime: new Intl.DateTimeFormat(tag, {
      day: 'numeric',
      month: 'numeric',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: HELSINKI,
    }),
    month: new Intl.DateTimeFormat(tag, { month: 'long', year: 'numeric', timeZone: 'UTC' }),
    shortMonth: new Intl.DateTimeFormat(tag, { month: 'short', timeZone: 'UTC' }),
  };
}

// Intl formatters are costly to build: one set per language, made once when the module loads.
const formatters = Object.fromEntries(LANGUAGES.map((lang) => [lang, formattersFor(LOCALE_TAGS[lang])])) as Record<
  Language,
  ReturnType<typeof formattersFor>
>;

/** The language's formatters, for the few modules (money) that format outside this one. */
export function intlFor(lang: Language) {
  return formatters[lang];
}

/** Formats a plain decimal such as a quantity: 150 hundredths → "1,5". */
export function formatHundredths(hundredths: number, lang: Language): string {
  return formatters[lang].hundredths.format(hundredths / 100);
}

/** Formats a share kept in permille as a percentage with one decimal: 125 → "12,5 %". */
export function formatPermilleAsPercent(permille: number, lang: Language): string {
  return `${formatters[lang].oneDecimal.format(permille / 10)} %`;
}

/** "2026-11-25" or a Date → "25.11.2026" (fi) / "25.11.2026" (sv). */
export function formatDate(value: string | Date, lang: Language): string {
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return formatters[lang].date.format(date);
}

/** A timestamp in Helsinki time: "25.11.2026 klo 14.05" (fi) / "25.11.2026 14:05" (sv). */
export function formatDateTime(value: string | Date, lang: Language): string {
  return formatters[lang].dateTime.format(new Date(value));
}

/** "2026-11" → "marraskuu 2026" (fi) / "november 2026" (sv). */
export function formatMonth(month: string, lang: Language): string {
  return formatters[lang].month.format(midMonth(month));
}

/** "2026-11" → "marrask." (fi) / "nov." (sv): a chart's axis label. */
export function formatShortMonth(month: string, lang: Language): string {
  return formatters[lang].shortMonth.format(midMonth(month));
}

/** "marraskuu 2026" → "Marraskuu 2026" where a month name starts a sentence or a list item. */
export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
