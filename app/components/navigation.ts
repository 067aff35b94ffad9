import type { Role } from '../../db/schema';

export type NavItem = { to: string; key: string };

/** What each role finds in the header. Later features add their pages here. */
export const NAVIGATION: Record<Role | 'guest', NavItem[]> = {
  guest: [{ to: '/', key: 'common:nav.home' }],
  client: [{ to: '/client', key: 'common:nav.start' }],
  representative: [{ to: '/representative', key: 'common:nav.start' }],
  worker: [{ to: '/worker', key: 'common:nav.start' }],
  provider: [{ to: '/provider', key: 'common:nav.start' }],
  admin: [{ to: '/admin', key: 'common:nav.start' }],
};
