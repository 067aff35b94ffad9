// Single logout (redirect binding): a LogoutRequest from the IdP ends the Avain session(s) of
// that Suomi.fi session and is answered; a LogoutResponse answers Avain's own request.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link } from '@remix-run/react';
import { clearSessionCookie } from '../../auth/session.server';
import { endSuomifiSessions, serviceProvider } from '../../auth/suomifi.server';
import { audit } from '../../domain/audit.server';
import { useT } from '../../i18n/i18n';
import { clientIp } from '../../utils/http.server';

export const handle = { title: 'auth:suomifi.refusedTitle' };

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const query = Object.fromEntries(url.searchParams);
  // node-saml accepts an unsigned redirect message; Avain does not.
  if ((query.SAMLRequest || query.SAMLResponse) && query.Signature && query.SigAlg) {
    const saml = await serviceProvider();
    try {
      const { profile } = await saml.validateRedirectAsync(query, url.search.slice(1));
      if (query.SAMLResponse) return redirect('/?signedOut=1', { status: 303, headers: { 'Set-Cookie': clearSessionCookie() } });
      if (profile) {
        const ended = endSuomifiSessions(profile.nameID, profile.sessionIndex);
        audit({ actorUserId: null, action: 'auth.suomifi_logout_request', details: { sessionsEnded: ended }, ip: clientIp(request) });
        const answer = await saml.getLogoutResponseUrlAsync(profile, query.RelayState ?? '', {}, true);
        return redirect(answer, { status: 303, headers: { 'Set-Cookie': clearSessionCookie() } });
      }
    } catch (error) {
      console.warn(`[avain] Suomi.fi logout message refused: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return data({ refused: true }, { status: 400, headers: { 'Cache-Control': 'no-store' } });
}

export default function SloRefused() {
  const { t } = useT();
  return (
    <div className="narrow">
      <h1>{t('auth:suomifi.refusedTitle')}</h1>
      <p>{t('auth:suomifi.refused.invalid')}</p>
      <p>
        <Link to="/">{t('auth:demoIdp.backToAvain')}</Link>
      </p>
    </div>
  );
}
