import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { actingForChoices, requireUser, viewableClients } from '../../auth/guards.server';
import { ClientCard } from '../../components/ClientCard';
import { PlanText } from '../../components/backoffice';
import { currentPlan } from '../../domain/plans.server';
import { useT } from '../../i18n/i18n';

export const handle = { title: 'pages:representative.title' };

export function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request, ['representative']);
  // Only the client acted for is shown; the count says how many she may act for (the header changes it).
  const clients = viewableClients(user).map((client) => ({ ...client, plan: currentPlan(client.id) }));
  return { firstName: user.firstName, clients, represented: actingForChoices(user).length };
}

export default function RepresentativeStart() {
  const { t } = useT();
  const { firstName, clients, represented } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t('pages:greeting', { name: firstName })}</h1>
      <p className="lead">{t('pages:representative.lead', { count: represented })}</p>
      {clients.length === 0 ? <p>{t('pages:representative.none')}</p> : null}
      {clients.map((client) => (
        <div key={client.id}>
          <ClientCard client={client} />
          <p>
            <Link className="button" to={`/budget?client=${client.id}`}>
              {t('budget:openFor', { name: `${client.firstName} ${client.lastName}` })}
            </Link>{' '}
            <Link to={`/my-data?client=${client.id}`}>{t('mydata:titleFor', { name: `${client.firstName} ${client.lastName}` })}</Link>
          </p>
          <section aria-labelledby={`plan-${client.id}`}>
            <h3 id={`plan-${client.id}`}>{t('backoffice:planView.titleFor', { name: `${client.firstName} ${client.lastName}` })}</h3>
            {client.plan ? <PlanText plan={client.plan} headingLevel={4} /> : <p>{t('backoffice:planView.none')}</p>}
          </section>
        </div>
      ))}
      <h2>{t('pages:comingTitle')}</h2>
      <ul className="plain-list">
        <li>
          <Link to="/providers">{t('pages:client.coming.providers')}</Link>
        </li>
        <li>
          <Link to="/messages">{t('pages:client.coming.messages')}</Link>
        </li>
      </ul>
    </>
  );
}
