import type { Role } from '../../db/schema';


export const START_PAGES: Record<Role, string> = {
  client: '/client',
  representative: '/representative',
  worker: '/worker',
  provider: '/provider',
  admin: '/admin',
};

/** Where a person lands after signing in (one place, so acting-for can put its chooser here). */
export function startPageFor(user: { role: Role }): string {
  return START_PAGES[user.role];
}
