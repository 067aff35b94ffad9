import type { LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireProviderStaff } from '../../auth/guards.server';
import { DisputedTag } from '../../components/disputes';
import { ErrorSummary, Select } from '../../components/forms';
import { helsinkiMonth } from '../../domain/months';
import { offeringHistory } from '../../domain/ledger.server';
import { monthFromQuery, providerLedger, type ProviderLedger } from '../../domain/settlement.server';
import { formatDateTime, formatHundredths, formatMonth } from '../../i18n/format';
import { formatEuros } from '../../domain/money';
import { MonthNav } from '../../components/MonthNav';
import { Pagination } from '../../components/Pagination';
import { requestedPage } from '../../domain/paging';
import { useT } from '../../i18n/i18n';
import type { FieldErrors } from '../../utils/forms.server';
import { localName } from '../../i18n/localName';

export const handle = { title: 'provider:charges.title' };

export function loader({ request }: LoaderFunctionArgs) {
  const { provider } = requireProviderStaff(request);
  const url = new URL(request.url);
  const currentMonth = helsinkiMonth();
  const month = monthFromQuery(url);
  // Every service the provider has offered, retired ones too: old months may hold them.
  const services = [...new Map(offeringHistory(provider.id).map((o) => [o.serviceId, { id: o.serviceId, nameFi: o.nameFi, nameSv: o.nameSv }])).values()];
  const service = url.searchParams.get('service') ?? '';
  const errors: FieldErrors = {};
  if (!month) errors.form = 'provider:month.bad';
  if (service !== '' && !services.some((s) => String(s.id) === service)) errors.service = 'provider:charges.badService';
  const ok = Object.keys(errors).length === 0;
  const ledger = ok && month ? providerLedger(provider.id, month, service === '' ? null : Number(service), undefined, requestedPage(url)) : null;
  return data({ month, currentMonth, services, service, errors, ledger }, { status: ok ? 200 : 400 });
}

function monthLink(month: string, service: string) {
  return `/provider/charges?month=${month}${service ? `&service=${encodeURIComponent(service)}` : ''}`;
}

export default function Charges() {
  const { t, lang } = useT();
  const { month, currentMonth, services, service, errors, ledger } = useLoaderData<typeof loader>();
  const serviceName = (s: { nameFi: string; nameSv: string }) => localName(s, lang);
  if (!month) {
    return (
      <div className="narrow">
        <ErrorSummary errors={errors} />
        <h1>{t('provider:charges.title')}</h1>
        <p>
          <Link to="/provider/charges">{t('provider:month.toCurrent')}</Link>
        </p>
      </div>
    );
  }
  const monthName = formatMonth(month, lang);
  const options = [
    { value: '', label: t('provider:charges.allServices') },
    ...services
      .map((s) => ({ value: String(s.id), label: serviceName(s) }))
      .sort((a, b) => a.label.localeCompare(b.label, lang)),
  ];
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>{t('provider:charges.heading', { month: monthName })}</h1>
      <p className="lead">{t('provider:charges.lead')}</p>
      <MonthNav month={month} currentMonth={currentMonth} href={(m) => monthLink(m, service)} />
      <form method="get" action="/provider/charges" className="filter-form">
        <input type="hidden" name="month" value={month} />
        <Select name="service" label={t('provider:charges.filterTitle')} options={options} defaultValue={service} error={errors.service} />
        <button type="submit" className="button button--secondary">
          {t('provider:charges.show')}
        </button>
      </form>
      {ledger ? <LedgerTable ledger={ledger} monthName={monthName} /> : null}
      {month === currentMonth ? <p>{t('provider:month.inProgress')}</p> : null}
      <ul className="plain-list">
        <li>
          <Link to={`/provider/settlement?month=${month}`}>{t('provider:charges.settlementLink')}</Link>
        </li>
        <li>
          <Link to="/provider/charge">{t('provider:charges.newCharge')}</Link>
        </li>
      </ul>
    </>
  );
}

function LedgerTable({ ledger, monthName }: { ledger: ProviderLedger; monthName: string }) {
  const { t, lang } = useT();
  if (ledger.rows.length === 0) return <p className="notice">{t('provider:charges.empty')}</p>;
  return (
    <>
      <div className="table-wrap" role="region" aria-labelledby="charges-caption" tabIndex={0}>
        <table className="ledger-table">
          <caption id="charges-caption">{t('provider:charges.caption', { month: monthName })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('provider:charges.time')}</th>
              <th scope="col">{t('provider:charges.receipt')}</th>
              <th scope="col">{t('provider:charges.client')}</th>
              <th scope="col">{t('provider:charges.service')}</th>
              <th scope="col" className="numeric">
                {t('provider:charges.quantity')}
              </th>
              <th scope="col" className="numeric">
                {t('provider:charges.amount')}
              </th>
              <th scope="col">{t('provider:charges.kind')}</th>
              <th scope="col">{t('provider:charges.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {ledger.rows.map((row) => (
              <tr key={row.receiptNumber}>
                <td>{formatDateTime(row.createdAt, lang)}</td>
                <th scope="row">
                  <Link to={`/provider/receipts/${row.receiptNumber}`}>{row.receiptNumber}</Link>
                </th>
                <td>{row.clientName}</td>
                <td>{localName(row, lang, 'serviceName')}</td>
                <td className="numeric">
                  {t(`budget:quantity.${row.unit}`, { count: row.quantityHundredths / 100, amount: formatHundredths(row.quantityHundredths, lang) })}
                </td>
                <td className="numeric">{formatEuros(row.kind === 'refund' ? -row.amountCents : row.amountCents, lang)}</td>
                <td>
                  {t(`provider:charges.kinds.${row.kind}`)}
                  {row.disputeStatus === 'open' ? (
                    <>
                      {' '}
                      <DisputedTag />
                    </>
                  ) : null}
                </td>
                <td>
                  {row.refundable ? (
                    <Link to={`/provider/refund/${row.receiptNumber}`}>
                      {t('provider:charges.refund')}
                      <span className="visually-hidden"> {t('provider:charges.refundHidden', { receipt: row.receiptNumber })}</span>
                    </Link>
                  ) : row.refundReceipt ? (
                    t('provider:charges.refunded')
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination label={t('provider:charges.pages')} page={ledger.page.page} pageCount={ledger.page.pageCount} />
      <h2>{t('provider:charges.totalsTitle')}</h2>
      <dl className="summary-list">
        <div>
          <dt>{t('provider:charges.chargeCount')}</dt>
          <dd>{ledger.chargeCount}</dd>
        </div>
        <div>
          <dt>{t('provider:charges.charges')}</dt>
          <dd>{formatEuros(ledger.chargesCents, lang)}</dd>
        </div>
        <div>
          <dt>{t('provider:charges.refunds')}</dt>
          <dd>{formatEuros(ledger.refundsCents, lang)}</dd>
        </div>
        <div>
          <dt>{t('provider:charges.net')}</dt>
          <dd>
            <strong>{formatEuros(ledger.netCents, lang)}</strong>
          </dd>
        </div>
      </dl>
    </>
  );
}
