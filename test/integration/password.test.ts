import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { users } from '../../db/schema';
import { getSessionUser } from '../../app/auth/session.server';
import { verifyPassword } from '../../app/auth/password.server';
import * as passwordRoute from '../../app/routes/_auth+/account.password';
import { cookieFor, getRequest, postRequest, run } from '../helpers/requests';

const NEW = 'pitkä uusi salasana 2026';

describe('/account/password', () => {
  test('needs the current password', async () => {
    const cookie = cookieFor('klient@example.fi');
    const result = await run(passwordRoute.action, postRequest('/account/password', { current: 'väärä', password: NEW, confirm: NEW }, cookie));
    expect(result.status).toBe(400);
    expect(result.data).toMatchObject({ errors: { current: 'auth:errors.currentWrong' } });
  });

  test('too short or different passwords get field errors', async () => {
    const cookie = cookieFor('klient@example.fi');
    const short = await run(passwordRoute.action, postRequest('/account/password', { current: 'avain-demo', password: 'lyhyt', confirm: 'lyhyt' }, cookie));
    expect(short.data).toMatchObject({ errors: { password: 'auth:errors.passwordTooShort' } });
    const differ = await run(passwordRoute.action, postRequest('/account/password', { current: 'avain-demo', password: NEW, confirm: `${NEW}!` }, cookie));
    expect(differ.data).toMatchObject({ errors: { confirm: 'auth:errors.passwordsDiffer' } });
  });

  test('a change ends every other session and starts a new one', async () => {
    const other = cookieFor('worker2@example.fi');
    const cookie = cookieFor('worker2@example.fi');
    const result = await run(passwordRoute.action, postRequest('/account/password', { current: 'avain-demo', password: NEW, confirm: NEW }, cookie));
    expect(result.status).toBe(303);
    const fresh = /avain_session=([^;]+)/.exec(result.headers.get('Set-Cookie') ?? '')![1];
    expect(getSessionUser(getRequest('/', other))).toBeNull();
    expect(getSessionUser(getRequest('/', cookie))).toBeNull();
    expect(getSessionUser(getRequest('/', `avain_session=${fresh}`))?.email).toBe('worker2@example.fi');
    const user = getDb().select().from(users).where(eq(users.email, 'worker2@example.fi')).get()!;
    expect(await verifyPassword(user.passwordHash, NEW)).toBe(true);
  });

  test('after a reset the user sets a new one without the old password', async () => {
    getDb().update(users).set({ mustChangePassword: true }).where(eq(users.email, 'admin@example.fi')).run();
    const cookie = cookieFor('admin@example.fi');
    const page = await run(passwordRoute.loader, getRequest('/account/password', cookie));
    expect(page.data).toEqual({ mustChange: true });
    const result = await run(passwordRoute.action, postRequest('/account/password', { password: NEW, confirm: NEW }, cookie));
    expect(result.status).toBe(303);
    expect(getDb().select().from(users).where(eq(users.email, 'admin@example.fi')).get()?.mustChangePassword).toBe(false);
  });
});
