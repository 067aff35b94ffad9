// The administrator's view of providers: the queue of pending applications (oldest first), the
// suspended ones, and the approved and rejected ones with a name search. Decisions are made on
// each provider's own page.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireUser } from '../../auth/guards.server';
import { Field } from '../../components/forms';
import { providersInStatus, type ProviderListRow } from '../../domain/providerApproval.server';
import { formatDate } from '../../i18n/format';
import { useT } from '../../i18n/i18n';

export const handle = { title: 'catalogue:admin.title' };

const LIST_LIMIT = 50;

export function loader({ request }: LoaderFunctionArgs) {
  requireUser(request, ['admin']);
  const text = (new URL(request.url).searchParams.get('q') ?? '').trim().slice(0, 100);
  return {
    text,
    pending: providersInStatus('pending'),
    suspended: providersInStatus('suspended'),
    approved: providersInStatus('approved', { text, limit: LIST_LIMIT }),
    rejected: providersInStatus('rejected', { text, limit: LIST_LIMIT }),
  };
}

function ProviderTable({ id, caption, rows, date }: { id: string; caption: string; rows: ProviderListRow[]; date: 'createdAt' | 'approvedAt' }) {
  const { t, lang } = useT();
  return (
    <div className="table-wrap" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
      <table id={id}>
        <caption id={`${id}-caption`}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('catalogue:admin.name')}</th>
            <th scope="col">{t('catalogue:admin.businessId')}</th>
            <th scope="col">{t(date === 'createdAt' ? 'catalogue:admin.receivedAt' : 'catalogue:admin.approvedAt')}</th>
            <th scope="col">{t('catalogue:admin.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <th scope="row">
                <Link to={`/admin/providers/${row.id}`}>{row.name}</Link>
              </th>
              <td className="nowrap">{row.businessId}</td>
              <td className="nowrap">{row[date] ? formatDate(row[date]!, lang) : '–'}</td>
              <td>{row.statusReason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function AdminProviders() {
  const { t } = useT();
  const { text, pending, suspended, approved, rejected } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t('catalogue:admin.title')}</h1>
      <h2>{t('catalogue:admin.pendingTitle', { count: pending.total })}</h2>
      {pending.total === 0 ? (
        <p>{t('catalogue:admin.pendingNone')}</p>
      ) : (
        <ProviderTable id="pending" caption={t('catalogue:admin.pendingCaption')} rows={pending.rows} date="createdAt" />
      )}
      <h2>{t('catalogue:admin.suspendedTitle', { count: suspended.total })}</h2>
      {suspended.total === 0 ? (
        <p>{t('catalogue:admin.suspendedNone')}</p>
      ) : (
        <ProviderTable id="suspended" caption={t('catalogue:admin.suspendedCaption')} rows={suspended.rows} date="approvedAt" />
      )}
      <h2>{t('catalogue:admin.approvedTitle', { count: approved.total })}</h2>
      <form method="get" action="/admin/providers" className="filter-form" role="search" aria-label={t('catalogue:admin.searchLabel')}>
        <Field name="q" type="search" maxLength={100} label={t('catalogue:admin.search')} defaultValue={text} />
        <button type="submit" className="button">
          {t('catalogue:filters.submit')}
        </button>
      </form>
      {approved.total > approved.rows.length ? <p>{t('catalogue:admin.showingFirst', { shown: approved.rows.length, total: approved.total })}</p> : null}
      {approved.rows.length === 0 ? (
        <p>{t('catalogue:admin.noneFound')}</p>
      ) : (
        <ProviderTable id="approved" caption={t('catalogue:admin.approvedCaption')} rows={approved.rows} date="approvedAt" />
      )}
      {rejected.rows.length > 0 ? (
        <>
          <h2>{t('catalogue:admin.rejectedTitle', { count: rejected.total })}</h2>
          <ProviderTable id="rejected" caption={t('catalogue:admin.rejectedCaption')} rows={rejected.rows} date="createdAt" />
        </>
      ) : null}
    </>
  );
}
