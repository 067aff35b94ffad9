import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatDate, formatMonth, formatPermilleAsPercent, formatShortMonth } from '../../app/i18n/format';
import { centsInputValue, formatEuros, parseEurosToCents } from '../../app/domain/money';

// Intl uses no-break spaces; compare with ordinary spaces for readability.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('money formatting', () => {
  test('Finnish and Swedish: 1 234,50 €', () => {
    expect(plain(formatEuros(123450, 'fi'))).toBe('1 234,50 €');
    expect(plain(formatEuros(123450, 'sv'))).toBe('1 234,50 €');
  });

  test('small and zero amounts', () => {
    expect(plain(formatEuros(0, 'fi'))).toBe('0,00 €');
    expect(plain(formatEuros(5, 'fi'))).toBe('0,05 €');
    expect(plain(formatEuros(-1250, 'fi'))).toMatch(/^[-−]12,50 €$/);
  });

  test('refuses non-integer cents', () => {
    expect(() => formatEuros(12.5, 'fi')).toThrow(TypeError);
  });

  test('parses euros typed by people into cents', () => {
    expect(parseEurosToCents('12,50')).toBe(1250);
    expect(parseEurosToCents('12.5')).toBe(1250);
    expect(parseEurosToCents('1 200 €')).toBe(120000);
    expect(parseEurosToCents('0,07')).toBe(7);
    expect(parseEurosToCents('-5')).toBeNull();
    expect(parseEurosToCents('1,234')).toBeNull();
    expect(parseEurosToCents('abc')).toBeNull();
  });

  test('an amount shown back in a form field reads back as the same cents', () => {
    expect(centsInputValue(123450)).toBe('1234,50');
    expect(centsInputValue(7)).toBe('0,07');
    fc.assert(fc.property(fc.integer({ min: 0, max: 999_999_999 }), (cents) => parseEurosToCents(centsInputValue(cents)) === cents));
    expect(() => centsInputValue(-1)).toThrow(TypeError);
  });
});

describe('dates', () => {
  test('days and months in Helsinki time', () => {
    expect(formatDate('2026-11-25', 'fi')).toBe('25.11.2026');
    // 22:30 UTC on 30 Nov is already 1 December in Helsinki
    expect(formatDate(new Date('2026-11-30T22:30:00Z'), 'fi')).toBe('1.12.2026');
    expect(formatMonth('2026-11', 'fi')).toBe('marraskuu 2026');
    expect(formatMonth('2026-11', 'sv')).toBe('november 2026');
  });

  test('percentages from permille and short month names', () => {
    expect(plain(formatPermilleAsPercent(125, 'fi'))).toBe('12,5 %');
    expect(plain(formatPermilleAsPercent(1000, 'sv'))).toBe('100 %');
    expect(formatShortMonth('2026-11', 'fi')).toMatch(/^marras/);
    expect(formatShortMonth('2026-11', 'sv')).toMatch(/^nov/);
  });
});
