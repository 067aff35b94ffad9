import type { Language } from '../../db/schema';

const locales: Record<Language, string> = { fi: 'fi-FI', sv: 'sv-FI' };
const euroFormats = new Map<Language, Intl.NumberFormat>();

/** 123450 → "1 234,50 €" (fi) / "1 234,50 €" (sv); spaces are no-break spaces. */
export function formatEuros(cents: number, lang: Language): string {
  if (!Number.isInteger(cents)) throw new TypeError(`cents must be an integer, got ${cents}`);
  let format = euroFormats.get(lang);
  if (!format) {
    format = new Intl.NumberFormat(locales[lang], { style: 'currency', currency: 'EUR' });
    euroFormats.set(lang, format);
  }
  // Divide only here, at the edge where money is shown to a person.
  return format.format(cents / 100);
}

/** Formats a plain decimal such as a quantity: 150 hundredths → "1,5". */
export function formatHundredths(hundredths: number, lang: Language): string {
  return new Intl.NumberFormat(locales[lang], { maximumFractionDigits: 2 }).format(hundredths / 100);
}

/** "2026-11-25" or a Date → "25.11.2026" (fi) / "25.11.2026" (sv). */
export function formatDate(value: string | Date, lang: Language): string {
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return new Intl.DateTimeFormat(locales[lang], {
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
    timeZone: 'Europe/Helsinki',
  }).format(date);
}

/** A timestamp in Helsinki time: "25.11.2026 klo 14.05" (fi) / "25.11.2026 14:05" (sv). */
export function formatDateTime(value: string | Date, lang: Language): string {
  return new Intl.DateTimeFormat(locales[lang], {
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Helsinki',
  }).format(new Date(value));
}

/** "2026-11" → "marraskuu 2026" (fi) / "november 2026" (sv). */
export function formatMonth(month: string, lang: Language): string {
  return new Intl.DateTimeFormat(locales[lang], { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-15T12:00:00Z`),
  );
}

/** Parses a euro amount typed by a person ("12,50", "12.5", "1 200 €") into cents, or null. */
export function parseEurosToCents(input: string): number | null {
  const compact = input.replace(/[\s\u00a0€]/g, '').replace(',', '.');
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(compact)) return null;
  const [whole, fraction = ''] = compact.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}
