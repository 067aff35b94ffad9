import { describe, expect, test } from 'vitest';
import { businessIdCheckDigit, normalizeBusinessId } from '../../app/domain/businessId';

describe('Y-tunnus', () => {
  test('computes the check digit with weights 7, 9, 10, 5, 8, 4, 2', () => {
    // remainder 9 → 11 - 9 = 2; remainder 0 → 0
    expect(businessIdCheckDigit('0737546')).toBe(2);
    expect(businessIdCheckDigit('1572860')).toBe(0);
  });

  test('accepts valid IDs and normalizes them', () => {
    expect(normalizeBusinessId('0737546-2')).toBe('0737546-2');
    expect(normalizeBusinessId(' 07375462 ')).toBe('0737546-2');
    expect(normalizeBusinessId('737546-2')).toBe('0737546-2');
  });

  test.each(['0737546-3', '1234567', 'abcdefg-h', '', '12345678-9', '0737546--2'])('rejects %s', (input) => {
    expect(normalizeBusinessId(input)).toBeNull();
  });

  test('a body whose remainder is 1 has no valid check digit', () => {
    const bodies = Array.from({ length: 200 }, (_, i) => String(1000000 + i));
    const invalid = bodies.filter((body) => businessIdCheckDigit(body) === null);
    expect(invalid.length).toBeGreaterThan(0);
    for (const body of invalid) {
      for (let digit = 0; digit <= 9; digit++) expect(normalizeBusinessId(`${body}-${digit}`)).toBeNull();
    }
  });
});
