// Finnish reference numbers: the 7-3-1 check digit against examples published with other
// implementations and in their documentation.
import { describe, expect, test } from 'vitest';
import { finnishReference, formatReference, invoiceReference, isFinnishReference, referenceCheckDigit } from '../../app/domain/referenceNumber';

describe('Finnish reference number', () => {
  test.each([
    ['123', '1232'], // gobl.fi.finvoice tests
    ['1000', '10003'], // Ruby gem viitenumero: Viite.generate(1000)
    ['123123', '1231234'], // PHP enberg/viite README
    ['23409678', '234096783'], // tanty/finnish-reference-number README
    ['7531011660049813289', '75310116600498132890'], // viitenumero gem: a valid 20-digit reference
  ])('base %s gets check digit → %s', (base, reference) => {
    expect(finnishReference(base)).toBe(reference);
    expect(isFinnishReference(reference)).toBe(true);
  });

  test('a wrong last digit, letters, too short or too long are refused', () => {
    expect(isFinnishReference('1233')).toBe(false);
    expect(isFinnishReference('12a2')).toBe(false);
    expect(isFinnishReference('123')).toBe(false);
    expect(isFinnishReference('123456789012345678901')).toBe(false);
    expect(isFinnishReference('12312 34')).toBe(true);
    expect(() => referenceCheckDigit('12')).toThrow(RangeError);
    expect(() => referenceCheckDigit('12345678901234567890')).toThrow(RangeError);
  });

  test('printed in groups of five from the right', () => {
    expect(formatReference('1231234')).toBe('12 31234');
    expect(formatReference('75310116600498132890')).toBe('75310 11660 04981 32890');
  });

  test('an invoice reference is the provider, its sequence number and the check digit', () => {
    expect(invoiceReference(3, 17)).toBe(finnishReference('300017'));
    expect(isFinnishReference(invoiceReference(12, 99999))).toBe(true);
    expect(invoiceReference(1, 2)).not.toBe(invoiceReference(12, 2));
  });
});
