// The audit log, read-only: who did what and when, filtered with a plain GET form.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { Pagination } from '../../components/Pagination';
import { requireUser } from '../../auth/guards.server';
import { Field, Select } from '../../components/forms';
import { AUDIT_CATEGORY_NAMES, auditEntries, auditFilterFrom } from '../../domain/auditViewer.server';
import { formatDateTime } from '../../i18n/format';
import { useT } from '../../i18n/i18n';

export const handle = { title: 'backoffice:audit.title' };

export function loader({ request }: LoaderFunctionArgs) {
  requireUser(request, ['admin']);
  const filter = auditFilterFrom(new URL(request.url));
  return { filter, ...auditEntries(filter) };
}

function pageHref(filter: ReturnType<typeof auditFilterFrom>, cursor: { before: number } | { after: number }): string {
  const query = new URLSearchParams();
  if (filter.category) query.set('category', filter.category);
  if (filter.actorEmail) query.set('actor', filter.actorEmail);
  if (filter.clientId !== null) query.set('client', String(filter.clientId));
  if (filter.from) query.set('from', filter.from);
  if (filter.to) query.set('to', filter.to);
  if ('before' in cursor) query.set('before', String(cursor.before));
  else query.set('after', String(cursor.after));
  return `/admin/audit?${query.toString()}`;
}

export default function AuditLog() {
  const { t, lang } = useT();
  const { filter, rows, newerAfter, olderBefore } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t('backoffice:audit.title')}</h1>
      <p className="lead">{t('backoffice:audit.lead')}</p>
      <form method="get" action="/admin/audit" className="filter-form" aria-label={t('backoffice:audit.filter')}>
        <Select
          name="category"
          label={t('backoffice:audit.category')}
          defaultValue={filter.category ?? ''}
          options={[{ value: '', label: t('backoffice:audit.allCategories') }, ...AUDIT_CATEGORY_NAMES.map((name) => ({ value: name, label: t(`backoffice:audit.categories.${name}`) }))]}
        />
        <Field name="actor" type="search" label={t('backoffice:audit.actor')} hint={t('backoffice:audit.actorHint')} defaultValue={filter.actorEmail} autoComplete="off" />
        <Field name="client" inputMode="numeric" className="input input--short" label={t('backoffice:audit.client')} hint={t('backoffice:audit.clientHint')} defaultValue={filter.clientId === null ? '' : String(filter.clientId)} autoComplete="off" />
        <Field name="from" type="date" className="input input--short" label={t('backoffice:audit.from')} defaultValue={filter.from ?? ''} />
        <Field name="to" type="date" className="input input--short" label={t('backoffice:audit.to')} defaultValue={filter.to ?? ''} />
        <button type="submit" className="button button--secondary">
          {t('backoffice:audit.apply')}
        </button>
      </form>
      <p role="status">{t('backoffice:audit.shown', { count: rows.length })}</p>
      <div className="table-wrap" role="region" aria-labelledby="audit-caption" tabIndex={0}>
        <table>
          <caption id="audit-caption">{t('backoffice:audit.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('backoffice:audit.when')}</th>
              <th scope="col">{t('backoffice:audit.who')}</th>
              <th scope="col">{t('backoffice:audit.what')}</th>
              <th scope="col">{t('backoffice:audit.subject')}</th>
              <th scope="col">{t('backoffice:audit.details')}</th>
              <th scope="col">{t('backoffice:audit.ip')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td className="nowrap">{formatDateTime(row.createdAt, lang)}</td>
                <td>
                  {row.actorEmail ? (
                    <>
                      {row.actorFirstName} {row.actorLastName}
                      <br />
                      <span className="hint">
                        {row.actorEmail}{row.actorRole ? `, ${t(`backoffice:roles.${row.actorRole}`)}` : ''}
                      </span>
                    </>
                  ) : (
                    t('backoffice:audit.nobody')
                  )}
                </td>
                <th scope="row">
                  <code>{row.action}</code>
                </th>
                <td>{row.subjectType ? `${row.subjectType} ${row.subjectId ?? ''}` : ''}</td>
                <td>
                  <code className="multiline">{row.details}</code>
                </td>
                <td>{row.ip}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination
        label={t('backoffice:audit.pages')}
        previousHref={newerAfter !== null ? pageHref(filter, { after: newerAfter }) : null}
        nextHref={olderBefore !== null ? pageHref(filter, { before: olderBefore }) : null}
        previousText={t('backoffice:audit.newer')}
        nextText={t('backoffice:audit.older')}
      />
    </>
  );
}
