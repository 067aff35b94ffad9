// Integration helpers for the second factor: finish a worker's or administrator's sign-in through
// the code page as the demo authenticator app would.
import { eq } from 'drizzle-orm';
import { getDb } from '../../db/client.server';
import { secondFactors, users } from '../../db/schema';
import { DEMO_TOTP_SECRET } from '../../db/seed/second-factor';
import { codeFor } from '../../app/auth/secondFactor.server';
import * as code from '../../app/routes/_auth+/auth.code';
import { CSRF, postRequest, run } from './requests';

/** `name=value` of a cookie the response sets. */
export function cookieOf(headers: Headers, name: string): string {
  const found = headers.getSetCookie().find((cookie) => cookie.startsWith(`${name}=`) && !/Max-Age=0/i.test(cookie));
  if (!found) throw new Error(`no ${name} cookie in ${headers.getSetCookie().join(' | ')}`);
  return found.split(';')[0];
}

/**
 * The demo app's current code for `email`. Tests sign the same user in many times a second, so
 * the user's last accepted step is forgotten first (the production rule is tested on its own).
 */
export function freshDemoCode(email: string): string {
  const user = getDb().select().from(users).where(eq(users.email, email)).get();
  if (!user) throw new Error(`no user ${email}`);
  getDb().update(secondFactors).set({ lastUsedStep: null }).where(eq(secondFactors.userId, user.id)).run();
  return codeFor(DEMO_TOTP_SECRET);
}

/** Answers the code page for a POST /login result that was sent there; returns the code page's answer. */
export async function answerCodePage(loginResult: { status: number; headers: Headers }, email: string, ip = '203.0.113.7') {
  if (loginResult.headers.get('Location') !== '/auth/code') throw new Error(`sign-in of ${email} did not ask for the code`);
  const pending = cookieOf(loginResult.headers, 'avain_pending');
  return run(code.action, postRequest('/auth/code', { code: freshDemoCode(email) }, `csrf=${CSRF}; ${pending}`, { headers: { 'X-Avain-Client-Ip': ip } }));
}
