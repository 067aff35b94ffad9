// Every namespace of both languages. A test checks that fi and sv have the same keys.
import fiCommon from '../../locales/fi/common.json';
import svCommon from '../../locales/sv/common.json';
import fiAuth from '../../locales/fi/auth.json';
import svAuth from '../../locales/sv/auth.json';
import fiPages from '../../locales/fi/pages.json';
import svPages from '../../locales/sv/pages.json';
import fiCharge from '../../locales/fi/charge.json';
import svCharge from '../../locales/sv/charge.json';
import fiBudget from '../../locales/fi/budget.json';
import svBudget from '../../locales/sv/budget.json';
import fiProvider from '../../locales/fi/provider.json';
import svProvider from '../../locales/sv/provider.json';
import fiCatalogue from '../../locales/fi/catalogue.json';
import svCatalogue from '../../locales/sv/catalogue.json';
import fiMessages from '../../locales/fi/messages.json';
import svMessages from '../../locales/sv/messages.json';
import fiBackoffice from '../../locales/fi/backoffice.json';
import svBackoffice from '../../locales/sv/backoffice.json';
import fiNotifications from '../../locales/fi/notifications.json';
import svNotifications from '../../locales/sv/notifications.json';

export const resources = {
  fi: { common: fiCommon, auth: fiAuth, pages: fiPages, charge: fiCharge, budget: fiBudget, provider: fiProvider, catalogue: fiCatalogue, messages: fiMessages, backoffice: fiBackoffice, notifications: fiNotifications },
  sv: { common: svCommon, auth: svAuth, pages: svPages, charge: svCharge, budget: svBudget, provider: svProvider, catalogue: svCatalogue, messages: svMessages, backoffice: svBackoffice, notifications: svNotifications },
} as const;

export const namespaces = Object.keys(resources.fi) as (keyof (typeof resources)['fi'])[];
