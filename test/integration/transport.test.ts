// Issue 10, item 9: the CSRF token is bound to the session and renewed at sign-in, signed-out
// forms keep their double-submit token, the session cookie ends with the browser, and with
// COOKIE_SECURE=true cookies get `__Host-` names.
import { afterEach, describe, expect, test } from 'vitest';
import { createUserSession, getSessionUser } from '../../app/auth/session.server';
import * as login from '../../app/routes/_auth+/login';
import * as logout from '../../app/routes/_auth+/logout';
import { csrfTokenFor } from '../../app/utils/csrf.server';
import { readCookie } from '../../app/utils/cookies.server';
import { CSRF, getRequest, postRequest, run } from '../helpers/requests';
import { answerCodePage } from '../helpers/second-factor';

const signedOutCookie = `csrf=${CSRF}`;

async function signIn(cookie = signedOutCookie): Promise<string> {
  const password = await run(login.action, postRequest('/login', { email: 'worker@example.fi', password: 'avain-demo' }, cookie, { headers: { 'X-Avain-Client-Ip': '198.51.100.90' } }));
  const result = await answerCodePage(password, 'worker@example.fi', '198.51.100.90');
  expect(result.status).toBe(303);
  const session = /avain_session=[^;]+/.exec(result.headers.get('Set-Cookie') ?? '')![0];
  return `${signedOutCookie}; ${session}`;
}

const tokenFor = (cookie: string) => csrfTokenFor(getRequest('/', cookie)).token;

describe('the CSRF token is bound to the session', () => {
  test('signed out, the form token is the double-submit cookie, and the sign-in form works with it', async () => {
    expect(tokenFor(signedOutCookie)).toBe(CSRF);
    await signIn();
  });

  test('signed in, pages carry a token of the session, not the signed-out one; only it is accepted', async () => {
    const cookie = await signIn();
    const token = tokenFor(cookie);
    expect(token).not.toBe(CSRF);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const withOldToken = await run(logout.action, postRequest('/logout', {}, cookie, { csrf: CSRF }));
    expect(withOldToken.status).toBe(403);
    expect(getSessionUser(getRequest('/', cookie))?.email).toBe('worker@example.fi');
    const withSessionToken = await run(logout.action, postRequest('/logout', {}, cookie, { csrf: token }));
    expect(withSessionToken.status).toBe(303);
    expect(getSessionUser(getRequest('/', cookie))).toBeNull();
  });

  test('a new sign-in renews the token: the one from before, or from another session, is refused', async () => {
    const first = await signIn();
    const firstToken = tokenFor(first);
    const second = await signIn(first);
    expect(tokenFor(second)).not.toBe(firstToken);
    expect((await run(logout.action, postRequest('/logout', {}, second, { csrf: firstToken }))).status).toBe(403);
    expect((await run(logout.action, postRequest('/logout', {}, first, { csrf: tokenFor(second) }))).status).toBe(403);
  });
});

describe('cookies', () => {
  afterEach(() => {
    delete process.env.COOKIE_SECURE;
  });

  test('the session cookie has no Max-Age or Expires, so it ends with the browser', async () => {
    const cookie = createUserSession(1, '127.0.0.1');
    expect(cookie).toMatch(/^avain_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
  });

  test('with COOKIE_SECURE=true cookies are __Host- prefixed and Secure, and a plain-named cookie is ignored', async () => {
    process.env.COOKIE_SECURE = 'true';
    const cookie = createUserSession(1, '127.0.0.1');
    expect(cookie).toMatch(/^__Host-avain_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    const value = cookie.split(';')[0].split('=')[1];
    expect(readCookie(getRequest('/', `avain_session=${value}`), 'avain_session')).toBeUndefined();
    expect(readCookie(getRequest('/', `__Host-avain_session=${value}`), 'avain_session')).toBe(value);
    expect(csrfTokenFor(getRequest('/')).setCookie).toMatch(/^__Host-csrf=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
  });
});
