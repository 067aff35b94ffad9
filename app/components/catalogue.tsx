// Pieces shared by the catalogue pages: service names, areas, languages and the budget-units text.
import { formatEuros } from '../domain/money';
import { useT } from '../i18n/i18n';
import { ChoiceGroup } from './forms';
import { localName } from '../i18n/localName';
import type { ServiceUnit } from '../../db/schema';
import { SERVICE_LANGUAGES } from '../../db/schema';
import { isOneOf } from '../utils/oneOf';

export type QueryValues = { service: string; municipality: string; language: string; maxPrice: string; q: string; sort: string };

/** The URL of a search with only the fields that are set, so shared links stay short. */
export function catalogueHref(values: Partial<QueryValues>, page = 1): string {
  const params = new URLSearchParams();
  for (const name of ['service', 'municipality', 'language', 'maxPrice', 'q', 'sort'] as const) {
    const value = values[name];
    if (value) params.set(name, value);
  }
  if (page > 1) params.set('page', String(page));
  const search = params.toString();
  return search ? `/providers?${search}` : '/providers';
}

export function AreaList({ areas }: { areas: { code: string; nameFi: string; nameSv: string }[] }) {
  const { lang } = useT();
  return <>{areas.map((area) => localName(area, lang)).join(', ')}</>;
}

export function LanguageList({ languages }: { languages: string[] }) {
  const { t } = useT();
  const known = languages.filter((language) => isOneOf(SERVICE_LANGUAGES, language));
  return <>{known.map((language) => t(`common:languages.${language}`)).join(', ')}</>;
}

export function PriceText({ priceCents, unit }: { priceCents: number; unit: ServiceUnit }) {
  const { t, lang } = useT();
  return (
    <>
      {formatEuros(priceCents, lang)} / {t(`common:units.${unit}`)}
    </>
  );
}

export type BudgetUnitsView = { serviceId: number; nameFi: string; nameSv: string; unit: ServiceUnit; remainingCents: number; units: number };

/** "Siivous: jäljellä 300,00 €, riittää 7 tuntiin" for each budget service the provider offers. */
export function BudgetUnitsText({ item }: { item: BudgetUnitsView }) {
  const { t, lang } = useT();
  return (
    <>
      {t('catalogue:budget.units', {
        service: localName(item, lang),
        remaining: formatEuros(item.remainingCents, lang),
        quantity: t(`budget:quantity.${item.unit}`, { count: item.units, amount: String(item.units) }),
      })}
    </>
  );
}

/** The areas a provider serves and its languages of service, as two checkbox groups. */
export function AreaAndLanguageChoices({
  municipalities,
  errors,
  checked,
}: {
  municipalities: { code: string; nameFi: string; nameSv: string }[];
  errors: Record<string, string | undefined>;
  checked: Record<string, string[] | undefined>;
}) {
  const { t, lang } = useT();
  return (
    <>
      <ChoiceGroup
        name="municipalities"
        type="checkbox"
        legend={t('catalogue:profile.areas')}
        error={errors.municipalities}
        checked={checked.municipalities ?? []}
        choices={municipalities.map((m) => ({ value: m.code, label: localName(m, lang) }))}
      />
      <ChoiceGroup
        name="languages"
        type="checkbox"
        legend={t('catalogue:profile.languages')}
        error={errors.languages}
        checked={checked.languages ?? []}
        choices={(['fi', 'sv', 'en'] as const).map((code) => ({ value: code, label: t(`common:languages.${code}`) }))}
      />
    </>
  );
}
