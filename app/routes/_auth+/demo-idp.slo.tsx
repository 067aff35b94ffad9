// The demo IdP's single-logout address: answers Avain's LogoutRequest, or reads Avain's answer to its own.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { assertDemoIdp, clearDemoIdpSession, handleDemoSlo } from '../../auth/demoIdp.server';
import { DemoBanner } from '../../components/demoIdp';
import { useT } from '../../i18n/i18n';

export const handle = { title: 'auth:demoIdp.title' };

export async function loader({ request }: LoaderFunctionArgs) {
  assertDemoIdp();
  const result = await handleDemoSlo(new URL(request.url));
  if (result.kind === 'request') return redirect(result.responseUrl, { status: 303, headers: { 'Set-Cookie': clearDemoIdpSession() } });
  if (result.kind === 'response') return { ok: true };
  return data({ ok: false }, { status: 400 });
}

export default function DemoIdpLogout() {
  const { t } = useT();
  const { ok } = useLoaderData<typeof loader>();
  return (
    <div className="narrow">
      <DemoBanner />
      <h1>{t('auth:demoIdp.title')}</h1>
      <p>{ok ? t('auth:demoIdp.loggedOut') : t('auth:demoIdp.badRequest')}</p>
      <p>
        <Link to="/">{t('auth:demoIdp.backToAvain')}</Link>
      </p>
    </div>
  );
}
