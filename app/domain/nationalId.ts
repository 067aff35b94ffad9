// Finnish identity codes (henkilötunnus): validated with finnish-ssn, stored upper-case, shown
// masked as the birth date and century sign with the rest hidden ("010150-****") everywhere but
// the own worker's client page.
import { FinnishSSN } from 'finnish-ssn';

export function normaliseNationalId(value: string): string {
  return value.trim().toUpperCase();
}

export function isValidNationalId(value: string): boolean {
  const code = normaliseNationalId(value);
  return /^\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]$/.test(code) && FinnishSSN.validate(code);
}

/** The individual number 900–999 is reserved for test codes. */
export function isTestNationalId(value: string): boolean {
  return isValidNationalId(value) && Number(normaliseNationalId(value).slice(7, 10)) >= 900;
}

export function maskNationalId(value: string | null | undefined): string {
  if (!value) return '';
  return `${value.slice(0, 7)}****`;
}

/** A valid code with the check character worked out, for test data: ddmmyy, sign, individual number. */
export function nationalIdFor(birth: string, sign: string, individual: number): string {
  const digits = `${birth}${String(individual).padStart(3, '0')}`;
  return `${birth}${sign}${String(individual).padStart(3, '0')}${'0123456789ABCDEFHJKLMNPRSTUVWXY'[Number(digits) % 31]}`;
}
