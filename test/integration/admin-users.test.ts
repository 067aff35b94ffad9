// Staff accounts: create with a one-time password, deactivate (sessions end at once), reset a
// password (must be changed at next sign-in). Everything audit-logged.
import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { auditLog, sessions, users } from '../../db/schema';
import { verifyPassword } from '../../app/auth/password.server';
import { getSessionUser } from '../../app/auth/session.server';
import { createStaffUser, deactivateUser, newUserSchema, resetPassword } from '../../app/domain/adminUsers.server';
import { validateForm } from '../../app/utils/forms.server';
import * as newUserRoute from '../../app/routes/admin+/users.new';
import * as usersRoute from '../../app/routes/admin+/users._index';
import * as workerStart from '../../app/routes/worker+/_index';
import { userByEmail } from '../helpers/fixtures';
import { cookieFor, getRequest, postRequest, run } from '../helpers/requests';

const admin = () => ({ id: userByEmail('admin@example.fi').id, ip: '203.0.113.7' });

function parse(fields: Record<string, string>) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  return validateForm(form, newUserSchema);
}

describe('staff accounts', () => {
  test('a new worker gets a one-time password that must be changed at first sign-in', async () => {
    const parsed = parse({ email: ' Uusi.Tyontekija@Example.fi ', firstName: 'Uusi', lastName: 'Työntekijä', role: 'worker', language: 'fi' });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const result = await createStaffUser(admin(), parsed.data);
    if (result.kind !== 'created') throw new Error(JSON.stringify(result));
    const user = userByEmail('uusi.tyontekija@example.fi');
    expect(user.mustChangePassword).toBe(true);
    expect(await verifyPassword(user.passwordHash, result.temporaryPassword)).toBe(true);
    const start = await run(workerStart.loader, getRequest('/worker', cookieFor('uusi.tyontekija@example.fi')));
    expect(start.status).toBe(303);
    expect(start.headers.get('Location')).toBe('/account/password');
    expect(await createStaffUser(admin(), parsed.data)).toEqual({ kind: 'invalid', errors: { email: 'backoffice:users.errors.emailTaken' } });
  });

  test('provider staff need a provider; roles are staff roles only', () => {
    expect(parse({ email: 'a@example.fi', firstName: 'A', lastName: 'B', role: 'provider', language: 'fi' })).toMatchObject({
      ok: false,
      errors: { providerId: 'backoffice:users.errors.providerRequired' },
    });
    expect(parse({ email: 'a@example.fi', firstName: 'A', lastName: 'B', role: 'client', language: 'fi' })).toMatchObject({
      ok: false,
      errors: { role: 'backoffice:users.errors.roleRequired' },
    });
  });

  test('deactivating ends the person’s sessions at once; an admin cannot deactivate themself', () => {
    const cookie = cookieFor('worker2@example.fi');
    const worker2 = userByEmail('worker2@example.fi');
    expect(getSessionUser(getRequest('/worker', cookie))?.id).toBe(worker2.id);
    expect(deactivateUser(admin(), worker2.id)).toBe('deactivated');
    expect(getSessionUser(getRequest('/worker', cookie))).toBeNull();
    expect(getDb().select().from(sessions).where(eq(sessions.userId, worker2.id)).all()).toEqual([]);
    expect(deactivateUser(admin(), worker2.id)).toBe('alreadyInactive');
    expect(deactivateUser(admin(), admin().id)).toBe('self');
    expect(deactivateUser(admin(), userByEmail('client@example.fi').id)).toBe('notFound');
  });

  test('a reset password works once and must be changed; the old one stops working', async () => {
    const provider = userByEmail('provider@example.fi');
    const result = await resetPassword(admin(), provider.id);
    if (result.kind !== 'reset') throw new Error(result.kind);
    const after = userByEmail('provider@example.fi');
    expect(after.mustChangePassword).toBe(true);
    expect(await verifyPassword(after.passwordHash, result.temporaryPassword)).toBe(true);
    expect(await verifyPassword(after.passwordHash, 'avain-demo')).toBe(false);
    const actions = getDb().select({ action: auditLog.action }).from(auditLog).all().map((row) => row.action);
    expect(actions).toEqual(expect.arrayContaining(['user.created', 'user.deactivated', 'user.password_reset']));
  });

  test('the routes: a form error keeps what was typed; a reset shows the password once', async () => {
    const bad = await run(newUserRoute.action, postRequest('/admin/users/new', { email: 'ei-osoite', firstName: 'Eeva', lastName: '', role: 'admin', language: 'fi' }, cookieFor('admin@example.fi')));
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({ errors: { email: 'backoffice:users.errors.emailInvalid', lastName: 'backoffice:users.errors.lastNameRequired' }, values: { firstName: 'Eeva' } });
    const target = getDb().select().from(users).where(eq(users.email, 'ateria@example.fi')).get()!;
    const reset = await run(usersRoute.action, postRequest('/admin/users', { intent: 'reset', userId: String(target.id) }, cookieFor('admin@example.fi')));
    expect(reset.status).toBe(200);
    expect(reset.headers.get('Cache-Control')).toBe('no-store');
    expect((reset.data as { reset: { temporaryPassword: string } }).reset.temporaryPassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
  });
});
