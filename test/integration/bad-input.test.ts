// Malformed input to every form action, as every role and signed out: missing fields, wrong types,
// a huge body, invalid UTF-8, duplicated fields, a missing CSRF token, a wrong content type. Each
// gets a 4xx with a localized message and leaves the stored data unchanged. Route modules are
// discovered at run time, so a new form is covered the day it is added.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CHARGE_REFUSAL_FLOOR_MS = '0'; // refusals would otherwise be padded to 300 ms each
});

import type { ActionFunction } from '@remix-run/node';
import { getDb } from '../../db/client.server';
import type { Role } from '../../db/schema';
import { BASE, cookieFor, CSRF, postRequest, run } from '../helpers/requests';
import { routeFiles } from '../helpers/routes';

const DEMO: Record<Role, string> = {
  admin: 'admin@example.fi',
  worker: 'worker@example.fi',
  provider: 'provider@example.fi',
  client: 'client@example.fi',
  representative: 'caregiver@example.fi',
};
const WHO = [...(Object.keys(DEMO) as Role[]), 'signed out'] as const;
/** Routes whose action takes no input: a redirect is their only answer. */
const NO_INPUT = /^(logout|language\.)/;
/** Sessions, the audit trail, the access log (a refused or failed request still read who the client is) and sign-in attempts may grow; nothing else may change. */
const MAY_CHANGE = new Set(['sessions', 'audit_log', 'access_log', 'login_attempts']);
/**
 * In the wrong-types case fields that hold numbers, dates, ids, choices or addresses get letters;
 * any other field is free text and gets an empty value, so no submission is valid by accident.
 */
const STRUCTURED_FIELDS = /(id|Ids?|quantity|price|Price|amount|cents|Cents|date|Date|From|To|month|phone|email|website|intent|textSize|contrast|topic|sort|decision|language|unit|role|status|municipalit|service|groups?)$/i;
const PARAM_VALUES: Record<string, string> = { id: '1', receipt: '2611-ZZZZZZ', lang: 'sv' };

type FormRoute = { file: string; fields: string[]; action: ActionFunction };

function urlOf(file: string, params: Record<string, string>): string {
  const segments = file
    .replace(/\.tsx?$/, '')
    .replace(/\[\.(\w+)\]/g, '.$1')
    .split('.')
    .filter((segment) => segment !== '_index')
    .map((segment) => (segment.startsWith('$') ? params[segment.slice(1)] : segment.replace(/_$/, '')));
  return `/${segments.join('/')}`.replace(/\/$/, '') || '/';
}

/** Field names a route's form and schema use, read from its source. */
function fieldsOf(source: string): string[] {
  const names = new Set<string>();
  for (const match of source.matchAll(/\bname="([A-Za-z]\w*)"/g)) names.add(match[1]);
  for (const match of source.matchAll(/^\s+([A-Za-z]\w*): z[.\s]/gm)) names.add(match[1]);
  names.delete('csrf');
  return [...names];
}

const formRoutes: FormRoute[] = [];
for (const { file, absolutePath } of routeFiles()) {
  const route = (await import(absolutePath)) as { action?: ActionFunction };
  if (!route.action) continue;
  formRoutes.push({ file, fields: fieldsOf(fs.readFileSync(absolutePath, 'utf8')), action: route.action });
}

/** Route params that reach the form's checks where possible: a conversation of client@example.fi. */
function paramsOf(file: string): Record<string, string> {
  const values: Record<string, string> = { ...PARAM_VALUES };
  if (file.startsWith('messages.')) {
    const own = getDb()
      .$client.prepare(`SELECT c.id FROM conversations c JOIN clients cl ON cl.id = c.client_id WHERE cl.phone = '+358401234567' ORDER BY c.id LIMIT 1`)
      .get() as { id: number } | undefined;
    if (own) values.id = String(own.id);
  }
  return Object.fromEntries([...file.matchAll(/\$(\w+)/g)].map(([, name]) => [name, values[name] ?? '1']));
}

function fingerprint(): Record<string, number> {
  const sqlite = getDb().$client;
  const tables = (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'`).all() as { name: string }[])
    .map((row) => row.name)
    .filter((name) => !MAY_CHANGE.has(name));
  return Object.fromEntries(tables.map((name) => [name, (sqlite.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]));
}

const locales = Object.fromEntries(
  (['fi', 'sv'] as const).map((lang) => {
    const dir = path.resolve(import.meta.dirname, '../../locales', lang);
    return [lang, Object.fromEntries(fs.readdirSync(dir).map((file) => [file.replace(/\.json$/, ''), JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))]))];
  }),
) as Record<'fi' | 'sv', Record<string, Record<string, unknown>>>;

function translated(key: string, lang: 'fi' | 'sv'): unknown {
  const [namespace, rest] = key.includes(':') ? key.split(':') : ['common', key];
  return rest.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], locales[lang][namespace]);
}

/** The locale keys a refusal shows: a form's field errors, or the error page's reason/status. */
function messageKeys(status: number, data: unknown): string[] {
  const body = (data ?? {}) as { reason?: string | null; errors?: Record<string, string> };
  if (body.errors && Object.keys(body.errors).length > 0) return Object.values(body.errors);
  if (body.reason) return [`common:errorReasons.${body.reason}`];
  return [`common:errorPages.${status}.text`];
}

type BadCase = { name: string; request: (url: string, cookie: string, fields: string[]) => Request };

const repeated = (fields: string[], value: (field: string) => string) => Object.fromEntries(fields.map((field) => [field, value(field)]));
function rawPost(url: string, cookie: string, body: Uint8Array<ArrayBuffer> | string, type = 'application/x-www-form-urlencoded'): Request {
  return new Request(`${BASE}${url}`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': type, 'X-Avain-Client-Ip': '203.0.113.9' }, body });
}

const CASES: BadCase[] = [
  { name: 'no fields', request: (url, cookie) => postRequest(url, {}, cookie) },
  {
    name: 'wrong types',
    request: (url, cookie, fields) => postRequest(url, repeated(fields, (field) => (STRUCTURED_FIELDS.test(field) ? 'kolme ✗' : '')), cookie),
  },
  {
    name: 'duplicated fields',
    request: (url, cookie, fields) => postRequest(url, repeated([...fields, 'intent'], () => ['abc', 'def'] as unknown as string), cookie),
  },
  {
    name: 'a huge body (> 64 KB)',
    request: (url, cookie, fields) => rawPost(url, cookie, `csrf=${CSRF}&${fields[0] ?? 'x'}=${'a'.repeat(70 * 1024)}`),
  },
  {
    name: 'invalid UTF-8',
    request: (url, cookie, fields) =>
      rawPost(url, cookie, new Uint8Array(Buffer.concat([Buffer.from(`csrf=${CSRF}&${fields[0] ?? 'x'}=`), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('&intent=confirm')]))),
  },
  { name: 'no CSRF token', request: (url, cookie, fields) => postRequest(url, repeated(fields, () => '1'), cookie, { csrf: null }) },
  { name: 'a JSON body', request: (url, cookie) => rawPost(url, cookie, JSON.stringify({ csrf: CSRF }), 'application/json') },
];

describe('bad input to every form action', () => {
  test('the discovery finds the known form routes', () => {
    const files = formRoutes.map((route) => route.file);
    for (const known of ['login.tsx', 'logout.tsx', 'provider.charge.tsx', 'settings.tsx', 'messages.new.tsx']) expect(files).toContain(known);
  });

  test.each(formRoutes.map((route) => [route.file, route] as const))('%s', async (_file, route) => {
    const params = paramsOf(route.file);
    const url = urlOf(route.file, params);
    const before = fingerprint();
    const problems: string[] = [];
    for (const who of WHO) {
      const cookie = who === 'signed out' ? cookieFor(null) : cookieFor(DEMO[who]);
      for (const badCase of CASES) {
        const label = `${who}, ${badCase.name}`;
        let result: Awaited<ReturnType<typeof run>>;
        try {
          result = await run(route.action, badCase.request(url, cookie, route.fields), params);
        } catch (error) {
          problems.push(`${label}: threw ${String(error)}`);
          continue;
        }
        const location = result.headers.get('Location') ?? '';
        if (result.status === 303 && (NO_INPUT.test(route.file) || (who === 'signed out' && location.startsWith('/login')))) continue;
        if (result.status < 400 || result.status >= 500) {
          problems.push(`${label}: ${result.status} ${location}`);
          continue;
        }
        for (const key of messageKeys(result.status, result.data)) {
          for (const lang of ['fi', 'sv'] as const) {
            if (typeof translated(key, lang) !== 'string') problems.push(`${label}: ${result.status} shows "${key}", which has no ${lang} text`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(fingerprint()).toEqual(before);
  });
});
