import type { LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireProviderStaff } from '../../auth/guards.server';
import { OpenDisputesList } from '../../components/disputes';
import { disputesForProvider } from '../../domain/disputes.server';
import { ErrorSummary } from '../../components/forms';
import { helsinkiMonth } from '../../domain/months';
import { monthFromQuery, settlementFor } from '../../domain/settlement.server';
import { formatMonth } from '../../i18n/format';
import { SettlementTable } from '../../components/SettlementTable';
import { MonthNav } from '../../components/MonthNav';
import { useT } from '../../i18n/i18n';

export const handle = { title: 'provider:settlement.title' };

export function loader({ request }: LoaderFunctionArgs) {
  const { provider: own } = requireProviderStaff(request);
  const currentMonth = helsinkiMonth();
  const month = monthFromQuery(new URL(request.url));
  const provider = { name: own.name, businessId: own.businessId };
  if (!month) return data({ month, currentMonth, provider, settlement: null, disputes: [], errors: { form: 'provider:month.bad' } }, { status: 400 });
  return { month, currentMonth, provider, settlement: settlementFor(own.id, month), disputes: disputesForProvider(own.id, month), errors: {} };
}

export default function SettlementPage() {
  const { t, lang } = useT();
  const { month, currentMonth, provider, settlement, disputes, errors } = useLoaderData<typeof loader>();
  if (!month || !settlement) {
    return (
      <div className="narrow">
        <ErrorSummary errors={errors} />
        <h1>{t('provider:settlement.title')}</h1>
        <p>
          <Link to="/provider/settlement">{t('provider:month.toCurrent')}</Link>
        </p>
      </div>
    );
  }
  const monthName = formatMonth(month, lang);
  return (
    <>
      <h1>{t('provider:settlement.heading', { month: monthName })}</h1>
      <p className="lead">{t('provider:settlement.lead')}</p>
      <dl className="summary-list">
        <div>
          <dt>{t('provider:settlement.provider')}</dt>
          <dd>{provider.name}</dd>
        </div>
        <div>
          <dt>{t('provider:settlement.businessId')}</dt>
          <dd>{provider.businessId}</dd>
        </div>
      </dl>
      <MonthNav month={month} currentMonth={currentMonth} href={(m) => `/provider/settlement?month=${m}`} />
      {month === currentMonth ? (
        <div className="notice">
          <p>{t('provider:month.inProgress')}</p>
        </div>
      ) : null}
      {settlement.lines.length === 0 ? <p className="notice">{t('provider:settlement.empty')}</p> : <SettlementTable settlement={settlement} caption={t('provider:settlement.caption', { month: monthName })} captionId="settlement-caption" />}
      <OpenDisputesList disputes={disputes} title={t('notifications:provider.openTitle')} none={t('notifications:provider.openNone')} />
      <p className="hint">{t('provider:settlement.downloadHint')}</p>
      <p>
        {/* A resource route: a plain link, so the browser downloads the file. */}
        <a href={`/provider/settlement.csv?month=${month}`} className="button button--secondary" download>
          {t('provider:settlement.download')}
        </a>
      </p>
      <ul className="plain-list">
        <li>
          <Link to={`/provider/charges?month=${month}`}>{t('provider:receipt.ownCharges')}</Link>
        </li>
      </ul>
    </>
  );
}
