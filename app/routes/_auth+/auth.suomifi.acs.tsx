// Assertion consumer service (HTTP-POST binding): a valid answer starts a session, anything else
// is a clear page with nothing created and no session.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData } from '@remix-run/react';
import { suomifiAuthenticator } from '../../auth/auth.server';
import { startPageFor } from '../../auth/roles.server';
import { createUserSession, destroySession } from '../../auth/session.server';
import { SuomifiRefusal, type Refusal } from '../../auth/suomifi.server';
import { useT } from '../../i18n/i18n';
import { clientIp } from '../../utils/http.server';
import { audit } from '../../domain/audit.server';

export const handle = { title: 'auth:suomifi.refusedTitle' };

// A GET goes to sign-in. Remix also runs this loader to render a refusal the action returned,
// and a redirect there would replace the refusal page (and its 400/403) with the sign-in page.
export function loader({ context }: LoaderFunctionArgs) {
  if (context?.requestMethod === 'POST') return null;
  return redirect('/login', { status: 303 });
}

const STATUS: Record<Refusal, 400 | 401 | 403> = {
  signature: 403,
  audience: 403,
  expired: 403,
  replayed: 403,
  level: 403,
  unknownPerson: 403,
  cancelled: 401,
  invalid: 400,
};

export async function action({ request }: ActionFunctionArgs) {
  try {
    const { user, person } = await suomifiAuthenticator.authenticate('suomifi', request);
    destroySession(request); // a new session id at every sign-in
    const cookie = createUserSession(user.id, clientIp(request), undefined, { samlNameId: person.nameId, samlSessionIndex: person.sessionIndex });
    return redirect(startPageFor(user), { status: 303, headers: { 'Set-Cookie': cookie } });
  } catch (error) {
    if (!(error instanceof SuomifiRefusal)) throw error;
    if (error.reason !== 'unknownPerson') audit({ actorUserId: null, action: 'auth.suomifi_refused', details: { reason: error.reason }, ip: clientIp(request) });
    console.warn(`[avain] Suomi.fi answer refused: ${error.message}`);
    return data({ refusal: error.reason }, { status: STATUS[error.reason], headers: { 'Cache-Control': 'no-store' } });
  }
}

export default function SuomifiRefused() {
  const { t } = useT();
  const result = useActionData<typeof action>();
  const reason = result?.refusal ?? 'invalid';
  return (
    <div className="narrow">
      <h1>{t('auth:suomifi.refusedTitle')}</h1>
      <p>{t(`auth:suomifi.refused.${reason}`)}</p>
      <p>
        <Link className="button" to="/login">
          {t('auth:suomifi.tryAgain')}
        </Link>
      </p>
    </div>
  );
}
