import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { START_PAGES } from '../../auth/roles.server';
import { getSessionUser } from '../../auth/session.server';
import { useT } from '../../i18n/i18n';

export const handle = { title: 'pages:home.title' };

export function loader({ request }: LoaderFunctionArgs) {
  const user = getSessionUser(request);
  const signedOut = new URL(request.url).searchParams.get('signedOut') === '1';
  return { startPage: user ? START_PAGES[user.role] : null, signedOut };
}

export default function Home() {
  const { t } = useT();
  const { startPage, signedOut } = useLoaderData<typeof loader>();
  return (
    <>
      {signedOut ? (
        <div className="notice notice--success" role="status">
          <p>{t('auth:signedOut')}</p>
        </div>
      ) : null}
      <h1>{t('pages:home.heading')}</h1>
      <p className="lead">{t('pages:home.lead')}</p>
      <p>
        {startPage ? (
          <Link to={startPage} className="button">
            {t('pages:home.toStart')}
          </Link>
        ) : (
          <Link to="/login" className="button">
            {t('pages:home.signIn')}
          </Link>
        )}
      </p>
      <h2>{t('pages:home.whatTitle')}</h2>
      <p>{t('pages:home.whatText')}</p>
      <h2>{t('pages:home.howTitle')}</h2>
      <ol className="steps">
        <li>{t('pages:home.how1')}</li>
        <li>{t('pages:home.how2')}</li>
        <li>{t('pages:home.how3')}</li>
        <li>{t('pages:home.how4')}</li>
      </ol>
      <h2>{t('pages:home.whoTitle')}</h2>
      <ul>
        <li>{t('pages:home.whoClients')}</li>
        <li>{t('pages:home.whoRepresentatives')}</li>
        <li>{t('pages:home.whoProviders')}</li>
      </ul>
    </>
  );
}
