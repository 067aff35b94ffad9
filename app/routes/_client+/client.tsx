import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireClientSelf } from '../../auth/guards.server';
import { ClientCard } from '../../components/ClientCard';
import { PlanText } from '../../components/backoffice';
import { currentPlan } from '../../domain/plans.server';
import { useT } from '../../i18n/i18n';

export const handle = { title: 'pages:client.title' };

export function loader({ request }: LoaderFunctionArgs) {
  const { user, client } = requireClientSelf(request);
  return { firstName: user.firstName, client, plan: currentPlan(client.id) };
}

export default function ClientStart() {
  const { t } = useT();
  const { firstName, client, plan } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t('pages:greeting', { name: firstName })}</h1>
      <p className="lead">{t('pages:client.lead')}</p>
      <ClientCard client={client} />
      <p>
        <Link className="button" to="/budget">
          {t('budget:openOwn')}
        </Link>
      </p>
      <section aria-labelledby="plan-title">
        <h2 id="plan-title">{t('backoffice:planView.title')}</h2>
        {plan ? <PlanText plan={plan} /> : <p>{t('backoffice:planView.none')}</p>}
      </section>
      <h2>{t('pages:comingTitle')}</h2>
      <ul className="plain-list">
        <li>
          <Link to="/providers">{t('pages:client.coming.providers')}</Link>
        </li>
        <li>
          <Link to="/messages">{t('pages:client.coming.messages')}</Link>
        </li>
        <li>
          <Link to="/my-data">{t('mydata:title')}</Link>
        </li>
      </ul>
    </>
  );
}
