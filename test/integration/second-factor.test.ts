// Issue 12: workers and administrators sign in with a second factor (TOTP) after the password:
// enrolment with a QR code and recovery codes, wrong and reused codes refused within the sign-in
// limits, recovery codes once each, an administrator's reset, and no session before the code.
import { and, eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { auditLog, loginAttempts, pendingSignIns, recoveryCodes, secondFactors, sessions, users } from '../../db/schema';
import { DEMO_TOTP_SECRET } from '../../db/seed/second-factor';
import { codeFor, encryptSecret, pendingSignIn, PENDING_MINUTES, startPendingSignIn, verifyCode } from '../../app/auth/secondFactor.server';
import { getSessionUser } from '../../app/auth/session.server';
import { MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS } from '../../app/auth/signInLimits.server';
import * as codeRoute from '../../app/routes/_auth+/auth.code';
import * as enrolRoute from '../../app/routes/_auth+/auth.enrol';
import * as login from '../../app/routes/_auth+/login';
import * as usersRoute from '../../app/routes/admin+/users._index';
import * as workerStart from '../../app/routes/worker+/_index';
import { userByEmail } from '../helpers/fixtures';
import { cookieFor, CSRF, getRequest, postRequest, run } from '../helpers/requests';
import { cookieOf, freshDemoCode } from '../helpers/second-factor';

const PASSWORD = 'avain-demo';
let ipCounter = 0;
/** Each test signs in from its own address, so the sign-in limits of one do not touch another. */
const nextIp = () => `198.51.100.${++ipCounter}`;

async function passwordStep(email: string, ip: string, redirectTo?: string) {
  const fields: Record<string, string> = { email, password: PASSWORD };
  if (redirectTo) fields.redirectTo = redirectTo;
  return run(login.action, postRequest('/login', fields, `csrf=${CSRF}`, { headers: { 'X-Avain-Client-Ip': ip } }));
}

/** The cookie of a pending sign-in (plus the CSRF cookie) after a right password. */
async function pendingCookie(email: string, ip: string): Promise<string> {
  const result = await passwordStep(email, ip);
  expect(result.status).toBe(303);
  return `csrf=${CSRF}; ${cookieOf(result.headers, 'avain_pending')}`;
}

const postCode = (path: '/auth/code' | '/auth/enrol', code: string, cookie: string, ip: string) =>
  run(path === '/auth/code' ? codeRoute.action : enrolRoute.action, postRequest(path, { code }, cookie, { headers: { 'X-Avain-Client-Ip': ip } }));

/** A worker with the demo password and no second factor yet (a new account). */
function newWorker(email: string): number {
  const { passwordHash } = userByEmail('worker@example.fi');
  return getDb().insert(users).values({ email, passwordHash, role: 'worker', firstName: 'Uusi', lastName: 'Työntekijä' }).returning({ id: users.id }).get().id;
}

const auditOf = (action: string, actorUserId?: number) =>
  getDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), actorUserId === undefined ? undefined : eq(auditLog.actorUserId, actorUserId)))
    .all();

describe('the code page comes between the password and the session', () => {
  test('a worker with a factor gets a pending sign-in, not a session; a provider signs in at once', async () => {
    const ip = nextIp();
    const worker = await passwordStep('worker@example.fi', ip, '/worker/disputes');
    expect(worker.status).toBe(303);
    expect(worker.headers.get('Location')).toBe('/auth/code');
    expect(worker.headers.getSetCookie().some((c) => /^avain_session=[^;]/.test(c))).toBe(false);
    const pending = cookieOf(worker.headers, 'avain_pending');
    expect(worker.headers.getSetCookie().find((c) => c.startsWith('avain_pending='))).toMatch(/HttpOnly/i);
    const provider = await passwordStep('provider@example.fi', ip);
    expect(provider.headers.get('Location')).toBe('/provider');
    expect(cookieOf(provider.headers, 'avain_session')).toMatch(/^avain_session=/);

    // The right code: a session, and back to the page that asked for sign-in.
    const accepted = await postCode('/auth/code', freshDemoCode('worker@example.fi'), `csrf=${CSRF}; ${pending}`, ip);
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get('Location')).toBe('/worker/disputes');
    const session = cookieOf(accepted.headers, 'avain_session');
    expect(getSessionUser(getRequest('/', session))?.email).toBe('worker@example.fi');
    expect(accepted.headers.getSetCookie().find((c) => c.startsWith('avain_pending='))).toMatch(/Max-Age=0/i);
    // The pending sign-in is used up: the same cookie opens nothing now.
    expect((await run(codeRoute.loader, getRequest('/auth/code', `csrf=${CSRF}; ${pending}`))).headers.get('Location')).toBe('/login');
    expect(auditOf('auth.password_accepted', userByEmail('worker@example.fi').id).length).toBeGreaterThan(0);
  });

  test('a pending sign-in reaches no page but the code page, and ends after a few minutes', async () => {
    const ip = nextIp();
    const cookie = await pendingCookie('admin@example.fi', ip);
    expect((await run(codeRoute.loader, getRequest('/auth/code', cookie))).status).toBe(200);
    // Everything else treats it as signed out.
    const worker = await run(workerStart.loader, getRequest('/worker', cookie));
    expect(worker.status).toBe(303);
    expect(worker.headers.get('Location')).toMatch(/^\/login\?redirectTo=/);
    expect((await run(usersRoute.loader, getRequest('/admin/users', cookie))).headers.get('Location')).toMatch(/^\/login/);
    expect((await run(usersRoute.action, postRequest('/admin/users', { intent: 'resetSecondFactor', userId: '1' }, cookie))).headers.get('Location')).toMatch(/^\/login/);
    // Someone with a factor is not offered a new enrolment.
    expect((await run(enrolRoute.loader, getRequest('/auth/enrol', cookie))).headers.get('Location')).toBe('/auth/code');

    const admin = userByEmail('admin@example.fi');
    const started = startPendingSignIn(admin.id, ip, null);
    const request = getRequest('/auth/code', started.split(';')[0]);
    expect(pendingSignIn(request)).not.toBeNull();
    expect(pendingSignIn(request, new Date(Date.now() + (PENDING_MINUTES + 1) * 60_000))).toBeNull();
    expect(getDb().select().from(pendingSignIns).where(eq(pendingSignIns.userId, admin.id)).all()).toHaveLength(0);
  });

  test('a signed-in user on the code or enrolment page goes to their start page', async () => {
    const cookie = cookieFor('worker@example.fi');
    expect((await run(codeRoute.loader, getRequest('/auth/code', cookie))).headers.get('Location')).toBe('/worker');
    expect((await run(enrolRoute.loader, getRequest('/auth/enrol', cookie))).headers.get('Location')).toBe('/worker');
    expect((await run(codeRoute.loader, getRequest('/auth/code', `csrf=${CSRF}`))).headers.get('Location')).toBe('/login');
  });
});

describe('wrong and reused codes', () => {
  test('a wrong code: error summary and inline error, typed value kept, no session, counted as a failed sign-in', async () => {
    const ip = nextIp();
    const cookie = await pendingCookie('worker2@example.fi', ip);
    const right = codeFor(DEMO_TOTP_SECRET);
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
    const attemptsBefore = getDb().select().from(loginAttempts).where(eq(loginAttempts.ip, ip)).all();
    const result = await postCode('/auth/code', wrong, cookie, ip);
    expect(result.status).toBe(400);
    expect(result.data).toMatchObject({ errors: { code: 'auth:errors.codeWrong' }, values: { code: wrong } });
    expect(result.headers.getSetCookie()).toEqual([]);
    const attempts = getDb().select().from(loginAttempts).where(eq(loginAttempts.ip, ip)).all();
    // The right password is neither a failure nor a success; the wrong code is a failure.
    expect(attempts.length).toBe(attemptsBefore.length + 1);
    expect(attempts.at(-1)).toMatchObject({ email: 'worker2@example.fi', succeeded: false });
    expect((await postCode('/auth/code', '12ab', cookie, ip)).data).toMatchObject({ errors: { code: 'auth:errors.codeFormat' } });
    expect((await postCode('/auth/code', '', cookie, ip)).data).toMatchObject({ errors: { code: 'auth:errors.codeRequired' } });
  });

  test('wrong codes are limited like wrong passwords: after five, even the right code is refused from that address', async () => {
    const ip = nextIp();
    const cookie = await pendingCookie('worker@example.fi', ip);
    const right = codeFor(DEMO_TOTP_SECRET);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++) expect((await postCode('/auth/code', wrong, cookie, ip)).status).toBe(400);
    const locked = await postCode('/auth/code', freshDemoCode('worker@example.fi'), cookie, ip);
    expect(locked.status).toBe(429);
    expect(locked.data).toMatchObject({ errors: { code: 'auth:errors.codeTooMany' } });
    expect(Number(locked.headers.get('Retry-After'))).toBeGreaterThan(60);
    // The password step from that address is locked too.
    expect((await passwordStep('worker@example.fi', ip)).status).toBe(429);
  });

  test('a code once accepted is refused the second time, and so is an older one; the next step works', async () => {
    const admin = userByEmail('admin@example.fi');
    getDb().update(secondFactors).set({ lastUsedStep: null }).where(eq(secondFactors.userId, admin.id)).run();
    const ip = nextIp();
    const t = Math.floor(Date.now() / 30_000) * 30_000 + 10_000; // 10 s into a step
    const pendingFor = () => pendingSignIn(getRequest('/', startPendingSignIn(admin.id, ip, null).split(';')[0]))!;
    const code = codeFor(DEMO_TOTP_SECRET, t);
    expect(verifyCode(pendingFor(), code, ip, new Date(), t).kind).toBe('accepted');
    const reused = verifyCode(pendingFor(), code, ip, new Date(), t + 5_000);
    expect(reused).toMatchObject({ kind: 'refused', status: 400, errors: { code: 'auth:errors.codeWrong' } });
    expect(auditOf('auth.second_factor_reused', admin.id).length).toBeGreaterThan(0);
    // The previous step's code is still inside the window but older than the accepted one.
    expect(verifyCode(pendingFor(), codeFor(DEMO_TOTP_SECRET, t - 30_000), ip, new Date(), t).kind).toBe('refused');
    expect(verifyCode(pendingFor(), codeFor(DEMO_TOTP_SECRET, t + 30_000), ip, new Date(), t + 30_000).kind).toBe('accepted');
    // A code two steps away is outside the window.
    expect(verifyCode(pendingFor(), codeFor(DEMO_TOTP_SECRET, t + 120_000), ip, new Date(), t + 30_000).kind).toBe('refused');
  });
});

describe('enrolment and recovery codes', () => {
  test('first sign-in enrols with a QR code and a typed secret; recovery codes are shown once, stored hashed, each works once', async () => {
    const email = 'uusi.tyontekija@example.fi';
    const userId = newWorker(email);
    const ip = nextIp();
    const login1 = await passwordStep(email, ip);
    expect(login1.headers.get('Location')).toBe('/auth/enrol');
    const cookie = `csrf=${CSRF}; ${cookieOf(login1.headers, 'avain_pending')}`;
    expect((await run(codeRoute.loader, getRequest('/auth/code', cookie))).headers.get('Location')).toBe('/auth/enrol');

    const page = await run(enrolRoute.loader, getRequest('/auth/enrol', cookie));
    const view = page.data as { kind: string; secret: string; qrSvg: string };
    expect(view.kind).toBe('enrol');
    expect(view.qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(view.qrSvg).not.toMatch(/<script/i);
    const secret = view.secret.replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // The same secret on a reload, kept only encrypted on the server.
    const again = (await run(enrolRoute.loader, getRequest('/auth/enrol', cookie))).data as { secret: string };
    expect(again.secret).toBe(view.secret);
    const pendingRow = getDb().select().from(pendingSignIns).where(eq(pendingSignIns.userId, userId)).get()!;
    expect(pendingRow.enrolSecretEncrypted).toBeTruthy();
    expect(pendingRow.enrolSecretEncrypted).not.toContain(secret);

    const wrong = await postCode('/auth/enrol', String((Number(codeFor(secret)) + 3) % 1_000_000).padStart(6, '0'), cookie, ip);
    expect(wrong).toMatchObject({ status: 400, data: { kind: 'error', errors: { code: 'auth:errors.codeWrong' } } });
    expect(getDb().select().from(secondFactors).where(eq(secondFactors.userId, userId)).get()).toBeUndefined();

    const done = await postCode('/auth/enrol', codeFor(secret), cookie, ip);
    expect(done.status).toBe(200);
    const result = done.data as { kind: string; recoveryCodes: string[]; next: string };
    expect(result.kind).toBe('enrolled');
    expect(result.next).toBe('/worker');
    expect(result.recoveryCodes).toHaveLength(10);
    expect(new Set(result.recoveryCodes).size).toBe(10);
    expect(done.headers.get('Cache-Control')).toBe('no-store');
    expect(getSessionUser(getRequest('/', cookieOf(done.headers, 'avain_session')))?.id).toBe(userId);
    const factor = getDb().select().from(secondFactors).where(eq(secondFactors.userId, userId)).get()!;
    expect(factor.secretEncrypted).not.toContain(secret);
    const stored = getDb().select().from(recoveryCodes).where(eq(recoveryCodes.userId, userId)).all();
    expect(stored).toHaveLength(10);
    for (const code of result.recoveryCodes) expect(stored.some((row) => row.codeHash.includes(code.replace(/-/g, '')))).toBe(false);
    // After the POST the loader, with the old cookies, has no pending sign-in to show.
    expect((await run(enrolRoute.loader, getRequest('/auth/enrol', cookie))).data).toMatchObject({ kind: 'gone' });
    expect(auditOf('auth.second_factor_enrolled', userId)).toHaveLength(1);

    // Next sign-in: the code page; a recovery code (typed in lower case with spaces) works once.
    const [recovery] = result.recoveryCodes;
    const next = await pendingCookie(email, ip);
    const used = await postCode('/auth/code', ` ${recovery.toLowerCase().replace(/-/g, ' ')} `, next, ip);
    expect(used.status).toBe(303);
    expect(used.headers.get('Location')).toBe('/worker');
    expect(auditOf('auth.recovery_code_used', userId)).toHaveLength(1);
    const third = await pendingCookie(email, ip);
    expect((await postCode('/auth/code', recovery, third, ip)).data).toMatchObject({ errors: { code: 'auth:errors.codeWrong' } });
    expect((await postCode('/auth/code', result.recoveryCodes[1], third, ip)).status).toBe(303);
  });
});

describe('an administrator resets a second factor', () => {
  test('reset on the users page: factor, recovery codes and sessions end, audited; the next sign-in enrols again', async () => {
    const email = 'nollattava@example.fi';
    const userId = newWorker(email);
    getDb().insert(secondFactors).values({ userId, secretEncrypted: encryptSecret(DEMO_TOTP_SECRET), enrolledAt: new Date().toISOString() }).run();
    getDb().insert(recoveryCodes).values({ userId, codeHash: 'x'.repeat(64) }).run();
    const workerSession = cookieFor(email);
    const adminCookie = cookieFor('admin@example.fi');

    const page = await run(usersRoute.loader, getRequest('/admin/users', adminCookie));
    const listed = (page.data as { users: { id: number; secondFactor: boolean | null }[] }).users;
    expect(listed.find((u) => u.id === userId)?.secondFactor).toBe(true);
    expect(listed.find((u) => u.id === userByEmail('provider@example.fi').id)?.secondFactor).toBeNull();

    const reset = await run(usersRoute.action, postRequest('/admin/users', { intent: 'resetSecondFactor', userId: String(userId) }, adminCookie));
    expect(reset.status).toBe(303);
    expect(reset.headers.get('Location')).toBe('/admin/users?done=secondFactorReset');
    expect(getDb().select().from(secondFactors).where(eq(secondFactors.userId, userId)).get()).toBeUndefined();
    expect(getDb().select().from(recoveryCodes).where(eq(recoveryCodes.userId, userId)).all()).toHaveLength(0);
    expect(getDb().select().from(sessions).where(eq(sessions.userId, userId)).all()).toHaveLength(0);
    expect(getSessionUser(getRequest('/', workerSession))).toBeNull();
    const [row] = auditOf('admin.second_factor_reset', userByEmail('admin@example.fi').id).filter((r) => r.subjectId === String(userId));
    expect(row).toMatchObject({ subjectType: 'user' });

    expect((await passwordStep(email, nextIp())).headers.get('Location')).toBe('/auth/enrol');
    const twice = await run(usersRoute.action, postRequest('/admin/users', { intent: 'resetSecondFactor', userId: String(userId) }, adminCookie));
    expect(twice).toMatchObject({ status: 400, data: { errors: { form: 'backoffice:users.errors.notEnrolled' } } });
  });

  test('only an administrator may reset, never their own, and only a worker’s or administrator’s', async () => {
    const target = String(userByEmail('worker2@example.fi').id);
    for (const email of ['worker@example.fi', 'provider@example.fi', 'client@example.fi', 'caregiver@example.fi']) {
      const refused = await run(usersRoute.action, postRequest('/admin/users', { intent: 'resetSecondFactor', userId: target }, cookieFor(email)));
      expect(refused.status, email).toBe(403);
    }
    expect(getDb().select().from(secondFactors).where(eq(secondFactors.userId, Number(target))).get()).toBeDefined();
    const adminCookie = cookieFor('admin@example.fi');
    const self = await run(usersRoute.action, postRequest('/admin/users', { intent: 'resetSecondFactor', userId: String(userByEmail('admin@example.fi').id) }, adminCookie));
    expect(self).toMatchObject({ status: 400, data: { errors: { form: 'backoffice:users.errors.selfSecondFactor' } } });
    const provider = await run(usersRoute.action, postRequest('/admin/users', { intent: 'resetSecondFactor', userId: String(userByEmail('provider@example.fi').id) }, adminCookie));
    expect(provider).toMatchObject({ status: 400, data: { errors: { form: 'backoffice:users.errors.notStaff' } } });
    const missing = await run(usersRoute.action, postRequest('/admin/users', { intent: 'resetSecondFactor', userId: '999999' }, adminCookie));
    expect(missing.status).toBe(404);
  });
});

describe('demo data', () => {
  test('the demo worker and administrator accounts are enrolled with the README secret', () => {
    for (const email of ['admin@example.fi', 'worker@example.fi', 'worker2@example.fi']) {
      expect(getDb().select().from(secondFactors).where(eq(secondFactors.userId, userByEmail(email).id)).get(), email).toBeDefined();
    }
    expect(getDb().select().from(secondFactors).where(eq(secondFactors.userId, userByEmail('provider@example.fi').id)).get()).toBeUndefined();
  });
});
