import { parse, serialize, type CookieSerializeOptions } from 'cookie';

export const COOKIE_SECURE = process.env.COOKIE_SECURE === 'true';

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get('Cookie');
  if (!header) return undefined;
  try {
    return parse(header)[name];
  } catch {
    return undefined;
  }
}

export function setCookie(name: string, value: string, options: CookieSerializeOptions = {}): string {
  return serialize(name, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: COOKIE_SECURE,
    ...options,
  });
}

export const ONE_YEAR = 60 * 60 * 24 * 365;
