// Bank account details a provider gives for its invoices. The checks are ibantools' (the IBAN's
// mod-97 checksum and country length, the BIC's shape); here only the forms we store and show.
import { electronicFormatIBAN, friendlyFormatIBAN, isValidBIC, isValidIBAN } from 'ibantools';

/** An IBAN as typed ("fi21 1234 5600 0007 85") in its electronic form, or null when invalid. */
export function normalizeIban(input: string): string | null {
  const electronic = electronicFormatIBAN(input.trim());
  return electronic && isValidIBAN(electronic) ? electronic : null;
}

/** Groups of four for reading: "FI2112345600000785" → "FI21 1234 5600 0007 85". */
export function formatIban(iban: string): string {
  return friendlyFormatIBAN(iban) ?? iban;
}

/** A BIC as typed in upper case without spaces, or null when it is not 8 or 11 valid characters. */
export function normalizeBic(input: string): string | null {
  const bic = input.replace(/\s+/g, '').toUpperCase();
  return isValidBIC(bic) ? bic : null;
}
