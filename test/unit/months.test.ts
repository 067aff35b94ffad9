import { describe, expect, test } from 'vitest';
import { addDays, addMonths, daysBetween, daysLeftInMonth, helsinkiDate, helsinkiMidnightUtc, helsinkiMonth, isIsoDate, isMonth, lastDayOf, parseDate } from '../../app/domain/months';

describe('budget months in Helsinki time', () => {
  test('00:30 Finnish time on the 1st belongs to the new month (UTC is still the previous day)', () => {
    // 1 Dec 2026 00:30 EET = 30 Nov 22:30 UTC
    expect(helsinkiMonth(new Date('2026-11-30T22:30:00Z'))).toBe('2026-12');
    expect(helsinkiDate(new Date('2026-11-30T22:30:00Z'))).toBe('2026-12-01');
    // 23:59 Finnish time on the last day still belongs to the old month
    expect(helsinkiMonth(new Date('2026-11-30T21:59:59Z'))).toBe('2026-11');
  });

  test('summer time: 00:30 EEST on 1 July is 21:30 UTC on 30 June', () => {
    expect(helsinkiMonth(new Date('2026-06-30T21:30:00Z'))).toBe('2026-07');
    expect(helsinkiMonth(new Date('2026-06-30T20:59:59Z'))).toBe('2026-06');
  });

  test('across the DST change at the end of March and October', () => {
    // Clocks go forward on Sun 29 March 2026 03:00 → 04:00; 31 March 23:30 EEST = 20:30 UTC
    expect(helsinkiMonth(new Date('2026-03-31T20:30:00Z'))).toBe('2026-03');
    expect(helsinkiMonth(new Date('2026-03-31T21:00:00Z'))).toBe('2026-04');
    // Clocks go back on Sun 25 October 2026 04:00 → 03:00; 31 Oct 23:30 EET = 21:30 UTC
    expect(helsinkiMonth(new Date('2026-10-31T21:30:00Z'))).toBe('2026-10');
    expect(helsinkiMonth(new Date('2026-10-31T22:00:00Z'))).toBe('2026-11');
    expect(helsinkiDate(new Date('2026-10-25T00:30:00Z'))).toBe('2026-10-25');
  });

  test('days left in the month include today', () => {
    expect(daysLeftInMonth(new Date('2026-11-30T10:00:00Z'))).toBe(1);
    expect(daysLeftInMonth(new Date('2026-11-01T10:00:00Z'))).toBe(30);
    expect(daysLeftInMonth(new Date('2028-02-01T10:00:00Z'))).toBe(29);
  });

  test('month arithmetic and validation', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(lastDayOf('2026-02')).toBe('2026-02-28');
    expect(isMonth('2026-13')).toBe(false);
    expect(isMonth('2026-11')).toBe(true);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-02-28')).toBe(true);
  });

  test('day arithmetic across month, year and DST edges', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(daysBetween('2026-11-20T10:00:00Z', new Date('2026-11-25T09:00:00Z'))).toBe(4);
    expect(daysBetween('2026-11-25T10:00:00Z', new Date('2026-11-20T09:00:00Z'))).toBe(0);
  });

  test('dates typed in Finnish or by a date picker', () => {
    expect(parseDate('5.1.2027')).toBe('2027-01-05');
    expect(parseDate(' 2026-11-25 ')).toBe('2026-11-25');
    expect(parseDate('31.2.2026')).toBeNull();
    expect(parseDate('2026-13-01')).toBeNull();
    expect(parseDate('tomorrow')).toBeNull();
  });

  test('a Helsinki day starts at 22:00 UTC in winter and 21:00 UTC in summer', () => {
    expect(helsinkiMidnightUtc('2026-12-01')).toBe('2026-11-30T22:00:00.000Z');
    expect(helsinkiMidnightUtc('2026-07-01')).toBe('2026-06-30T21:00:00.000Z');
  });
});
