import { describe, expect, test } from 'vitest';
import { formatPhone, toE164 } from '../../app/domain/phone';

describe('toE164', () => {
  test.each([
    ['040 123 4567', '+358401234567'],
    ['+358401234567', '+358401234567'],
    ['0401234567', '+358401234567'],
    ['040-123 4567', '+358401234567'],
    ['+358 40 123 4567', '+358401234567'],
    ['00358 40 123 4567', '+358401234567'],
    ['  050 555 1234 ', '+358505551234'],
    ['08 6155 0000', '+358861550000'],
  ])('%s → %s', (input, expected) => {
    expect(toE164(input)).toBe(expected);
  });

  test.each(['', 'abc', '123', '040 12', "040'; DROP TABLE clients; --", 'x'.repeat(1000)])('rejects %s', (input) => {
    expect(toE164(input)).toBeNull();
  });

  test('formats for people', () => {
    expect(formatPhone('+358401234567')).toBe('+358 40 1234567');
  });
});
