// The region's settlement for a month across all providers, with the invoiced mark per provider.
// A month is marked invoiced when the region accepts the provider's e-invoice (/admin/invoices).
import type { LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useLoaderData, useLocation } from '@remix-run/react';
import { requireUser } from '../../auth/guards.server';
import { ErrorSummary } from '../../components/forms';
import { OpenDisputesList } from '../../components/disputes';
import { openDisputesInMonth } from '../../domain/disputes.server';
import { regionSettlementPage, type ProviderSettlement } from '../../domain/adminSettlement.server';
import { requestedPage } from '../../domain/paging';
import { hrefWith, Pagination } from '../../components/Pagination';
import { helsinkiMonth } from '../../domain/months';
import { monthFromQuery } from '../../domain/settlement.server';
import { formatDateTime, formatMonth } from '../../i18n/format';
import { formatEuros } from '../../domain/money';
import { SettlementTable } from '../../components/SettlementTable';
import { MonthNav } from '../../components/MonthNav';
import { useT } from '../../i18n/i18n';
import type { FieldErrors } from '../../utils/forms.server';

export const handle = { title: 'backoffice:settlement.title' };

export function loader({ request }: LoaderFunctionArgs) {
  requireUser(request, ['admin']);
  const url = new URL(request.url);
  const month = monthFromQuery(url);
  const currentMonth = helsinkiMonth();
  if (!month || month > currentMonth) {
    return data({ month: null, currentMonth, settlement: null, disputes: [], errors: { form: 'provider:month.bad' } as FieldErrors }, { status: 400 });
  }
  return { month, currentMonth, settlement: regionSettlementPage(month, requestedPage(url)), disputes: openDisputesInMonth(month), errors: {} as FieldErrors };
}

export default function AdminSettlement() {
  const { t, lang } = useT();
  const location = useLocation();
  const { month, currentMonth, settlement, disputes, errors } = useLoaderData<typeof loader>();
  if (!month || !settlement) {
    return (
      <div className="narrow">
        <ErrorSummary errors={errors} />
        <h1>{t('backoffice:settlement.title')}</h1>
        <p>
          <Link to="/admin/settlement">{t('provider:month.toCurrent')}</Link>
        </p>
      </div>
    );
  }
  const monthName = formatMonth(month, lang);
  const money = (cents: number) => formatEuros(cents, lang);
  return (
    <>
      <h1>{t('backoffice:settlement.heading', { month: monthName })}</h1>
      <p className="lead">{t('backoffice:settlement.lead')}</p>
      <MonthNav month={month} currentMonth={currentMonth} href={(m) => `/admin/settlement?month=${m}`} />
      {month === currentMonth ? (
        <div className="notice">
          <p>{t('backoffice:settlement.inProgress')}</p>
        </div>
      ) : null}
      <p>
        <a href={`/admin/settlement.csv?month=${month}`} className="button button--secondary" download>
          {t('backoffice:settlement.download')}
        </a>
      </p>
      <p>
        <Link to={`/admin/invoices?month=${month}`}>{t('backoffice:settlement.toInvoices', { month: monthName })}</Link>
      </p>
      <OpenDisputesList disputes={disputes} title={t('notifications:admin.openTitle')} intro={t('notifications:admin.openIntro')} none={t('notifications:admin.openNone')} showProvider />
      {settlement.mismatches.length > 0 ? (
        <div className="notice">
          <p>{t('backoffice:settlement.mismatches')}</p>
          <ul>
            {settlement.mismatches.map((mismatch) => (
              <li key={mismatch.providerId}>
                <Link to={`${hrefWith(location.pathname, location.search, { page: mismatch.page > 1 ? String(mismatch.page) : null })}#provider-${mismatch.providerId}`}>{mismatch.providerName}</Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {settlement.providers.length === 0 ? <p className="notice">{t('backoffice:settlement.empty')}</p> : null}
      {settlement.page.pageCount > 1 ? (
        <p>
          {t('backoffice:settlement.shown', {
            from: (settlement.page.page - 1) * settlement.page.pageSize + 1,
            to: (settlement.page.page - 1) * settlement.page.pageSize + settlement.providers.length,
            total: settlement.page.total,
          })}
        </p>
      ) : null}
      {settlement.providers.map((provider) => (
        <ProviderSection key={provider.providerId} provider={provider} />
      ))}
      <Pagination label={t('backoffice:settlement.pages')} page={settlement.page.page} pageCount={settlement.page.pageCount} />
      {settlement.providers.length > 0 ? (
        <section className="card" aria-labelledby="region-total">
          <h2 id="region-total">{t('backoffice:settlement.regionTotal')}</h2>
          <dl className="summary-list">
            <div>
              <dt>{t('provider:settlement.chargeCount')}</dt>
              <dd>{settlement.total.chargeCount}</dd>
            </div>
            <div>
              <dt>{t('provider:settlement.charges')}</dt>
              <dd>{money(settlement.total.chargesCents)}</dd>
            </div>
            <div>
              <dt>{t('provider:settlement.refunds')}</dt>
              <dd>{money(settlement.total.refundsCents)}</dd>
            </div>
            <div>
              <dt>{t('provider:settlement.net')}</dt>
              <dd>
                <strong>{money(settlement.total.netCents)}</strong>
              </dd>
            </div>
          </dl>
        </section>
      ) : null}
    </>
  );
}

function ProviderSection({ provider }: { provider: ProviderSettlement }) {
  const { t, lang } = useT();
  const money = (cents: number) => formatEuros(cents, lang);
  const id = `provider-${provider.providerId}`;
  const matches = provider.invoice ? provider.invoice.netCents === provider.total.netCents : true;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>
        {provider.providerName} <span className="hint">({provider.businessId})</span>
      </h2>
      <SettlementTable settlement={provider} caption={t('backoffice:settlement.caption', { provider: provider.providerName })} captionId={`${id}-caption`} />
      {provider.invoice ? (
        <p>
          <span className="tag">{t('backoffice:settlement.invoicedTag')}</span>
          {t('backoffice:settlement.invoicedBy', {
            when: formatDateTime(provider.invoice.invoicedAt, lang),
            name: provider.invoice.invoicedByName,
            amount: money(provider.invoice.netCents),
          })}
          {matches ? '' : ` ${t('backoffice:settlement.mismatch')}`}
        </p>
      ) : (
        <p>{t('backoffice:settlement.notInvoiced')}</p>
      )}
    </section>
  );
}
