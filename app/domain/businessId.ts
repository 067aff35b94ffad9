// Finnish business ID (Y-tunnus / FO-nummer): seven digits, a hyphen and a check digit.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2];

export function businessIdCheckDigit(sevenDigits: string): number | null {
  if (!/^\d{7}$/.test(sevenDigits)) return null;
  const sum = [...sevenDigits].reduce((acc, digit, i) => acc + Number(digit) * WEIGHTS[i], 0);
  const remainder = sum % 11;
  if (remainder === 0) return 0;
  if (remainder === 1) return null; // no valid ID has remainder 1
  return 11 - remainder;
}

/** Returns the ID in its canonical form `1234567-8`, or null when it is not a valid Y-tunnus. */
export function normalizeBusinessId(input: string): string | null {
  const compact = input.trim().replace(/\s+/g, '');
  const match = /^(\d{6,7})-?(\d)$/.exec(compact);
  if (!match) return null;
  const body = match[1].padStart(7, '0');
  return businessIdCheckDigit(body) === Number(match[2]) ? `${body}-${match[2]}` : null;
}
