// Finnish creditor reference (kotimainen viitenumero): a base of 3–19 digits and a check digit
// from the 7-3-1 weights, counted from the right (Finance Finland, "Viitenumero ja tarkiste").

const WEIGHTS = [7, 3, 1];

/** The 7-3-1 check digit of a base of 3–19 digits. */
export function referenceCheckDigit(base: string): number {
  if (!/^\d{3,19}$/.test(base)) throw new RangeError(`a reference base is 3–19 digits, got "${base}"`);
  let sum = 0;
  const digits = [...base].reverse();
  digits.forEach((digit, index) => {
    sum += Number(digit) * WEIGHTS[index % 3];
  });
  return (10 - (sum % 10)) % 10;
}

/** The base with its check digit appended: "1234561" → "12345614". */
export function finnishReference(base: string): string {
  return `${base}${referenceCheckDigit(base)}`;
}

/** True for a reference of 4–20 digits (spaces allowed) whose last digit is the right check digit. */
export function isFinnishReference(value: string): boolean {
  const digits = value.replace(/\s+/g, '');
  if (!/^\d{4,20}$/.test(digits)) return false;
  return referenceCheckDigit(digits.slice(0, -1)) === Number(digits.slice(-1));
}

/** Groups of five from the right, as printed on a Finnish bill: "12345614" → "123 45614". */
export function formatReference(reference: string): string {
  const groups: string[] = [];
  for (let end = reference.length; end > 0; end -= 5) groups.unshift(reference.slice(Math.max(0, end - 5), end));
  return groups.join(' ');
}

/**
 * The reference of a provider's invoice: the provider's id and the invoice's number in the
 * provider's sequence, so no two invoices in the region share one.
 */
export function invoiceReference(providerId: number, sequenceNumber: number): string {
  return finnishReference(`${providerId}${String(sequenceNumber).padStart(5, '0')}`);
}
