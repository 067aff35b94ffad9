// Builds real Request objects for calling loaders and actions directly, signed in or not.
import type { ActionFunction, LoaderFunction } from '@remix-run/node';
import { eq } from 'drizzle-orm';
import { getDb } from '../../db/client.server';
import { users, type Role } from '../../db/schema';
import { actingForChoices } from '../../app/auth/guards.server';
import { createUserSession } from '../../app/auth/session.server';
import { csrfTokenFor } from '../../app/utils/csrf.server';

export const BASE = 'http://localhost';
export const CSRF = 'test-csrf-token-0123456789abcdefghijklmnop';

/**
 * A Cookie header value for a signed-in demo user (plus the CSRF cookie). A client or
 * representative's session already acts for someone, as if chosen on /act-for: `actingFor` (a
 * client id; null: not chosen yet), by default the person's own client record, else the first
 * client they may act for (actingForChoices order).
 */
export function cookieFor(email: string | null, extra = '', { actingFor }: { actingFor?: number | null } = {}): string {
  const parts = [`csrf=${CSRF}`];
  if (email) {
    const user = getDb().select().from(users).where(eq(users.email, email)).get();
    if (!user) throw new Error(`no user ${email}`);
    const setCookie = createUserSession(user.id, '127.0.0.1', undefined, { actingForClientId: actingFor === undefined ? defaultActingFor(user) : actingFor });
    parts.push(setCookie.split(';')[0]);
  }
  if (extra) parts.push(extra);
  return parts.join('; ');
}

function defaultActingFor(user: { id: number; role: Role }): number | null {
  if (user.role !== 'client' && user.role !== 'representative') return null;
  return actingForChoices(user)[0]?.id ?? null;
}

export function getRequest(path: string, cookie = '', headers: Record<string, string> = {}): Request {
  return new Request(`${BASE}${path}`, { headers: { Cookie: cookie, ...headers } });
}

export function postRequest(
  path: string,
  fields: Record<string, string | string[]>,
  cookie = '',
  { csrf: given, headers = {} }: { csrf?: string | null; headers?: Record<string, string> } = {},
): Request {
  // By default the token the page would have rendered for this cookie (session-bound when signed in).
  const csrf = given === undefined ? csrfTokenFor(new Request(BASE, { headers: { Cookie: cookie } })).token : given;
  const body = new URLSearchParams();
  if (csrf !== null) body.append('csrf', csrf);
  for (const [key, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(key, item);
  }
  return new Request(`${BASE}${path}`, {
    method: 'POST',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded', 'X-Avain-Client-Ip': '203.0.113.7', ...headers },
    body,
  });
}

/** Calls a loader or action and returns what it returned or threw, as a Response-like result. */
export async function run(
  fn: LoaderFunction | ActionFunction,
  request: Request,
  params: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; data: unknown }> {
  try {
    const result = await fn({ request, params, context: {} });
    return unwrap(result, 200);
  } catch (thrown) {
    return unwrap(thrown, 500);
  }
}

function unwrap(value: unknown, fallbackStatus: number): { status: number; headers: Headers; data: unknown } {
  if (value instanceof Response) return { status: value.status, headers: value.headers, data: null };
  if (value && typeof value === 'object' && (value as { type?: string }).type === 'DataWithResponseInit') {
    const { data, init } = value as { data: unknown; init?: ResponseInit | null };
    return { status: init?.status ?? 200, headers: new Headers(init?.headers), data };
  }
  if (fallbackStatus === 500) throw value; // a real error: let the test fail with it
  return { status: 200, headers: new Headers(), data: value };
}
