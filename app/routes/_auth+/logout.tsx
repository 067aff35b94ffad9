import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { clearSessionCookie, destroySession, getSessionUser, sessionId } from '../../auth/session.server';
import { serviceProvider, suomifiSessionOf } from '../../auth/suomifi.server';
import { audit } from '../../domain/audit.server';
import { readForm } from '../../utils/forms.server';
import { clientIp } from '../../utils/http.server';

export function loader() {
  // Signing out changes state, so it is a POST; a plain visit goes to the front page.
  return redirect('/', { status: 303 });
}

export async function action({ request }: ActionFunctionArgs) {
  await readForm(request);
  const user = getSessionUser(request);
  const id = sessionId(request);
  const suomifi = user && id ? suomifiSessionOf(id) : null;
  destroySession(request);
  if (user) audit({ actorUserId: user.id, action: 'auth.sign_out', ip: clientIp(request) });
  if (suomifi) {
    // Signed in with Suomi.fi: tell the IdP too (a LogoutRequest); its answer comes to /auth/suomifi/slo.
    const saml = await serviceProvider();
    const url = await saml.getLogoutUrlAsync(
      { issuer: saml.options.idpIssuer ?? '', nameID: suomifi.nameId, nameIDFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient', sessionIndex: suomifi.sessionIndex ?? undefined },
      '',
      {},
    );
    return redirect(url, { status: 303, headers: { 'Set-Cookie': clearSessionCookie() } });
  }
  return redirect('/?signedOut=1', { status: 303, headers: { 'Set-Cookie': clearSessionCookie() } });
}
