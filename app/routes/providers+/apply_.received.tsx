// After a provider application: a confirmation with a reference number and what happens next.
// Nothing is looked up, so the page reveals nothing about other applications.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { parseId } from '../../auth/guards.server';
import { useT } from '../../i18n/i18n';

export const handle = { title: 'catalogue:received.title' };

export function loader({ request }: LoaderFunctionArgs) {
  const ref = parseId(new URL(request.url).searchParams.get('ref'), null);
  return { reference: ref === null ? null : `PT-${String(ref).padStart(5, '0')}` };
}

export default function ApplicationReceived() {
  const { t } = useT();
  const { reference } = useLoaderData<typeof loader>();
  return (
    <div className="narrow">
      <div className="panel panel--confirmation">
        <h1 className="panel-title">{t('catalogue:received.title')}</h1>
        {reference ? (
          <p className="panel-body">
            {t('catalogue:received.reference')}
            <br />
            <strong className="receipt-number">{reference}</strong>
          </p>
        ) : null}
      </div>
      <h2>{t('catalogue:received.nextTitle')}</h2>
      <ol className="steps">
        <li>{t('catalogue:received.next1')}</li>
        <li>{t('catalogue:received.next2')}</li>
        <li>{t('catalogue:received.next3')}</li>
      </ol>
      <p>{t('catalogue:received.questions')}</p>
      <p>
        <Link to="/providers">{t('catalogue:backToSearch')}</Link>
      </p>
    </div>
  );
}
