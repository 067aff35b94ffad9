// Starts a Suomi.fi sign-in: the strategy redirects to the IdP with a signed AuthnRequest.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { suomifiAuthenticator } from '../../auth/auth.server';

export async function loader({ request }: LoaderFunctionArgs) {
  await suomifiAuthenticator.authenticate('suomifi', request);
  return null; // never reached: the strategy always redirects here
}
