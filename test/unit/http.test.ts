import { describe, expect, test } from 'vitest';
import { safeReturnPath } from '../../app/utils/http.server';

describe('safeReturnPath', () => {
  test.each(['/budget', '/budget?month=2026-10', '/worker/clients/1'])('keeps %s', (path) => {
    expect(safeReturnPath(path)).toBe(path);
  });

  test.each([
    '//evil.example/',
    '/\\evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    ' /budget',
    'https://evil.example/',
    'budget',
    '/%0a/evil',
    `/${'a'.repeat(600)}`,
  ])('refuses %j', (path) => {
    const result = safeReturnPath(path, '/fallback');
    expect(result === '/fallback' || (result.startsWith('/') && !result.startsWith('//'))).toBe(true);
    expect(new URL(result, 'http://avain.invalid').origin).toBe('http://avain.invalid');
  });

  test('tab and backslash tricks fall back', () => {
    expect(safeReturnPath('/\t/evil.example', '/x')).toBe('/x');
    expect(safeReturnPath('/\\evil.example', '/x')).toBe('/x');
    expect(safeReturnPath(42, '/x')).toBe('/x');
  });
});
