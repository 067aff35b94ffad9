// Who has looked at the client's data: the access log in plain words, newest first, 20 a page,
// filtered by month and by kind with a plain GET form. Reading it is itself logged.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { ACCESS_KINDS, type AccessKind } from '../../../db/schema';
import { requireActingFor } from '../../auth/guards.server';
import { AccessRowText } from '../../components/DataCopy';
import { myDataHref } from '../../components/MyData';
import { accessMonths, accessRowsFor, noteOwnDataRead } from '../../domain/accessLog.server';
import { isMonth } from '../../domain/months';
import { formatMonth } from '../../i18n/format';
import { getT, useT } from '../../i18n/i18n';
import { languageOf } from '../../i18n/language.server';
import { fail } from '../../utils/http.server';

export const handle = { title: 'mydata:access.title' };

function filterOf(url: URL) {
  const month = url.searchParams.get('month') || null;
  if (month !== null && !isMonth(month)) fail(400, 'badForm');
  const kindValue = url.searchParams.get('kind') || null;
  const kind = ACCESS_KINDS.find((k) => k === kindValue) ?? null;
  if (kindValue !== null && kind === null) fail(400, 'badForm');
  const pageValue = url.searchParams.get('page');
  const page = pageValue && /^[1-9]\d{0,5}$/.test(pageValue) ? Number(pageValue) : 1;
  return { month, kind: kind as AccessKind | null, page };
}

export function loader({ request }: LoaderFunctionArgs) {
  const acting = requireActingFor(request);
  const t = getT(languageOf(request));
  const filter = filterOf(new URL(request.url));
  const { client, self, actor } = acting;
  noteOwnDataRead(actor, client.id, 'access_log');
  const log = accessRowsFor(client.id, filter);
  return {
    kind: 'log' as const,
    self,
    clientParam: self ? null : client.id,
    filter,
    months: accessMonths(client.id),
    ...log,
    pageTitle: `${t('mydata:access.title')} – ${t('mydata:access.pages', { page: log.page, pages: log.pages })}`,
  };
}

export default function AccessLogPage() {
  const { t, lang } = useT();
  const page = useLoaderData<typeof loader>();
  const { filter, clientParam } = page;
  const pageHref = (n: number) => myDataHref('/my-data/access', clientParam, { month: filter.month, kind: filter.kind, page: n > 1 ? n : null });
  return (
    <>
      <p>
        <Link className="back-link" to={myDataHref('/my-data', clientParam)}>
          {t('mydata:links.back')}
        </Link>
      </p>
      <h1>{t('mydata:access.title')}</h1>
      <p className="lead">{t('mydata:access.lead')}</p>
      <form method="get" action="/my-data/access" className="filters">
        <fieldset>
          <legend>{t('mydata:access.filterLegend')}</legend>
          {clientParam !== null ? <input type="hidden" name="client" value={clientParam} /> : null}
          <div className="field">
            <label htmlFor="month">{t('mydata:access.month')}</label>
            <select id="month" name="month" className="input" defaultValue={filter.month ?? ''}>
              <option value="">{t('mydata:access.allMonths')}</option>
              {page.months.map((month) => (
                <option key={month} value={month}>
                  {formatMonth(month, lang)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="kind">{t('mydata:access.kind')}</label>
            <select id="kind" name="kind" className="input" defaultValue={filter.kind ?? ''}>
              <option value="">{t('mydata:access.allKinds')}</option>
              {ACCESS_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`mydata:kinds.${kind}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button--secondary">
            {t('mydata:access.apply')}
          </button>
        </fieldset>
      </form>
      <p role="status">{t('mydata:access.count', { count: page.total })}</p>
      {page.rows.length === 0 ? (
        <p>{t('mydata:access.none')}</p>
      ) : (
        <ol className="plain-list access-log" aria-label={t('mydata:access.listLabel')}>
          {page.rows.map((row) => (
            <li key={row.id}>
              <AccessRowText row={row} self={page.self} />
            </li>
          ))}
        </ol>
      )}
      {page.pages > 1 ? (
        <nav aria-label={t('mydata:access.pagination')}>
          <p>{t('mydata:access.pages', { page: page.page, pages: page.pages })}</p>
          <ul className="plain-list">
            {page.page > 1 ? (
              <li>
                <Link to={pageHref(page.page - 1)}>{t('mydata:access.newer')}</Link>
              </li>
            ) : null}
            {page.page < page.pages ? (
              <li>
                <Link to={pageHref(page.page + 1)}>{t('mydata:access.older')}</Link>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </>
  );
}
