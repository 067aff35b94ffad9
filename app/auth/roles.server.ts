import type { Role } from '../../db/schema';


export const START_PAGES: Record<Role, string> = {
  client: '/client',
  representative: '/representative',
  worker: '/worker',
  provider: '/provider',
  admin: '/admin',
};

/**
 * Where a person goes right after signing in: a client or representative first chooses whom they
 * act for (/act-for, which may skip itself for a client who represents nobody), everyone else to
 * their start page. `redirectTo` (a safe local path) is kept for after the choice.
 */
export function startPageFor(user: { role: Role }, redirectTo?: string | null): string {
  if (user.role === 'client' || user.role === 'representative') {
    return redirectTo && redirectTo !== '/login' ? `/act-for?${new URLSearchParams({ redirectTo }).toString()}` : '/act-for';
  }
  return redirectTo && redirectTo !== '/login' ? redirectTo : START_PAGES[user.role];
}
