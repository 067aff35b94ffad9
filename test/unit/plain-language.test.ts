// Plain-language texts (selkokieli, lättläst): every client-facing key is there, nothing else is,
// placeholders match the standard text, and every text keeps to the limits in plainLanguage.ts.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { CLIENT_FACING, isClientFacing, PLAIN_LIMITS, plainTextProblems } from '../../app/i18n/plainLanguage';

const root = path.resolve(import.meta.dirname, '../../locales');
const VERSIONS = [
  { plain: 'fi-x-selko', standard: 'fi' },
  { plain: 'sv-x-ll', standard: 'sv' },
] as const;

type Json = string | Json[] | { [key: string]: Json };
const read = (folder: string, namespace: string): Json => JSON.parse(fs.readFileSync(path.join(root, folder, `${namespace}.json`), 'utf8'));

/** Dotted key → text; an array is one key (plain language may use more or fewer items). */
function flatten(value: Json, prefix = ''): Map<string, Json> {
  const out = new Map<string, Json>();
  if (typeof value === 'string' || Array.isArray(value)) out.set(prefix, value);
  else for (const [key, inner] of Object.entries(value)) for (const [k, v] of flatten(inner, prefix ? `${prefix}.${key}` : key)) out.set(k, v);
  return out;
}

/** Every string inside a value (arrays of strings or of objects such as questions and answers). */
function strings(value: Json): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  return Object.values(value).flatMap(strings);
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe.each(VERSIONS)('$plain', ({ plain, standard }) => {
  test('has exactly the client-facing namespaces', () => {
    expect(fs.readdirSync(path.join(root, plain)).sort()).toEqual(Object.keys(CLIENT_FACING).map((ns) => `${ns}.json`).sort());
  });

  test.each(Object.keys(CLIENT_FACING))('%s: every client-facing key and no other, same placeholders', (namespace) => {
    const standardKeys = flatten(read(standard, namespace));
    const plainKeys = flatten(read(plain, namespace));
    const wanted = [...standardKeys.keys()].filter((key) => isClientFacing(namespace, key));
    expect(wanted.filter((key) => !plainKeys.has(key)), 'missing in plain language').toEqual([]);
    expect([...plainKeys.keys()].filter((key) => !wanted.includes(key)), 'not client-facing or not in the standard text').toEqual([]);
    for (const key of wanted) {
      const std = standardKeys.get(key)!;
      const easy = plainKeys.get(key)!;
      expect(typeof easy, key).toBe(typeof std);
      if (typeof std === 'string') expect(placeholders(easy as string), key).toEqual(placeholders(std));
      for (const text of strings(easy)) expect(text.trim().length, `${key} is empty`).toBeGreaterThan(0);
    }
  });

  test('the words the help page explains are the glossary, and there are few of them', () => {
    const words = (flatten(read(plain, 'pages')).get('help.words') ?? []) as { term: string }[];
    expect(words.length).toBeGreaterThan(0);
    expect(words.length).toBeLessThanOrEqual(15);
  });

  test(`every text: at most ${PLAIN_LIMITS.maxWordsPerSentence} words a sentence, no word over ${PLAIN_LIMITS.maxWordLength} letters outside the glossary`, () => {
    const glossary = ((flatten(read(plain, 'pages')).get('help.words') ?? []) as { term: string }[]).flatMap((word) => word.term.split(/\s+/));
    const problems: string[] = [];
    for (const namespace of Object.keys(CLIENT_FACING)) {
      for (const [key, value] of flatten(read(plain, namespace))) {
        for (const text of strings(value)) {
          for (const problem of plainTextProblems(text, glossary)) problems.push(`${namespace}:${key}: ${problem.problem} (${problem.detail}) in “${problem.sentence}”`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('the plain-text measure', () => {
  test('passes short sentences and explained long words', () => {
    expect(plainTextProblems('Palveluntuottaja ottaa maksun. Näet sen heti.', ['palveluntuottaja'])).toEqual([]);
    expect(plainTextProblems('Kirjoita {{name}} ja www.esimerkki.fi/hyvin/pitka/osoite tähän.', [])).toEqual([]);
  });

  test('fails a long sentence and an unexplained long word', () => {
    const long = 'Tämä lause on aivan liian pitkä, koska siinä on paljon sanoja, eikä lukija jaksa lukea sitä loppuun asti.';
    expect(plainTextProblems(long, []).map((p) => p.problem)).toEqual(['longSentence']);
    expect(plainTextProblems('Katso kuukausiyhteenveto.', []).map((p) => p.detail)).toEqual(['kuukausiyhteenveto']);
    expect(plainTextProblems('Katso kuukausiyhteenveto.', ['kuukausiyhteenveto'])).toEqual([]);
  });
});
