import crypto from 'node:crypto';
import { readCookie, setCookie } from './cookies.server';

// Double-submit token: a random value in an httpOnly SameSite cookie, repeated in a hidden form
// field. A cross-site form cannot read the cookie, and SameSite keeps the cookie off its POST,
// so this works in old browsers that send no Origin header too.
const COOKIE = 'csrf';

export function csrfTokenFor(request: Request): { token: string; setCookie?: string } {
  const existing = readCookie(request, COOKIE);
  if (existing && /^[A-Za-z0-9_-]{32,64}$/.test(existing)) return { token: existing };
  const token = crypto.randomBytes(32).toString('base64url');
  return { token, setCookie: setCookie(COOKIE, token) };
}

export function isValidCsrf(request: Request, submitted: FormDataEntryValue | null): boolean {
  const expected = readCookie(request, COOKIE);
  // Both must be plain base64url of the same length before a byte-wise comparison.
  if (!expected || typeof submitted !== 'string' || !/^[A-Za-z0-9_-]{32,64}$/.test(submitted) || submitted.length !== expected.length) return false;
  return crypto.timingSafeEqual(Buffer.from(submitted), Buffer.from(expected));
}
