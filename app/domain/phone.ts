import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Parses a phone number in any common Finnish form (`040 123 4567`, `+358 40 123 4567`,
 * `040-1234567`, `00358401234567`) into E.164 (`+358401234567`). Returns null when it is not a
 * valid number.
 */
export function toE164(input: string): string | null {
  const trimmed = input.trim().replace(/^00/, '+');
  if (trimmed.length === 0 || trimmed.length > 32) return null;
  const parsed = parsePhoneNumberFromString(trimmed, 'FI');
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}

/** Formats an E.164 number for people: `+358 40 1234567`. */
export function formatPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  return parsed ? parsed.formatInternational() : e164;
}
