// Every namespace of both languages. A test checks that fi and sv have the same keys.
import fiCommon from '../../locales/fi/common.json';
import svCommon from '../../locales/sv/common.json';
import fiAuth from '../../locales/fi/auth.json';
import svAuth from '../../locales/sv/auth.json';
import fiPages from '../../locales/fi/pages.json';
import svPages from '../../locales/sv/pages.json';
import fiCharge from '../../locales/fi/charge.json';
import svCharge from '../../locales/sv/charge.json';

export const resources = {
  fi: { common: fiCommon, auth: fiAuth, pages: fiPages, charge: fiCharge },
  sv: { common: svCommon, auth: svAuth, pages: svPages, charge: svCharge },
} as const;

export const namespaces = Object.keys(resources.fi) as (keyof (typeof resources)['fi'])[];
