import type { Role } from '../../db/schema';

export const START_PAGES: Record<Role, string> = {
  client: '/client',
  representative: '/representative',
  worker: '/worker',
  provider: '/provider',
  admin: '/admin',
};
