import { isIsoDate } from './months';

/** "1", "1,5", "2.25" → hundredths of a unit (100, 150, 225); null when not a positive amount. */
export function parseQuantity(input: string): number | null {
  const compact = input.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^\d{1,4}(\.\d{1,2})?$/.test(compact)) return null;
  const [whole, fraction = ''] = compact.split('.');
  const hundredths = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return hundredths > 0 ? hundredths : null;
}

/** A date typed as 25.11.2026 (Finnish) or 2026-11-25 (date picker) → '2026-11-25', or null. */
export function parseDate(input: string): string | null {
  const trimmed = input.trim();
  if (isIsoDate(trimmed)) return trimmed;
  const match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(trimmed);
  if (!match) return null;
  const iso = `${match[3]}-${match[2].padStart(2, '0')}-${match[1].padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}
