// One approved provider: every service with its price today, areas, languages, contact details,
// description and accessibility in the reader's language. Pending and suspended providers are 404.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { getSessionUser } from '../../auth/session.server';
import { parseId } from '../../auth/guards.server';
import { approvedProvider, budgetUnitsAt, remainingForUser } from '../../domain/catalogue.server';
import { AreaList, BudgetUnitsText, LanguageList, PriceText } from '../../components/catalogue';
import { localName } from '../../i18n/localName';
import { formatDate } from '../../i18n/format';
import { useT } from '../../i18n/i18n';
import { fail } from '../../utils/http.server';

export function loader({ request, params }: LoaderFunctionArgs) {
  const provider = approvedProvider(parseId(params.id));
  if (!provider) fail(404);
  const budgetUnits = budgetUnitsAt(provider.offerings, remainingForUser(getSessionUser(request)));
  return { provider, budgetUnits, pageTitle: provider.name };
}

/**
 * A provider's text in the reader's language, or else in the other one. A fallback carries the
 * language it is written in, so a screen reader reads it with the right voice.
 */
function inLanguage(fi: string, sv: string, lang: string): { text: string; lang?: 'fi' | 'sv' } {
  const [own, other, otherLang] = lang === 'sv' ? [sv, fi, 'fi' as const] : [fi, sv, 'sv' as const];
  if (own) return { text: own };
  return other ? { text: other, lang: otherLang } : { text: '' };
}

export default function ProviderPage() {
  const { t, lang } = useT();
  const { provider, budgetUnits } = useLoaderData<typeof loader>();
  const description = inLanguage(provider.descriptionFi, provider.descriptionSv, lang);
  const accessibility = inLanguage(provider.accessibilityFi, provider.accessibilitySv, lang);
  return (
    <>
      <p>
        <Link to="/providers">{t('catalogue:backToSearch')}</Link>
      </p>
      <h1>{provider.name}</h1>
      {description.text ? (
        <p className="lead multiline" lang={description.lang}>
          {description.text}
        </p>
      ) : null}
      {budgetUnits.length > 0 ? (
        <div className="notice">
          <h2 className="notice-title">{t('catalogue:budget.title')}</h2>
          <ul className="plain-list">
            {budgetUnits.map((item) => (
              <li key={item.serviceId}>
                <BudgetUnitsText item={item} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="table-wrap" role="region" aria-labelledby="offerings-caption" tabIndex={0}>
        <table>
          <caption id="offerings-caption">{t('catalogue:provider.offeringsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('catalogue:provider.service')}</th>
              <th scope="col" className="numeric">
                {t('catalogue:provider.price')}
              </th>
            </tr>
          </thead>
          <tbody>
            {provider.offerings.map((offering) => (
              <tr key={offering.serviceId}>
                <th scope="row">{localName(offering, lang)}</th>
                <td className="numeric">
                  <PriceText priceCents={offering.priceCents} unit={offering.unit} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('catalogue:provider.detailsTitle')}</h2>
      <dl className="summary-list">
        <div>
          <dt>{t('catalogue:provider.areas')}</dt>
          <dd>
            <AreaList areas={provider.municipalities} />
          </dd>
        </div>
        <div>
          <dt>{t('catalogue:provider.languages')}</dt>
          <dd>
            <LanguageList languages={provider.languages} />
          </dd>
        </div>
        <div>
          <dt>{t('catalogue:provider.accessibility')}</dt>
          {accessibility.text ? (
            <dd className="multiline" lang={accessibility.lang}>
              {accessibility.text}
            </dd>
          ) : (
            <dd>{t('catalogue:provider.notGiven')}</dd>
          )}
        </div>
        <div>
          <dt>{t('catalogue:provider.approvedAt')}</dt>
          <dd>{provider.approvedAt ? formatDate(provider.approvedAt, lang) : t('catalogue:provider.notGiven')}</dd>
        </div>
      </dl>
      <h2>{t('catalogue:provider.contactTitle')}</h2>
      <dl className="summary-list">
        <div>
          <dt>{t('catalogue:provider.contactName')}</dt>
          <dd>{provider.contactName}</dd>
        </div>
        {provider.phone ? (
          <div>
            <dt>{t('catalogue:provider.phone')}</dt>
            <dd>
              <a href={`tel:${provider.phone}`}>{provider.phone}</a>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t('catalogue:provider.email')}</dt>
          <dd>
            <a href={`mailto:${provider.email}`}>{provider.email}</a>
          </dd>
        </div>
        {provider.streetAddress ? (
          <div>
            <dt>{t('catalogue:provider.address')}</dt>
            <dd>{provider.streetAddress}</dd>
          </div>
        ) : null}
        {provider.website && /^https?:\/\//.test(provider.website) ? (
          <div>
            <dt>{t('catalogue:provider.website')}</dt>
            <dd>
              <a href={provider.website} rel="noopener noreferrer">
                {provider.website}
              </a>
            </dd>
          </div>
        ) : null}
      </dl>
    </>
  );
}
