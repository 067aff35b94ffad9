// remix-auth strategy for Suomi.fi: a GET starts the SP-initiated sign-in (AuthnRequest, redirect
// binding); the IdP's POST to the ACS is validated (signature, decryption, audience, times,
// InResponseTo, level, replay) and handed to the verify function, which finds the person.
import { redirect } from '@remix-run/node';
import { Strategy } from 'remix-auth/strategy';
import { readForm } from '../utils/forms.server';
import { acceptAssertion, refusalOf, serviceProvider, SuomifiRefusal, type SuomifiPerson } from './suomifi.server';

export type SuomifiVerifyParams = { person: SuomifiPerson; request: Request };

export class SuomifiStrategy<User> extends Strategy<User, SuomifiVerifyParams> {
  name = 'suomifi';

  async authenticate(request: Request): Promise<User> {
    const saml = await serviceProvider();
    if (request.method === 'GET') {
      throw redirect(await saml.getAuthorizeUrlAsync('', undefined, {}), { status: 303 });
    }
    // The IdP posts from its own site: no CSRF token; the signed InResponseTo stands for it.
    const form = await readForm(request, { csrf: false });
    const samlResponse = form.get('SAMLResponse');
    if (typeof samlResponse !== 'string' || !samlResponse) throw new SuomifiRefusal('invalid', 'no SAMLResponse');
    let person: SuomifiPerson;
    try {
      const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse });
      if (!profile) throw new SuomifiRefusal('invalid', 'no profile');
      person = acceptAssertion(profile);
    } catch (error) {
      if (error instanceof SuomifiRefusal) throw error;
      throw new SuomifiRefusal(refusalOf(error), error instanceof Error ? error.message : String(error));
    }
    return this.verify({ person, request });
  }
}
