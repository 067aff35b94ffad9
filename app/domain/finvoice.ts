// A Finvoice 3.0 e-invoice (Finance Finland's XML for Finnish e-invoicing, EN 16931 compatible)
// from an invoice that Avain has already worked out in cents. Pure: no database, no clock. The
// XML is written by fast-xml-parser's builder, which escapes text and attributes; this module
// only puts the elements in the schema's order and keeps every text within the schema's lengths.
import { XMLBuilder } from 'fast-xml-parser';

export type FinvoiceParty = {
  name: string;
  businessId: string; // Y-tunnus, 1234567-1
  streetAddress: string;
  postCode: string;
  town: string;
  countryCode: string; // ISO 3166, FI
  einvoiceAddress: string | null; // OVT or IBAN-form e-invoice address
  operator: string | null; // the operator's (intermediator's) id
  contactName?: string | null;
  email?: string | null;
  phone?: string | null;
};

export type FinvoiceSeller = FinvoiceParty & { iban: string; bic: string };

export type FinvoiceRow = {
  articleId: string; // the service's code
  articleName: string;
  quantityHundredths: number; // negative on a credit note
  unitText: string; // the unit in the invoice's language ("h", "ateria")
  unitCodeUN: string; // UN/ECE Rec. 20: HUR, DAY, KGM, C62
  unitPriceCents: number;
  amountCents: number; // negative on a credit note
  startDate: string; // YYYY-MM-DD
  endDate: string;
};

export type FinvoiceInvoice = {
  kind: 'invoice' | 'credit_note';
  invoiceNumber: string;
  invoiceDate: string; // YYYY-MM-DD
  dueDate: string;
  periodStart: string;
  periodEnd: string;
  referenceNumber: string; // Finnish reference with its 7-3-1 check digit
  original: { invoiceNumber: string; invoiceDate: string } | null; // what a credit note corrects
  seller: FinvoiceSeller;
  buyer: FinvoiceParty;
  rows: FinvoiceRow[];
  totalCents: number; // = the sum of the rows' amounts
  texts: {
    typeText: string; // LASKU / HYVITYSLASKU
    vatNote: string; // the exemption note the law asks for
    paymentTerms: string; // "14 päivää netto"
    specificationTitle: string;
    freeText: string | null; // e.g. what a credit note corrects
  };
  vatExemptionCode: string; // VATEX-EU-132: exempt public-interest activity (social welfare)
  receipts: string[]; // one line per ledger row the invoice covers
  messageId: string;
  messageTimestamp: string; // ISO date-time
};

/** Cents as a Finvoice amount: decimal comma, two decimals, a minus sign, no grouping. */
export function finvoiceAmount(cents: number): string {
  if (!Number.isInteger(cents)) throw new TypeError(`cents must be an integer, got ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

/** Hundredths of a unit with a decimal comma, no trailing zeros: 150 → "1,5", 200 → "2". */
export function finvoiceQuantity(hundredths: number): string {
  if (!Number.isInteger(hundredths)) throw new TypeError(`hundredths must be an integer, got ${hundredths}`);
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  const fraction = String(abs % 100).padStart(2, '0').replace(/0+$/, '');
  return `${sign}${Math.floor(abs / 100)}${fraction ? `,${fraction}` : ''}`;
}

/** YYYY-MM-DD as Finvoice's CCYYMMDD date. */
function finvoiceDate(date: string) {
  return { '#text': date.replace(/-/g, ''), '@_Format': 'CCYYMMDD' };
}

const euros = (cents: number) => ({ '#text': finvoiceAmount(cents), '@_AmountCurrencyIdentifier': 'EUR' });

/**
 * Splits a text into pieces of at most `max` characters (code points), breaking between words
 * where it can; a word longer than `max` is cut. Joining the pieces with spaces gives the text
 * back with its runs of white space made single.
 */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let current: string[] = [];
  const length = (s: string) => Array.from(s).length;
  for (let word of text.trim().split(/\s+/).filter(Boolean)) {
    while (length(word) > max) {
      if (current.length) pieces.push(current.join(' '));
      current = [];
      pieces.push(Array.from(word).slice(0, max).join(''));
      word = Array.from(word).slice(max).join('');
    }
    const candidate = current.length ? `${current.join(' ')} ${word}` : word;
    if (length(candidate) <= max) current.push(word);
    else {
      pieces.push(current.join(' '));
      current = [word];
    }
  }
  if (current.length) pieces.push(current.join(' '));
  return pieces.filter((piece) => piece !== '');
}

/** The first piece of a text that fits `max` characters, cut at a space where possible. */
export function fitText(text: string, max: number): string {
  return splitText(text, max)[0] ?? '';
}

/** Schema texts of at least two characters: a shorter value is left out rather than sent invalid. */
function atLeastTwo(text: string | null | undefined): string | undefined {
  const trimmed = (text ?? '').trim();
  return Array.from(trimmed).length >= 2 ? trimmed : undefined;
}

function address(prefix: 'Seller' | 'Buyer', party: FinvoiceParty) {
  return {
    [`${prefix}StreetName`]: splitText(party.streetAddress, 35).slice(0, 3),
    [`${prefix}TownName`]: fitText(party.town, 35),
    [`${prefix}PostCodeIdentifier`]: fitText(party.postCode, 35),
    CountryCode: party.countryCode,
  };
}

function transmission(invoice: FinvoiceInvoice) {
  const { seller, buyer } = invoice;
  if (!seller.einvoiceAddress || !seller.operator || !buyer.einvoiceAddress || !buyer.operator) return undefined;
  return {
    MessageSenderDetails: { FromIdentifier: seller.einvoiceAddress, FromIntermediator: seller.operator },
    MessageReceiverDetails: { ToIdentifier: buyer.einvoiceAddress, ToIntermediator: buyer.operator },
    MessageDetails: { MessageIdentifier: fitText(invoice.messageId, 48), MessageTimeStamp: invoice.messageTimestamp },
  };
}

function row(invoice: FinvoiceInvoice, line: FinvoiceRow) {
  return {
    ArticleIdentifier: fitText(line.articleId, 70),
    ArticleName: fitText(line.articleName, 100),
    InvoicedQuantity: { '#text': finvoiceQuantity(line.quantityHundredths), '@_QuantityUnitCode': fitText(line.unitText, 14), '@_QuantityUnitCodeUN': line.unitCodeUN },
    StartDate: finvoiceDate(line.startDate),
    EndDate: finvoiceDate(line.endDate),
    UnitPriceAmount: { ...euros(line.unitPriceCents), '@_QuantityUnitCodeUN': line.unitCodeUN },
    RowFreeText: [fitText(invoice.texts.vatNote, 512)],
    RowVatRatePercent: '0',
    RowVatCode: 'E',
    RowVatAmount: euros(0),
    RowVatExcludedAmount: euros(line.amountCents),
    RowAmount: euros(line.amountCents),
  };
}

/** The receipts as specification lines of at most 80 characters (the schema's length). */
function specification(invoice: FinvoiceInvoice): string[] {
  return [invoice.texts.specificationTitle, ...invoice.receipts].flatMap((line) => splitText(line, 80));
}

/** The invoice as Finvoice 3.0 XML (UTF-8). Throws when the rows do not add up to the total. */
export function finvoiceXml(invoice: FinvoiceInvoice): string {
  const rowsTotal = invoice.rows.reduce((sum, line) => sum + line.amountCents, 0);
  if (rowsTotal !== invoice.totalCents) throw new Error(`rows add up to ${rowsTotal}, the total is ${invoice.totalCents}`);
  if (invoice.rows.length === 0) throw new Error('an invoice needs at least one row');
  const credit = invoice.kind === 'credit_note';
  const { seller, buyer } = invoice;
  const document = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    Finvoice: {
      '@_Version': '3.0',
      '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      '@_xsi:noNamespaceSchemaLocation': 'Finvoice3.0.xsd',
      MessageTransmissionDetails: transmission(invoice),
      SellerPartyDetails: {
        SellerPartyIdentifier: seller.businessId,
        SellerOrganisationName: splitText(seller.name, 70),
        SellerPostalAddressDetails: address('Seller', seller),
      },
      SellerOrganisationUnitNumber: seller.einvoiceAddress ?? undefined,
      SellerContactPersonName: seller.contactName ? fitText(seller.contactName, 70) : undefined,
      SellerCommunicationDetails:
        seller.phone || seller.email
          ? { SellerPhoneNumberIdentifier: seller.phone ? fitText(seller.phone, 35) : undefined, SellerEmailaddressIdentifier: seller.email ? fitText(seller.email, 70) : undefined }
          : undefined,
      SellerInformationDetails: {
        SellerAccountDetails: {
          SellerAccountID: { '#text': seller.iban, '@_IdentificationSchemeName': 'IBAN' },
          SellerBic: { '#text': seller.bic, '@_IdentificationSchemeName': 'BIC' },
        },
      },
      BuyerPartyDetails: {
        BuyerPartyIdentifier: buyer.businessId,
        BuyerOrganisationName: splitText(buyer.name, 70),
        BuyerPostalAddressDetails: address('Buyer', buyer),
      },
      BuyerOrganisationUnitNumber: buyer.einvoiceAddress ?? undefined,
      InvoiceDetails: {
        InvoiceTypeCode: { '#text': credit ? 'INV02' : 'INV01', '@_CodeListAgencyIdentifier': 'SPY' },
        InvoiceTypeCodeUN: credit ? '381' : '380',
        InvoiceTypeText: fitText(invoice.texts.typeText, 35),
        OriginCode: 'Original',
        InvoiceNumber: invoice.invoiceNumber,
        InvoiceDate: finvoiceDate(invoice.invoiceDate),
        OriginalInvoiceNumber: invoice.original?.invoiceNumber,
        OriginalInvoiceDate: invoice.original ? finvoiceDate(invoice.original.invoiceDate) : undefined,
        InvoicingPeriodStartDate: finvoiceDate(invoice.periodStart),
        InvoicingPeriodEndDate: finvoiceDate(invoice.periodEnd),
        InvoiceTotalVatExcludedAmount: euros(invoice.totalCents),
        InvoiceTotalVatAmount: euros(0),
        InvoiceTotalVatIncludedAmount: euros(invoice.totalCents),
        VatSpecificationDetails: {
          VatBaseAmount: euros(invoice.totalCents),
          VatRatePercent: '0',
          VatCode: 'E',
          VatRateAmount: euros(0),
          VatFreeText: splitText(invoice.texts.vatNote, 70).slice(0, 3),
          VatExemptionReasonCode: invoice.vatExemptionCode,
        },
        InvoiceFreeText: invoice.texts.freeText ? [fitText(invoice.texts.freeText, 512)] : undefined,
        PaymentTermsDetails: {
          PaymentTermsFreeText: fitText(invoice.texts.paymentTerms, 70),
          InvoiceDueDate: finvoiceDate(invoice.dueDate),
        },
      },
      InvoiceRow: invoice.rows.map((line) => row(invoice, line)),
      SpecificationDetails: { SpecificationFreeText: specification(invoice) },
      EpiDetails: {
        EpiIdentificationDetails: { EpiDate: finvoiceDate(invoice.invoiceDate), EpiReference: invoice.referenceNumber },
        EpiPartyDetails: {
          EpiBfiPartyDetails: { EpiBfiIdentifier: { '#text': seller.bic, '@_IdentificationSchemeName': 'BIC' } },
          EpiBeneficiaryPartyDetails: {
            EpiNameAddressDetails: atLeastTwo(fitText(seller.name, 35)),
            EpiAccountID: { '#text': seller.iban, '@_IdentificationSchemeName': 'IBAN' },
          },
        },
        EpiPaymentInstructionDetails: {
          EpiRemittanceInfoIdentifier: { '#text': invoice.referenceNumber, '@_IdentificationSchemeName': 'SPY' },
          EpiInstructedAmount: euros(invoice.totalCents),
          EpiCharge: { '#text': 'SLEV', '@_ChargeOption': 'SLEV' },
          EpiDateOptionDate: finvoiceDate(invoice.dueDate),
          EpiPaymentMeansCode: '58', // SEPA credit transfer
        },
      },
    },
  };
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: '  ' });
  return builder.build(document) as string;
}
