// The Finvoice writer: amounts with a decimal comma, texts split to the schema's lengths, markup
// characters escaped, and a document that passes the official schema even with hostile names.
import { describe, expect, test } from 'vitest';
import { finvoiceAmount, finvoiceQuantity, finvoiceXml, fitText, splitText, type FinvoiceInvoice } from '../../app/domain/finvoice';
import { parseFinvoice, schemaErrors } from '../helpers/finvoice';

function invoice(overrides: Partial<FinvoiceInvoice> = {}): FinvoiceInvoice {
  const party = { businessId: '3012478-2', streetAddress: 'Kauppakatu 22', postCode: '87100', town: 'Kajaani', countryCode: 'FI', einvoiceAddress: '003730124782', operator: 'E204503' };
  return {
    kind: 'invoice',
    invoiceNumber: '7',
    invoiceDate: '2026-12-01',
    dueDate: '2026-12-15',
    periodStart: '2026-11-01',
    periodEnd: '2026-11-30',
    referenceNumber: '1000073',
    original: null,
    seller: { ...party, name: 'Kainuun Kotisiivous Oy', iban: 'FI2112345600000785', bic: 'OKOYFIHH', contactName: 'Anna Siivonen', email: 'info@example.fi', phone: '+358401234567' },
    buyer: { ...party, name: 'Kainuun hyvinvointialue', businessId: '3221343-0', einvoiceAddress: '003732213430' },
    rows: [{ articleId: 'cleaning', articleName: 'siivous', quantityHundredths: 600, unitText: 'tunti', unitCodeUN: 'HUR', unitPriceCents: 4200, amountCents: 25200, startDate: '2026-11-01', endDate: '2026-11-30' }],
    totalCents: 25200,
    texts: { typeText: 'LASKU', vatNote: 'Arvonlisäveroton sosiaalihuollon palvelu (AVL 37 §).', paymentTerms: '14 päivää netto', specificationTitle: 'Laskun kuitit', freeText: null },
    vatExemptionCode: 'VATEX-EU-132',
    receipts: ['2611-ABCDEF 2026-11-02 veloitus siivous 126,00', '2611-GHJKLM 2026-11-16 veloitus siivous 126,00'],
    messageId: '3012478-2-7-1',
    messageTimestamp: '2026-12-01T08:00:00Z',
    ...overrides,
  };
}

describe('amounts and quantities', () => {
  test('cents with a decimal comma, two decimals, a minus sign and no grouping', () => {
    expect(finvoiceAmount(0)).toBe('0,00');
    expect(finvoiceAmount(5)).toBe('0,05');
    expect(finvoiceAmount(123450)).toBe('1234,50');
    expect(finvoiceAmount(-2850)).toBe('-28,50');
    expect(finvoiceAmount(123456789012)).toBe('1234567890,12');
    expect(() => finvoiceAmount(1.5)).toThrow(TypeError);
  });

  test('quantities without trailing zeros', () => {
    expect(finvoiceQuantity(200)).toBe('2');
    expect(finvoiceQuantity(150)).toBe('1,5');
    expect(finvoiceQuantity(125)).toBe('1,25');
    expect(finvoiceQuantity(-50)).toBe('-0,5');
  });
});

describe('texts cut to the schema', () => {
  test('a long name is split between words into pieces of at most 70 characters and joins back', () => {
    const name = 'Kainuun Kotisiivous ja Kodinhoitopalvelut Osuuskunta Kajaanin ja Sotkamon alueella Oy Ab';
    const pieces = splitText(name, 70);
    expect(pieces.length).toBe(2);
    expect(pieces.every((piece) => Array.from(piece).length <= 70)).toBe(true);
    expect(pieces.join(' ')).toBe(name);
  });

  test('a word longer than the limit is cut; characters are counted, not bytes', () => {
    expect(splitText('ä'.repeat(80), 35).map((p) => Array.from(p).length)).toEqual([35, 35, 10]);
    expect(fitText('Lönnrotinkatu 9 B 12, porras kolme, toinen kerros', 35)).toBe('Lönnrotinkatu 9 B 12, porras kolme,');
    expect(splitText('  ', 35)).toEqual([]);
  });

  test('the seller\'s long name is sent in as many SellerOrganisationName elements as it needs', () => {
    const name = `${'Pitkänimisen '.repeat(10)}Palvelu Oy`;
    const xml = finvoiceXml(invoice({ seller: { ...invoice().seller, name } }));
    expect(schemaErrors(xml)).toBe('');
    const parsed = parseFinvoice(xml);
    expect(parsed.sellerName.length).toBeGreaterThan(1);
    expect(parsed.sellerName.join(' ')).toBe(name.trim());
  });
});

describe('escaping', () => {
  test('&, <, > and quotes in names and receipts are escaped and read back unchanged', () => {
    const name = 'Siivous & Koti <Kajaani> "Paras" Oy';
    const xml = finvoiceXml(invoice({ seller: { ...invoice().seller, name }, receipts: ['2611-ABCDEF <script>alert("x")</script> & more'] }));
    expect(xml).toContain('Siivous &amp; Koti &lt;Kajaani&gt; &quot;Paras&quot; Oy');
    expect(xml).not.toContain('<script>');
    expect(schemaErrors(xml)).toBe('');
    const parsed = parseFinvoice(xml);
    expect(parsed.sellerName.join(' ')).toBe(name);
    expect(parsed.specification).toContain('2611-ABCDEF <script>alert("x")</script> & more');
  });
});

describe('the document', () => {
  test('an invoice and a credit note pass the Finvoice 3.0 schema and carry the VAT exemption', () => {
    const xml = finvoiceXml(invoice());
    expect(schemaErrors(xml)).toBe('');
    expect(parseFinvoice(xml)).toMatchObject({ typeCode: 'INV01', totalCents: 25200, epiAmountCents: 25200, rowVatCodes: ['E'], vatExemptionCode: 'VATEX-EU-132', reference: '1000073' });
    const credit = finvoiceXml(
      invoice({
        kind: 'credit_note',
        original: { invoiceNumber: '6', invoiceDate: '2026-11-01' },
        rows: [{ ...invoice().rows[0], quantityHundredths: -300, amountCents: -12600 }],
        totalCents: -12600,
        texts: { ...invoice().texts, typeText: 'HYVITYSLASKU', freeText: 'Hyvityslasku korjaa laskua 6.' },
      }),
    );
    expect(schemaErrors(credit)).toBe('');
    expect(parseFinvoice(credit)).toMatchObject({ typeCode: 'INV02', originalInvoiceNumber: '6', totalCents: -12600, epiAmountCents: -12600 });
  });

  test('without both e-invoice addresses there is no routing frame, and the XML is still valid', () => {
    const xml = finvoiceXml(invoice({ buyer: { ...invoice().buyer, einvoiceAddress: null, operator: null } }));
    expect(xml).not.toContain('MessageTransmissionDetails');
    expect(schemaErrors(xml)).toBe('');
  });

  test('rows that do not add up to the total, or no rows, are refused before any XML is written', () => {
    expect(() => finvoiceXml(invoice({ totalCents: 25201 }))).toThrow(/add up/);
    expect(() => finvoiceXml(invoice({ rows: [], totalCents: 0 }))).toThrow(/at least one row/);
  });
});
