// Receipt numbers: the budget month (YYMM) and six characters that cannot be misread.
import crypto from 'node:crypto';

const RECEIPT_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I

/** A new random receipt number for a ledger row of `month` (YYYY-MM), e.g. "2611-K7PQ2M". */
export function newReceiptNumber(month: string): string {
  const bytes = crypto.randomBytes(6);
  const code = [...bytes].map((b) => RECEIPT_ALPHABET[b % RECEIPT_ALPHABET.length]).join('');
  return `${month.slice(2, 4)}${month.slice(5, 7)}-${code}`;
}
