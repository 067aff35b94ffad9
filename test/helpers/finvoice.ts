// Checks a generated Finvoice against the official schema with xmllint (Debian libxml2-utils),
// and reads it back with an XML parser, so tests compare what is really in the file.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';

export const FINVOICE_XSD = path.resolve(import.meta.dirname, '../fixtures/finvoice/Finvoice3.0.xsd');

/** xmllint's verdict: '' when the XML is valid against Finvoice 3.0, else its messages. */
export function schemaErrors(xml: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finvoice-'));
  const file = path.join(dir, 'invoice.xml');
  fs.writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--noout', '--schema', FINVOICE_XSD, file], { stdio: 'pipe' });
    return '';
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, isArray: (name) => ['InvoiceRow', 'SpecificationFreeText', 'SellerOrganisationName'].includes(name) });

type Node = Record<string, unknown>;
const text = (value: unknown): string => (typeof value === 'object' && value !== null ? String((value as Node)['#text']) : String(value));

/** "-12,50" → -1250 */
export function amountCents(value: string): number {
  const match = /^(-?)(\d+),(\d{2})$/.exec(value);
  if (!match) throw new Error(`not a Finvoice amount: ${value}`);
  return (match[1] ? -1 : 1) * (Number(match[2]) * 100 + Number(match[3]));
}

export type ParsedFinvoice = {
  typeCode: string;
  invoiceNumber: string;
  originalInvoiceNumber: string | null;
  totalCents: number;
  epiAmountCents: number;
  reference: string;
  rowsCents: number[];
  rowVatCodes: string[];
  vatExemptionCode: string;
  sellerName: string[];
  specification: string[];
};

export function parseFinvoice(xml: string): ParsedFinvoice {
  const doc = (parser.parse(xml) as Node).Finvoice as Node;
  const details = doc.InvoiceDetails as Node;
  const rows = doc.InvoiceRow as Node[];
  const epi = doc.EpiDetails as Node;
  const instruction = epi.EpiPaymentInstructionDetails as Node;
  const vat = details.VatSpecificationDetails as Node;
  return {
    typeCode: text(details.InvoiceTypeCode),
    invoiceNumber: text(details.InvoiceNumber),
    originalInvoiceNumber: details.OriginalInvoiceNumber === undefined ? null : text(details.OriginalInvoiceNumber),
    totalCents: amountCents(text(details.InvoiceTotalVatIncludedAmount)),
    epiAmountCents: amountCents(text(instruction.EpiInstructedAmount)),
    reference: text(instruction.EpiRemittanceInfoIdentifier),
    rowsCents: rows.map((row) => amountCents(text(row.RowAmount))),
    rowVatCodes: rows.map((row) => text(row.RowVatCode)),
    vatExemptionCode: text(vat.VatExemptionReasonCode),
    sellerName: ((doc.SellerPartyDetails as Node).SellerOrganisationName as unknown[]).map(text),
    specification: ((doc.SpecificationDetails as Node).SpecificationFreeText as unknown[]).map(text),
  };
}
