import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireUser } from '../../auth/guards.server';
import { adminOverview } from '../../domain/adminOverview.server';
import { useT } from '../../i18n/i18n';

export const handle = { title: 'pages:admin.title' };

const ADMIN_LINKS = [
  ['/admin/providers', 'providers'],
  ['/admin/services', 'services'],
  ['/admin/settlement', 'settlement'],
  ['/admin/evaluation', 'evaluation'],
  ['/admin/users', 'users'],
  ['/admin/audit', 'audit'],
] as const;

export function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request, ['admin']);
  return { firstName: user.firstName, overview: adminOverview() };
}

export default function AdminStart() {
  const { t } = useT();
  const { firstName, overview } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t('pages:greeting', { name: firstName })}</h1>
      <p className="lead">{t('pages:admin.lead')}</p>
      <div className="table-wrap" role="region" aria-labelledby="providers-caption" tabIndex={0}>
        <table>
          <caption id="providers-caption">{t('pages:admin.providersCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('pages:provider.status')}</th>
              <th scope="col" className="numeric">
                {t('pages:admin.count')}
              </th>
            </tr>
          </thead>
          <tbody>
            {overview.byStatus.map((row) => (
              <tr key={row.status}>
                <th scope="row">{t(`pages:provider.statuses.${row.status}`)}</th>
                <td className="numeric">{row.n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="table-wrap" role="region" aria-labelledby="clients-caption" tabIndex={0}>
        <table>
          <caption id="clients-caption">{t('pages:admin.clientsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('pages:people.group')}</th>
              <th scope="col" className="numeric">
                {t('pages:admin.count')}
              </th>
            </tr>
          </thead>
          <tbody>
            {overview.byGroup.map((row) => (
              <tr key={row.group}>
                <th scope="row">{t(`pages:people.groups.${row.group}`)}</th>
                <td className="numeric">{row.n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('backoffice:adminLinks.title')}</h2>
      <ul className="plain-list">
        {ADMIN_LINKS.map(([to, key]) => (
          <li key={to}>
            <Link to={to}>{t(`backoffice:adminLinks.${key}`)}</Link>
          </li>
        ))}
      </ul>
    </>
  );
}
