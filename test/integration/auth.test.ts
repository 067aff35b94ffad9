import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { auditLog, sessions, users } from '../../db/schema';
import { MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS } from '../../app/auth/signInLimits.server';
import { getSessionUser, IDLE_MINUTES } from '../../app/auth/session.server';
import * as login from '../../app/routes/_auth+/login';
import * as logout from '../../app/routes/_auth+/logout';
import { cookieFor, CSRF, getRequest, postRequest, run } from '../helpers/requests';
import { answerCodePage } from '../helpers/second-factor';

const signIn = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  run(login.action, postRequest('/login', fields, `csrf=${CSRF}`, { headers }));

function sessionCookieOf(setCookie: string | null): string {
  const match = /avain_session=([^;]+)/.exec(setCookie ?? '');
  if (!match) throw new Error(`no session cookie in ${setCookie}`);
  return `avain_session=${match[1]}`;
}

describe('sign-in', () => {
  test('each role lands on its own start page with a new httpOnly SameSite session cookie', async () => {
    const expected: Record<string, string> = {
      'admin@example.fi': '/admin',
      'worker@example.fi': '/worker',
      'provider@example.fi': '/provider',
      // Clients and representatives sign in with Suomi.fi only (suomifi.test.ts: they land on /act-for).
    };
    for (const [email, start] of Object.entries(expected)) {
      const ip = `198.51.100.${start.length}`;
      let result = await signIn({ email, password: 'avain-demo' }, { 'X-Avain-Client-Ip': ip });
      // Workers and administrators get their session only after the code page.
      if (['/admin', '/worker'].includes(start)) {
        expect(result.headers.get('Set-Cookie') ?? '').not.toMatch(/avain_session=[^;]/);
        result = await answerCodePage(result, email, ip);
      }
      expect(result.status, email).toBe(303);
      expect(result.headers.get('Location')).toBe(start);
      const cookie = result.headers.get('Set-Cookie') ?? '';
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      const user = getSessionUser(getRequest('/', sessionCookieOf(cookie)));
      expect(user?.email).toBe(email);
    }
  });

  test('e-mail is case-insensitive and surrounding spaces are ignored', async () => {
    const result = await signIn({ email: '  Provider@Example.FI ', password: 'avain-demo' });
    expect(result.status).toBe(303);
  });

  test('goes back to the page that asked for sign-in, but never to another site', async () => {
    const email = 'worker@example.fi';
    const back = await answerCodePage(await signIn({ email, password: 'avain-demo', redirectTo: '/worker?x=1' }), email);
    expect(back.headers.get('Location')).toBe('/worker?x=1');
    const offsite = await answerCodePage(await signIn({ email, password: 'avain-demo', redirectTo: '//evil.example/' }), email);
    expect(offsite.headers.get('Location')).toBe('/worker');
  });

  test('clients and representatives cannot sign in with a password (Suomi.fi only)', async () => {
    for (const email of ['client@example.fi', 'klient@example.fi', 'caregiver@example.fi']) {
      const result = await signIn({ email, password: 'avain-demo' }, { 'X-Avain-Client-Ip': '198.51.100.77' });
      expect(result.status, email).toBe(400);
      expect(result.data).toMatchObject({ errors: { form: 'auth:errors.invalidCredentials' } });
      expect(result.headers.get('Set-Cookie')).toBeNull();
    }
  });

  test('a new session id at every sign-in; the old one stops working', async () => {
    const first = await signIn({ email: 'provider@example.fi', password: 'avain-demo' });
    const firstCookie = sessionCookieOf(first.headers.get('Set-Cookie'));
    const second = await run(login.action, postRequest('/login', { email: 'provider@example.fi', password: 'avain-demo' }, `csrf=${CSRF}; ${firstCookie}`));
    const secondCookie = sessionCookieOf(second.headers.get('Set-Cookie'));
    expect(secondCookie).not.toBe(firstCookie);
    expect(getSessionUser(getRequest('/', firstCookie))).toBeNull();
    expect(getSessionUser(getRequest('/', secondCookie))?.email).toBe('provider@example.fi');
  });

  test.each([
    ['empty fields', { email: '', password: '' }, ['email', 'password']],
    ['e-mail without @', { email: 'client.example.fi', password: 'x' }, ['email']],
    ['10 kB of text', { email: 'a'.repeat(10_000), password: 'b'.repeat(10_000) }, ['email', 'password']],
    ['SQL in the e-mail field', { email: "' OR 1=1; --", password: 'x' }, ['email']],
  ])('%s: 400 with field errors, typed e-mail kept, password never echoed', async (_name, fields, errorFields) => {
    const result = await signIn(fields);
    expect(result.status).toBe(400);
    const data = result.data as { errors: Record<string, string>; values: Record<string, string> };
    expect(Object.keys(data.errors).sort()).toEqual([...errorFields].sort());
    expect(data.values.email).toBe(fields.email);
    expect(data.values.password).toBe('');
  });

  test('wrong password and unknown e-mail get the same message', async () => {
    const wrong = await signIn({ email: 'admin@example.fi', password: 'wrong' });
    const unknown = await signIn({ email: 'nobody@example.fi', password: 'wrong' });
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    expect(wrong.data).toMatchObject({ errors: { form: 'auth:errors.invalidCredentials' } });
    expect(unknown.data).toMatchObject({ errors: { form: 'auth:errors.invalidCredentials' } });
  });

  test('locks an account at one address after repeated failures, with a clear message and Retry-After, even with the right password', async () => {
    const email = 'ateria@example.fi';
    const ip = { 'X-Avain-Client-Ip': '192.0.2.1' };
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++) {
      await signIn({ email, password: `wrong-${i}` }, ip);
    }
    const locked = await signIn({ email, password: 'avain-demo' }, ip);
    expect(locked.status).toBe(429);
    expect(locked.data).toMatchObject({ errors: { form: 'auth:errors.tooManyAttempts' } });
    expect(Number(locked.headers.get('Retry-After'))).toBeGreaterThan(800);
    const events = getDb().select().from(auditLog).where(eq(auditLog.action, 'auth.locked_out')).all();
    expect(events.length).toBeGreaterThan(0);
  });

  test('limits failures per address across accounts', async () => {
    const ip = { 'X-Avain-Client-Ip': '203.0.113.200' };
    for (let i = 0; i < 20; i++) await signIn({ email: `nobody${i}@example.fi`, password: 'x' }, ip);
    const blocked = await signIn({ email: 'admin@example.fi', password: 'avain-demo' }, ip);
    expect(blocked.status).toBe(429);
  });

  test('refuses a form without the CSRF token, or with a wrong one', async () => {
    const missing = await run(login.action, postRequest('/login', { email: 'admin@example.fi', password: 'avain-demo' }, `csrf=${CSRF}`, { csrf: null }));
    expect(missing.status).toBe(403);
    const wrong = await run(login.action, postRequest('/login', { email: 'admin@example.fi', password: 'avain-demo' }, `csrf=${CSRF}`, { csrf: 'x'.repeat(CSRF.length) }));
    expect(wrong.status).toBe(403);
    const nonAscii = await run(login.action, postRequest('/login', { email: 'admin@example.fi', password: 'avain-demo' }, `csrf=${CSRF}`, { csrf: `ä${CSRF.slice(1)}` }));
    expect(nonAscii.status).toBe(403);
    const noCookie = await run(login.action, postRequest('/login', { email: 'admin@example.fi', password: 'avain-demo' }, ''));
    expect(noCookie.status).toBe(403);
  });

  test('refuses oversized bodies with 413', async () => {
    const result = await run(login.action, postRequest('/login', { email: 'a@b.fi', password: 'x', filler: 'y'.repeat(70_000) }, `csrf=${CSRF}`));
    expect(result.status).toBe(413);
  });

  test('a signed-in user visiting /login goes to their start page', async () => {
    const result = await run(login.loader, getRequest('/login', cookieFor('worker@example.fi')));
    expect(result.status).toBe(303);
    expect(result.headers.get('Location')).toBe('/worker');
  });

  test('passwords are stored as argon2id hashes', () => {
    const user = getDb().select().from(users).where(eq(users.email, 'admin@example.fi')).get();
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
  });
});

describe('sessions', () => {
  test('sign-out ends the session on the server', async () => {
    const cookie = cookieFor('client@example.fi');
    expect(getSessionUser(getRequest('/', cookie))).not.toBeNull();
    const result = await run(logout.action, postRequest('/logout', {}, cookie));
    expect(result.status).toBe(303);
    expect(result.headers.get('Set-Cookie')).toMatch(/avain_session=;/);
    expect(getSessionUser(getRequest('/', cookie))).toBeNull();
  });

  test(`ends after ${IDLE_MINUTES} minutes without activity`, () => {
    const cookie = cookieFor('client@example.fi');
    const later = new Date(Date.now() + (IDLE_MINUTES + 1) * 60_000);
    expect(getSessionUser(getRequest('/', cookie), later)).toBeNull();
    const id = /avain_session=([^;]+)/.exec(cookie)![1];
    expect(getDb().select().from(sessions).where(eq(sessions.id, id)).get()).toBeUndefined();
  });

  test('activity keeps the session alive', () => {
    const cookie = cookieFor('client@example.fi');
    const soon = new Date(Date.now() + (IDLE_MINUTES - 5) * 60_000);
    expect(getSessionUser(getRequest('/', cookie), soon)).not.toBeNull();
    const later = new Date(soon.getTime() + (IDLE_MINUTES - 5) * 60_000);
    expect(getSessionUser(getRequest('/', cookie), later)).not.toBeNull();
  });

  test('a forged or malformed cookie is no session', () => {
    expect(getSessionUser(getRequest('/', 'avain_session=abc'))).toBeNull();
    expect(getSessionUser(getRequest('/', `avain_session=${'A'.repeat(43)}`))).toBeNull();
    expect(getSessionUser(getRequest('/', 'avain_session=%E0%A4%A'))).toBeNull();
  });
});

describe('housekeeping', () => {
  test('expired and idle sessions are removed', async () => {
    const { deleteExpiredSessions } = await import('../../app/auth/session.server');
    const cookie = cookieFor('worker@example.fi');
    const id = /avain_session=([^;]+)/.exec(cookie)![1];
    deleteExpiredSessions(new Date(Date.now() + (IDLE_MINUTES + 1) * 60_000));
    expect(getDb().select().from(sessions).where(eq(sessions.id, id)).get()).toBeUndefined();
  });
});
