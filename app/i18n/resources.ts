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

/** i18next language codes of the plain-language versions; `<html lang>` stays fi / sv. */
export const PLAIN_LANGUAGE = { fi: 'fi-x-selko', sv: 'sv-x-ll' } as const;

export const resources = {
  fi: { common: fiCommon, auth: fiAuth, pages: fiPages, charge: fiCharge, budget: fiBudget, provider: fiProvider, catalogue: fiCatalogue, messages: fiMessages, backoffice: fiBackoffice },
  sv: { common: svCommon, auth: svAuth, pages: svPages, charge: svCharge, budget: svBudget, provider: svProvider, catalogue: svCatalogue, messages: svMessages, backoffice: svBackoffice },
  'fi-x-selko': {
    common: fiPlainCommon,
    auth: fiPlainAuth,
    pages: fiPlainPages,
    budget: fiPlainBudget,
    catalogue: fiPlainCatalogue,
    messages: fiPlainMessages,
    backoffice: fiPlainBackoffice,
  },
  'sv-x-ll': {
    common: svPlainCommon,
    auth: svPlainAuth,
    pages: svPlainPages,
    budget: svPlainBudget,
    catalogue: svPlainCatalogue,
    messages: svPlainMessages,
    backoffice: svPlainBackoffice,
  },
} as const;

export const namespaces = Object.keys(resources.fi) as (keyof (typeof resources)['fi'])[];
