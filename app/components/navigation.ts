import type { Role } from '../../db/schema';
import type { TranslationKey } from '../i18n/i18n';

export type NavItem = { to: string; key: TranslationKey };

/** What each role finds in the header. Later features add their pages here. */
export const NAVIGATION: Record<Role | 'guest', NavItem[]> = {
  guest: [
    { to: '/', key: 'common:nav.home' },
    { to: '/providers', key: 'common:nav.providers' },
  ],
  client: [
    { to: '/client', key: 'common:nav.start' },
    { to: '/budget', key: 'common:nav.budget' },
    { to: '/providers', key: 'common:nav.providers' },
    { to: '/messages', key: 'common:nav.messages' },
  ],
  representative: [
    { to: '/representative', key: 'common:nav.start' },
    { to: '/budget', key: 'common:nav.budget' },
    { to: '/providers', key: 'common:nav.providers' },
    { to: '/messages', key: 'common:nav.messages' },
  ],
  worker: [
    { to: '/worker', key: 'common:nav.start' },
    { to: '/messages', key: 'common:nav.messages' },
    { to: '/worker/disputes', key: 'notifications:inbox.nav' },
  ],
  provider: [
    { to: '/provider', key: 'common:nav.start' },
    { to: '/provider/charge', key: 'common:nav.charge' },
    { to: '/provider/charges', key: 'common:nav.charges' },
    { to: '/provider/settlement', key: 'common:nav.settlement' },
    { to: '/provider/invoices', key: 'common:nav.invoices' },
    { to: '/provider/profile', key: 'common:nav.profile' },
  ],
  admin: [
    { to: '/admin', key: 'common:nav.start' },
    { to: '/admin/providers', key: 'common:nav.adminProviders' },
    { to: '/admin/services', key: 'common:nav.adminServices' },
    { to: '/admin/clients', key: 'common:nav.adminClients' },
    { to: '/admin/settlement', key: 'common:nav.settlement' },
    { to: '/admin/invoices', key: 'common:nav.invoices' },
    { to: '/messages', key: 'common:nav.messages' },
  ],
};
