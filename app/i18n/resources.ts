// Every namespace of both languages. The compiler checks that Swedish has every Finnish key; a
// test checks that neither has keys the other lacks.
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
import fiInvoicing from '../../locales/fi/invoicing.json';
import svInvoicing from '../../locales/sv/invoicing.json';
import fiNotifications from '../../locales/fi/notifications.json';
import svNotifications from '../../locales/sv/notifications.json';

const fi = { common: fiCommon, auth: fiAuth, pages: fiPages, charge: fiCharge, budget: fiBudget, provider: fiProvider, catalogue: fiCatalogue, messages: fiMessages, backoffice: fiBackoffice, invoicing: fiInvoicing, notifications: fiNotifications };

/** The shape of a Finnish namespace with every text a string: what the Swedish one must fill. */
export type Translation<Finnish> = { [K in keyof Finnish]: Finnish[K] extends string ? string : Translation<Finnish[K]> };

// Typed against the Finnish resources: a key missing or misspelt in Swedish fails `tsc`.
const sv: Translation<typeof fi> = { common: svCommon, auth: svAuth, pages: svPages, charge: svCharge, budget: svBudget, provider: svProvider, catalogue: svCatalogue, messages: svMessages, backoffice: svBackoffice, invoicing: svInvoicing, notifications: svNotifications };

export const resources = { fi, sv } as const;

export type Namespace = keyof (typeof resources)['fi'];
export const namespaces = Object.keys(resources.fi) as Namespace[];
