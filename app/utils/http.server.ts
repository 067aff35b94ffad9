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

/** Only a path on this site may be a redirect target (no open redirects). */
export function safeReturnPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string') return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  if (value.length > 500) return fallback;
  return value;
}
