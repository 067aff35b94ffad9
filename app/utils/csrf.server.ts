import crypto from 'node:crypto';
import { sessionId } from '../auth/session.server';
import { readCookie, setCookie } from './cookies.server';

// Signed in, the token is bound to the session: a hash of the session id, which lives only in the
// httpOnly session cookie. A new session at every sign-in therefore renews the token, and a token
// seen in one session is worthless in another.
// Signed out (the sign-in form, a provider's application), a double-submit token: a random value
// in an httpOnly SameSite cookie, repeated in a hidden form field. A cross-site form cannot read
// the cookie, and SameSite keeps it off the cross-site POST. Both work without JavaScript and in
// old browsers that send no Origin header.
const COOKIE = 'csrf';
const TOKEN = /^[A-Za-z0-9_-]{32,64}$/;

function sessionBoundToken(id: string): string {
  return crypto.createHash('sha256').update(`avain-csrf:${id}`).digest('base64url');
}

export function csrfTokenFor(request: Request): { token: string; setCookie?: string } {
  const session = sessionId(request);
  if (session) return { token: sessionBoundToken(session) };
  const existing = readCookie(request, COOKIE);
  if (existing && TOKEN.test(existing)) return { token: existing };
  const token = crypto.randomBytes(32).toString('base64url');
  return { token, setCookie: setCookie(COOKIE, token) };
}

export function isValidCsrf(request: Request, submitted: FormDataEntryValue | null): boolean {
  const session = sessionId(request);
  const expected = session ? sessionBoundToken(session) : readCookie(request, COOKIE);
  // Both must be plain base64url of the same length before a byte-wise comparison.
  if (!expected || typeof submitted !== 'string' || !TOKEN.test(submitted) || submitted.length !== expected.length) return false;
  return crypto.timingSafeEqual(Buffer.from(submitted), Buffer.from(expected));
}
