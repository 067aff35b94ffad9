import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../locales');

function keysOf(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return [`${prefix}[${value.length}]`];
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) => keysOf(inner, prefix ? `${prefix}.${key}` : key));
  }
  return [prefix];
}

describe('locales', () => {
  const fiFiles = fs.readdirSync(path.join(root, 'fi')).sort();
  const svFiles = fs.readdirSync(path.join(root, 'sv')).sort();

  test('fi and sv have the same namespaces', () => {
    expect(svFiles).toEqual(fiFiles);
  });

  test.each(fiFiles)('%s: every key exists in both languages, none is empty', (file) => {
    const fi = JSON.parse(fs.readFileSync(path.join(root, 'fi', file), 'utf8'));
    const sv = JSON.parse(fs.readFileSync(path.join(root, 'sv', file), 'utf8'));
    const fiKeys = keysOf(fi).sort();
    const svKeys = keysOf(sv).sort();
    expect(fiKeys.filter((key) => !svKeys.includes(key)), 'in fi but not sv').toEqual([]);
    expect(svKeys.filter((key) => !fiKeys.includes(key)), 'in sv but not fi').toEqual([]);
    const empty = (json: string) => /:\s*""/.test(json);
    expect(empty(fs.readFileSync(path.join(root, 'fi', file), 'utf8'))).toBe(false);
    expect(empty(fs.readFileSync(path.join(root, 'sv', file), 'utf8'))).toBe(false);
  });

  test('every namespace file is registered in app/i18n/resources.ts', () => {
    const resources = fs.readFileSync(path.resolve(root, '../app/i18n/resources.ts'), 'utf8');
    for (const file of fiFiles) {
      expect(resources).toContain(`locales/fi/${file}`);
      expect(resources).toContain(`locales/sv/${file}`);
    }
  });
});
