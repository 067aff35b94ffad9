// Money is integer euro cents everywhere (DOMAIN.md rule 1). This module is the one place that
// turns cents into text for a person and text typed by a person into cents.
import type { Language } from '../../db/schema';
import { intlFor } from '../i18n/format';

/** 123450 → "1 234,50 €" (fi) / "1 234,50 €" (sv); spaces are no-break spaces. */
export function formatEuros(cents: number, lang: Language): string {
  if (!Number.isInteger(cents)) throw new TypeError(`cents must be an integer, got ${cents}`);
  // Divide only here, at the edge where money is shown to a person.
  return intlFor(lang).euros.format(cents / 100);
}

/** Parses a euro amount typed by a person ("12,50", "12.5", "1 200 €") into cents, or null. */
export function parseEurosToCents(input: string): number | null {
  const compact = input.replace(/[\s\u00a0€]/g, '').replace(',', '.');
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(compact)) return null;
  const [whole, fraction = ''] = compact.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/**
 * Cents as a person would type them back into a form field: 123450 → "1234,50", no currency sign
 * or grouping, so that `parseEurosToCents` reads it again unchanged (fi and sv both use a comma).
 */
export function centsInputValue(cents: number): string {
  if (!Number.isInteger(cents) || cents < 0) throw new TypeError(`cents must be a non-negative integer, got ${cents}`);
  return `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
}
