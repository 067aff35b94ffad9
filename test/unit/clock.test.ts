import { afterEach, describe, expect, test } from 'vitest';
import { currentTime, fixedClockAllowed, setClock } from '../../app/domain/clock';
import { daysLeftInMonth, helsinkiDate, helsinkiMonth } from '../../app/domain/months';

afterEach(() => setClock(null));

describe('the injectable clock', () => {
  test('setClock moves every calendar function, and the clock keeps ticking', async () => {
    setClock('2026-12-31T21:59:00Z');
    expect(helsinkiDate()).toBe('2026-12-31');
    expect(helsinkiMonth()).toBe('2026-12');
    expect(daysLeftInMonth()).toBe(1);
    const first = currentTime().getTime();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(currentTime().getTime() - first).toBeGreaterThanOrEqual(15);
    expect(currentTime().getTime() - Date.parse('2026-12-31T21:59:00Z')).toBeLessThan(5_000);
  });

  test('null is the real clock again', () => {
    setClock('2027-03-28T00:30:00Z');
    setClock(null);
    expect(Math.abs(currentTime().getTime() - Date.now())).toBeLessThan(50);
  });

  test('an instant that is not one is refused', () => {
    expect(() => setClock('tomorrow')).toThrow(/not an instant/);
  });

  test('AVAIN_NOW is honoured only in tests or with AVAIN_ALLOW_FIXED_CLOCK=true', () => {
    expect(fixedClockAllowed({ NODE_ENV: 'production' })).toBe(false);
    expect(fixedClockAllowed({ NODE_ENV: 'production', AVAIN_ALLOW_FIXED_CLOCK: 'true' })).toBe(true);
    expect(fixedClockAllowed({ NODE_ENV: 'test' })).toBe(true);
    expect(fixedClockAllowed({})).toBe(false);
  });
});
