import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { clearSessionCookie, destroySession, getSessionUser } from '../../auth/session.server';
import { getDb } from '../../db.server';
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
  destroySession(request);
  if (user) audit(getDb(), { actorUserId: user.id, action: 'auth.sign_out', ip: clientIp(request) });
  return redirect('/?signedOut=1', { status: 303, headers: { 'Set-Cookie': clearSessionCookie() } });
}
