// CSV for Finnish spreadsheets: UTF-8 with a BOM, ';' between fields, decimal comma, CRLF.

/** Cents as a spreadsheet number with a decimal comma and no grouping: 123450 → "1234,50". */
export function centsToDecimalComma(cents: number): string {
  if (!Number.isInteger(cents)) throw new TypeError(`cents must be an integer, got ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

/**
 * One CSV field: quoted when it holds the separator, a quote or a line break (quotes doubled).
 * Text that a spreadsheet would run as a formula gets a leading apostrophe.
 */
export function csvField(value: string | number, kind: 'text' | 'number' = 'text'): string {
  let text = String(value);
  if (kind === 'text' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The rows (fields already joined with ';') as one file: a BOM first, CRLF after every row. */
export function csvDocument(rows: string[]): string {
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}
