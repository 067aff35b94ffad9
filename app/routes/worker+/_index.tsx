import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireUser, viewableClients } from '../../auth/guards.server';
import { Field } from '../../components/forms';
import { matchingClients } from '../../domain/clientRecords.server';
import { pageOfList, requestedPage } from '../../domain/paging';
import { Pagination } from '../../components/Pagination';
import { useT } from '../../i18n/i18n';
import { localName } from '../../i18n/localName';

export const handle = { title: 'pages:worker.title' };

export function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request, ['worker']);
  const url = new URL(request.url);
  const query = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
  const own = viewableClients(user);
  const found = pageOfList(matchingClients(own, query), requestedPage(url));
  return { firstName: user.firstName, total: own.length, query, found: found.page.total, clients: found.items, page: found.page };
}

export default function WorkerStart() {
  const { t, lang } = useT();
  const { firstName, total, query, found, clients, page } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t('pages:greeting', { name: firstName })}</h1>
      <p className="lead">{t('pages:worker.lead', { count: total })}</p>
      <form method="get" action="/worker" className="filter-form" role="search" aria-label={t('backoffice:worker.searchLabel')}>
        <Field name="q" type="search" label={t('backoffice:worker.search')} hint={t('backoffice:worker.searchHint')} defaultValue={query} autoComplete="off" />
        <button type="submit" className="button button--secondary">
          {t('backoffice:worker.searchSubmit')}
        </button>
      </form>
      {query ? (
        <p role="status">
          {t('backoffice:worker.found', { count: found, query })} <Link to="/worker">{t('backoffice:worker.showAll')}</Link>
        </p>
      ) : null}
      <div className="table-wrap" role="region" aria-labelledby="clients-caption" tabIndex={0}>
        <table>
          <caption id="clients-caption">{t('pages:worker.clientsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('pages:people.name')}</th>
              <th scope="col">{t('pages:people.municipality')}</th>
              <th scope="col">{t('pages:people.group')}</th>
              <th scope="col">{t('pages:people.language')}</th>
            </tr>
          </thead>
          <tbody>
            {clients.map((client) => (
              <tr key={client.id}>
                <th scope="row">
                  <Link to={`/worker/clients/${client.id}`}>
                    {client.lastName}, {client.firstName}
                  </Link>
                </th>
                <td>{localName(client, lang, 'municipality')}</td>
                <td>{t(`pages:people.groups.${client.group}`)}</td>
                <td>{t(`common:languages.${client.language}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination label={t('backoffice:worker.pages')} page={page.page} pageCount={page.pageCount} />
      <ul className="plain-list">
        <li>
          <Link to="/worker/clients/new">{t('backoffice:worker.newClient')}</Link>
        </li>
        <li>
          <Link to="/messages">{t('backoffice:worker.messages')}</Link>
        </li>
      </ul>
    </>
  );
}
