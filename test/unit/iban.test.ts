// IBAN and BIC as a provider types them: the checksum decides, spaces and case do not.
import { describe, expect, test } from 'vitest';
import { formatIban, normalizeBic, normalizeIban } from '../../app/domain/iban';

describe('IBAN', () => {
  test('a valid Finnish IBAN in any spacing and case is stored in electronic form', () => {
    expect(normalizeIban('FI21 1234 5600 0007 85')).toBe('FI2112345600000785');
    expect(normalizeIban(' fi2112345600000785 ')).toBe('FI2112345600000785');
    expect(normalizeIban('DE89 3704 0044 0532 0130 00')).toBe('DE89370400440532013000');
  });

  test('a wrong checksum, a wrong length or letters where digits belong are refused', () => {
    expect(normalizeIban('FI21 1234 5600 0007 86')).toBeNull();
    expect(normalizeIban('FI22 1234 5600 0007 85')).toBeNull();
    expect(normalizeIban('FI21 1234 5600 0007 8')).toBeNull();
    expect(normalizeIban('FI21 ABCD 5600 0007 85')).toBeNull();
    expect(normalizeIban('')).toBeNull();
  });

  test('shown in groups of four', () => {
    expect(formatIban('FI2112345600000785')).toBe('FI21 1234 5600 0007 85');
  });
});

describe('BIC', () => {
  test('8 or 11 characters with a real country code', () => {
    expect(normalizeBic('okoy fihh')).toBe('OKOYFIHH');
    expect(normalizeBic('NDEAFIHHXXX')).toBe('NDEAFIHHXXX');
    expect(normalizeBic('OKOYFIH')).toBeNull();
    expect(normalizeBic('OKOY12HH')).toBeNull();
  });
});
