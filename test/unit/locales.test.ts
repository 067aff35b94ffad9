import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { getT } from '../../app/i18n/i18n';
import { resources, type Translation } from '../../app/i18n/resources';

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

  // These lines are checked by `tsc` (npm run typecheck): each @ts-expect-error fails the build
  // if the line below it ever compiles, i.e. if the compiler stops checking keys.
  test('the compiler checks translation keys and the Swedish resources', () => {
    const t = getT('sv');
    expect(t('budget:title')).toBe(resources.sv.budget.title);
    // @ts-expect-error a misspelt key does not compile
    expect(t('budget:tilte')).not.toBe(resources.sv.budget.title);
    // @ts-expect-error a key of a namespace that does not exist does not compile
    expect(t('nonexistent:title')).not.toBe(resources.sv.budget.title);
    const svLogin: Translation<typeof resources.fi.auth.login> = resources.sv.auth.login;
    expect(Object.keys(svLogin)).toEqual(Object.keys(resources.fi.auth.login));
    const { title: _title, ...withoutTitle } = resources.sv.auth.login;
    // @ts-expect-error a Swedish namespace that lacks a Finnish key does not compile
    const missing: Translation<typeof resources.fi.auth.login> = withoutTitle;
    expect(Object.keys(missing)).not.toContain('title');
  });
});
