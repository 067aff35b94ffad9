import { redirect } from '@remix-run/node';
import type { Role } from '../../db/schema';
import { fail } from '../utils/http.server';
import { getSessionUser, type SessionUser } from './session.server';
import { isOneOf } from '../utils/oneOf';

export const START_PAGES: Record<Role, string> = {
  client: '/client',
  representative: '/representative',
  worker: '/worker',
  provider: '/provider',
  admin: '/admin',
};

/**
 * The signed-in user if their role is one of `roles`. Signed-out users are sent to sign in and
 * brought back here afterwards; other roles get 403. The result's role type is narrowed to `roles`.
 */
export function requireUser<R extends Role>(request: Request, roles: readonly R[]): SessionUser & { role: R } {
  const user = getSessionUser(request);
  if (!user) {
    const url = new URL(request.url);
    const back = request.method === 'GET' ? url.pathname + url.search : url.pathname;
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`, { status: 303 });
  }
  if (user.mustChangePassword && new URL(request.url).pathname !== '/account/password') {
    throw redirect('/account/password', { status: 303 });
  }
  const { role } = user;
  if (!isOneOf(roles, role)) fail(403, 'role');
  return { ...user, role };
}
