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
import fiMydata from '../../locales/fi/mydata.json';
import svMydata from '../../locales/sv/mydata.json';

// Plain-language versions of the client-facing texts (app/i18n/plainLanguage.ts says which keys).
import fiPlainCommon from '../../locales/fi-x-selko/common.json';
import svPlainCommon from '../../locales/sv-x-ll/common.json';
import fiPlainAuth from '../../locales/fi-x-selko/auth.json';
import svPlainAuth from '../../locales/sv-x-ll/auth.json';
import fiPlainPages from '../../locales/fi-x-selko/pages.json';
import svPlainPages from '../../locales/sv-x-ll/pages.json';
import fiPlainBudget from '../../locales/fi-x-selko/budget.json';
import svPlainBudget from '../../locales/sv-x-ll/budget.json';
import fiPlainCatalogue from '../../locales/fi-x-selko/catalogue.json';
import svPlainCatalogue from '../../locales/sv-x-ll/catalogue.json';
import fiPlainMessages from '../../locales/fi-x-selko/messages.json';
import svPlainMessages from '../../locales/sv-x-ll/messages.json';
import fiPlainBackoffice from '../../locales/fi-x-selko/backoffice.json';
import svPlainBackoffice from '../../locales/sv-x-ll/backoffice.json';
import fiPlainMydata from '../../locales/fi-x-selko/mydata.json';
import svPlainMydata from '../../locales/sv-x-ll/mydata.json';
import fiPlainNotifications from '../../locales/fi-x-selko/notifications.json';
import svPlainNotifications from '../../locales/sv-x-ll/notifications.json';

/** i18next language codes of the plain-language versions; `<html lang>` stays fi / sv. */
export const PLAIN_LANGUAGE = { fi: 'fi-x-selko', sv: 'sv-x-ll' } as const;

const fi = { common: fiCommon, auth: fiAuth, pages: fiPages, charge: fiCharge, budget: fiBudget, provider: fiProvider, catalogue: fiCatalogue, messages: fiMessages, backoffice: fiBackoffice, invoicing: fiInvoicing, mydata: fiMydata, notifications: fiNotifications };

/** The shape of a Finnish namespace with every text a string: what the Swedish one must fill. */
export type Translation<Finnish> = { [K in keyof Finnish]: Finnish[K] extends string ? string : Translation<Finnish[K]> };

// Typed against the Finnish resources: a key missing or misspelt in Swedish fails `tsc`.
const sv: Translation<typeof fi> = { common: svCommon, auth: svAuth, pages: svPages, charge: svCharge, budget: svBudget, provider: svProvider, catalogue: svCatalogue, messages: svMessages, backoffice: svBackoffice, invoicing: svInvoicing, mydata: svMydata, notifications: svNotifications };

/** The shape of a plain-language namespace: some of the standard keys, each text a string. */
export type PlainTranslation<Standard> = { [K in keyof Standard]?: Standard[K] extends string ? string : PlainTranslation<Standard[K]> };

// Typed against the standard resources: a plain-language key that the standard texts lack fails `tsc`
// where tsc can tell; test/unit/plain-language.test.ts checks every key.
const fiPlain: PlainTranslation<typeof fi> = { common: fiPlainCommon, auth: fiPlainAuth, pages: fiPlainPages, budget: fiPlainBudget, catalogue: fiPlainCatalogue, messages: fiPlainMessages, backoffice: fiPlainBackoffice, mydata: fiPlainMydata, notifications: fiPlainNotifications };
const svPlain: PlainTranslation<typeof sv> = { common: svPlainCommon, auth: svPlainAuth, pages: svPlainPages, budget: svPlainBudget, catalogue: svPlainCatalogue, messages: svPlainMessages, backoffice: svPlainBackoffice, mydata: svPlainMydata, notifications: svPlainNotifications };

export const resources = { fi, sv, 'fi-x-selko': fiPlain, 'sv-x-ll': svPlain } as const;

export type Namespace = keyof (typeof resources)['fi'];
export const namespaces = Object.keys(resources.fi) as Namespace[];
