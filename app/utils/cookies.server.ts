import { parse, serialize, type CookieSerializeOptions } from 'cookie';

/** COOKIE_SECURE=true behind HTTPS; read at each use so a test can switch it. */
export function cookieSecure(): boolean {
  return process.env.COOKIE_SECURE === 'true';
}

export const COOKIE_SECURE = cookieSecure();

/**
 * The name a cookie really has. Over HTTPS it gets the `__Host-` prefix: the browser then takes it
 * only from this host over HTTPS with `Path=/` and no `Domain`, so a sibling subdomain or a
 * plain-HTTP page cannot plant or overwrite it (session fixation, CSRF cookie tossing).
 */
export function cookieName(name: string): string {
  return cookieSecure() ? `__Host-${name}` : name;
}

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get('Cookie');
  if (!header) return undefined;
  try {
    return parse(header)[cookieName(name)];
  } catch {
    return undefined;
  }
}

export function setCookie(name: string, value: string, options: CookieSerializeOptions = {}): string {
  return serialize(cookieName(name), value, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: cookieSecure(),
    ...options,
  });
}

export const ONE_YEAR = 60 * 60 * 24 * 365;
