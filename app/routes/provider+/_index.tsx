import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireProviderStaff } from '../../auth/guards.server';
import { offeringHistory } from '../../domain/ledger.server';
import { useT } from '../../i18n/i18n';
import { formatDate } from '../../i18n/format';
import { formatEuros } from '../../domain/money';
import { localName } from '../../i18n/localName';

export const handle = { title: 'pages:provider.title' };

export function loader({ request }: LoaderFunctionArgs) {
  const { user, provider } = requireProviderStaff(request);
  return { firstName: user.firstName, provider, offerings: offeringHistory(provider.id) };
}

export default function ProviderStart() {
  const { t, lang } = useT();
  const { firstName, provider, offerings } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t('pages:greeting', { name: firstName })}</h1>
      <p className="lead">{t('pages:provider.lead', { provider: provider.name })}</p>
      <dl className="summary-list">
        <div>
          <dt>{t('pages:provider.businessId')}</dt>
          <dd>{provider.businessId}</dd>
        </div>
        <div>
          <dt>{t('pages:provider.status')}</dt>
          <dd>{t(`pages:provider.statuses.${provider.status}`)}</dd>
        </div>
      </dl>
      <div className="table-wrap" role="region" aria-labelledby="offerings-caption" tabIndex={0}>
        <table>
          <caption id="offerings-caption">{t('pages:provider.offeringsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('pages:provider.service')}</th>
              <th scope="col" className="numeric">
                {t('pages:provider.price')}
              </th>
              <th scope="col">{t('pages:provider.validFrom')}</th>
            </tr>
          </thead>
          <tbody>
            {offerings.map((offering) => (
              <tr key={`${offering.serviceId}-${offering.validFrom}`}>
                <th scope="row">{localName(offering, lang)}</th>
                <td className="numeric">
                  {formatEuros(offering.priceCents, lang)} / {t(`common:units.${offering.unit}`)}
                </td>
                <td>{formatDate(offering.validFrom, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <Link className="button" to="/provider/charge">
          {t('pages:provider.coming.charge')}
        </Link>
      </p>
      <h2>{t('pages:comingTitle')}</h2>
      <ul className="plain-list">
        <li>
          <Link to="/provider/charges">{t('pages:provider.coming.charges')}</Link>
        </li>
        <li>
          <Link to="/provider/settlement">{t('pages:provider.coming.settlement')}</Link>
        </li>
        <li>
          <Link to="/provider/profile">{t('pages:provider.coming.profile')}</Link>
        </li>
      </ul>
    </>
  );
}
