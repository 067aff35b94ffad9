import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { requireUser } from '../auth/roles.server';
import { clientsOfWorker } from '../domain/people.server';
import { useT } from '../i18n/i18n';

export const handle = { title: 'pages:worker.title' };

export function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request, ['worker']);
  return { firstName: user.firstName, clients: clientsOfWorker(user.id) };
}

export default function WorkerStart() {
  const { t, lang } = useT();
  const { firstName, clients } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t('pages:greeting', { name: firstName })}</h1>
      <p className="lead">{t('pages:worker.lead', { count: clients.length })}</p>
      <div className="table-wrap">
        <table>
          <caption>{t('pages:worker.clientsCaption')}</caption>
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
                  {client.lastName}, {client.firstName}
                </th>
                <td>{lang === 'sv' ? client.municipalitySv : client.municipalityFi}</td>
                <td>{t(`pages:people.groups.${client.group}`)}</td>
                <td>{t(`common:languages.${client.language}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('pages:comingTitle')}</h2>
      <ul>
        <li>{t('pages:worker.coming.decisions')}</li>
        <li>{t('pages:worker.coming.messages')}</li>
      </ul>
    </>
  );
}
