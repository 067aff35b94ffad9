import { data } from '@remix-run/node';

/** Throws a response that the error boundary turns into a localized page with this status. */
export function fail(status: number, reason?: string): never {
  throw data({ reason: reason ?? null }, { status });
}

/** Set by app/server.ts from the socket (or the trusted proxy); any value a client sends is dropped. */
export const CLIENT_IP_HEADER = 'X-Avain-Client-Ip';

export function clientIp(request: Request): string {
  return request.headers.get(CLIENT_IP_HEADER) ?? 'unknown';
}

/**
 * Only a path on this site may be a redirect target (no open redirects). Browsers drop tabs and
 * newlines and read `\` as `/`, so anything but a plain path resolved on our own origin is refused.
 */
export function safeReturnPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length > 500) return fallback;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be refused
  if (!value.startsWith('/') || /[\u0000-\u0020\u007f\\]/.test(value)) return fallback;
  try {
    const url = new URL(value, 'http://avain.invalid');
    if (url.origin !== 'http://avain.invalid') return fallback;
    return `${url.pathname}${url.search}`;
  } catch {
    return fallback;
  }
}
