import { redirect } from '@remix-run/node';
import type { Role } from '../../db/schema';
import { fail } from '../utils/http.server';
import { getSessionUser, type SessionUser } from './session.server';

export const START_PAGES: Record<Role, string> = {
  client: '/client',
  representative: '/representative',
  worker: '/worker',
  provider: '/provider',
  admin: '/admin',
};

/**
 * The signed-in user if their role is one of `roles`. Signed-out users are sent to sign in and
 * brought back here afterwards; other roles get 403.
 */
export function requireUser(request: Request, roles: readonly Role[]): SessionUser {
  const user = getSessionUser(request);
  if (!user) {
    const url = new URL(request.url);
    const back = request.method === 'GET' ? url.pathname + url.search : url.pathname;
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`, { status: 303 });
  }
  if (user.mustChangePassword && new URL(request.url).pathname !== '/account/password') {
    throw redirect('/account/password', { status: 303 });
  }
  if (!roles.includes(user.role)) fail(403, 'role');
  return user;
}
