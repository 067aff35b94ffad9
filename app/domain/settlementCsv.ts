// A provider's monthly settlement as a spreadsheet file.
import { centsToDecimalComma, csvDocument, csvField } from './csv';
import type { Settlement, SettlementLine } from './settlement.server';

export type SettlementCsvLabels = {
  service: string;
  chargeCount: string;
  charges: string;
  refunds: string;
  net: string;
  total: string;
};

/**
 * The settlement as CSV for Finnish spreadsheets: UTF-8 with a BOM, ';' between fields,
 * decimal comma, CRLF line endings, a header row in the reader's language, a total row last.
 */
export function settlementCsv(settlement: Settlement, labels: SettlementCsvLabels, serviceName: (line: SettlementLine) => string): string {
  const row = (name: string, line: Settlement['total']) =>
    [
      csvField(name),
      csvField(line.chargeCount, 'number'),
      csvField(centsToDecimalComma(line.chargesCents), 'number'),
      csvField(centsToDecimalComma(line.refundsCents), 'number'),
      csvField(centsToDecimalComma(line.netCents), 'number'),
    ].join(';');
  const header = [labels.service, labels.chargeCount, labels.charges, labels.refunds, labels.net].map((label) => csvField(label)).join(';');
  const lines = [header, ...settlement.lines.map((line) => row(serviceName(line), line)), row(labels.total, settlement.total)];
  return csvDocument(lines);
}
