// Suomi.fi sign-in through the production SP code with answers from the demo IdP: the round trip,
// each refusal (crafted responses) with no session made, and single logout in both directions.
import { count, eq } from 'drizzle-orm';
import { generate } from 'selfsigned';
import { describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { sessions, users } from '../../db/schema';
import { buildSamlResponse, handleDemoSlo, idpLogoutRequestUrl, readAuthnRequest, type ResponseOptions } from '../../app/auth/demoIdp.server';
import { getSessionUser } from '../../app/auth/session.server';
import { formTargetsOf, parseIdpMetadata } from '../../app/auth/suomifi.server';
import { contentSecurityPolicy } from '../../app/utils/security.server';
import * as acs from '../../app/routes/_auth+/auth.suomifi.acs';
import * as start from '../../app/routes/_auth+/auth.suomifi.login';
import * as metadata from '../../app/routes/_auth+/auth.suomifi.metadata';
import * as slo from '../../app/routes/_auth+/auth.suomifi.slo';
import * as logout from '../../app/routes/_auth+/logout';
import * as loginRoute from '../../app/routes/_auth+/login';
import { CSRF, getRequest, postRequest, run } from '../helpers/requests';

const AINO = { nationalId: '120340-901J', givenName: 'Aino', surname: 'Korhonen' };
const MARJA = { nationalId: '150568-903C', givenName: 'Marja', surname: 'Kinnunen' };

/** Starts a sign-in like the browser does and returns the AuthnRequest's id as the demo IdP reads it. */
async function authnRequestId(): Promise<string> {
  const result = await run(start.loader, getRequest('/auth/suomifi/login'));
  expect(result.status).toBe(303);
  const location = new URL(result.headers.get('Location') ?? '');
  expect(location.pathname).toBe('/demo-idp');
  const info = await readAuthnRequest(location);
  if (!info) throw new Error('the demo IdP refused the AuthnRequest');
  return info.id;
}

async function postAnswer(samlResponse: string) {
  return run(acs.action, postRequest('/auth/suomifi/acs', { SAMLResponse: samlResponse, RelayState: '' }, '', { csrf: null }));
}

async function answer(options: Partial<ResponseOptions> = {}) {
  const inResponseTo = options.inResponseTo ?? (await authnRequestId());
  return buildSamlResponse({ person: AINO, inResponseTo, ...options });
}

const sessionCount = () => getDb().select({ n: count() }).from(sessions).get()?.n ?? 0;

function cookieOf(setCookie: string | null): string {
  const match = /avain_session=([^;]+)/.exec(setCookie ?? '');
  if (!match) throw new Error(`no session cookie in ${setCookie}`);
  return `avain_session=${match[1]}`;
}

async function expectRefused(samlResponse: string, reason: string) {
  const before = sessionCount();
  const usersBefore = getDb().select({ n: count() }).from(users).get()?.n;
  const result = await postAnswer(samlResponse);
  expect(result.status).toBe(reason === 'invalid' ? 400 : 403);
  expect(result.data).toEqual({ refusal: reason });
  expect(result.headers.get('Set-Cookie')).toBeNull();
  expect(sessionCount()).toBe(before);
  expect(getDb().select({ n: count() }).from(users).get()?.n).toBe(usersBefore);
}

describe('Suomi.fi sign-in', () => {
  test('metadata names the entity, ACS, SLO, both certificates and the level', async () => {
    const result = await metadata.loader();
    const xml = await result.text();
    expect(result.headers.get('Content-Type')).toMatch(/samlmetadata\+xml/);
    expect(xml).toContain('AssertionConsumerService');
    expect(xml).toContain('/auth/suomifi/acs');
    expect(xml).toContain('SingleLogoutService');
    expect(xml).toContain('use="signing"');
    expect(xml).toContain('use="encryption"');
    expect(xml).toContain('http://ftn.ficora.fi/2017/loa3');
  });

  test('a client and a representative sign in; the session carries the NameID for logout', async () => {
    for (const person of [AINO, MARJA]) {
      const { samlResponse, nameId } = await answer({ person });
      const result = await postAnswer(samlResponse);
      expect(result.status).toBe(303);
      // Both choose whom they act for first: nobody is acted for straight from sign-in.
      expect(result.headers.get('Location')).toBe('/act-for');
      const user = getSessionUser(getRequest('/', cookieOf(result.headers.get('Set-Cookie'))));
      expect(user?.nationalId).toBe(person.nationalId);
      expect(user?.actingForClientId).toBeNull();
      expect(getDb().select().from(sessions).where(eq(sessions.samlNameId, nameId)).get()).toBeTruthy();
    }
  });

  test('a wrong signing key is refused', async () => {
    const other = await generate([{ name: 'commonName', value: 'not the IdP' }], { keySize: 2048, algorithm: 'sha256' });
    const { samlResponse } = await answer({ signingKey: { key: other.private, cert: other.cert } });
    await expectRefused(samlResponse, 'signature');
  });

  test('an attribute altered after signing is refused', async () => {
    const { samlResponse } = await answer({ alterSignedAssertion: (xml) => xml.replace('120340-901J', '150568-903C') });
    await expectRefused(samlResponse, 'signature');
  });

  test('an expired and a not-yet-valid assertion are refused', async () => {
    const expired = await answer({ issuedAt: new Date(Date.now() - 60 * 60_000) });
    await expectRefused(expired.samlResponse, 'expired');
    const early = await answer({ issuedAt: new Date(Date.now() + 60 * 60_000) });
    await expectRefused(early.samlResponse, 'expired');
  });

  test('a replayed response is refused the second time', async () => {
    const { samlResponse } = await answer();
    expect((await postAnswer(samlResponse)).status).toBe(303);
    await expectRefused(samlResponse, 'replayed');
  });

  test('an InResponseTo Avain never sent is refused', async () => {
    const { samlResponse } = await buildSamlResponse({ person: AINO, inResponseTo: '_never-sent' });
    await expectRefused(samlResponse, 'replayed');
  });

  test('a wrong audience and a wrong destination are refused', async () => {
    await expectRefused((await answer({ audience: 'https://other.example.fi/sp' })).samlResponse, 'audience');
    await expectRefused((await answer({ destination: 'https://other.example.fi/acs' })).samlResponse, 'audience');
  });

  test('a level below the one asked is refused', async () => {
    await expectRefused((await answer({ level: 'loa2' })).samlResponse, 'level');
  });

  test('an unknown person gets the contact page and no account', async () => {
    await expectRefused((await answer({ person: { nationalId: '010101A904V', givenName: 'Outi', surname: 'Ulkopuolinen' } })).samlResponse, 'unknownPerson');
    expect(getDb().select().from(users).where(eq(users.nationalId, '010101A904V')).get()).toBeUndefined();
  });

  test('garbage is a 400 page', async () => {
    await expectRefused(Buffer.from('<nope/>').toString('base64'), 'invalid');
  });

  test('a client can no longer sign in with a password', async () => {
    const result = await run(loginRoute.action, postRequest('/login', { email: 'client@example.fi', password: 'avain-demo' }, `csrf=${CSRF}`, { csrf: CSRF }));
    expect(result.status).toBe(400);
    expect(result.headers.get('Set-Cookie')).toBeNull();
  });
});

describe('single logout', () => {
  test('signing out of Avain sends a LogoutRequest; the IdP answers and the SP accepts the answer', async () => {
    const { samlResponse } = await answer();
    const cookie = cookieOf((await postAnswer(samlResponse)).headers.get('Set-Cookie'));
    const out = await run(logout.action, postRequest('/logout', {}, cookie));
    expect(out.status).toBe(303);
    const toIdp = new URL(out.headers.get('Location') ?? '');
    expect(toIdp.pathname).toBe('/demo-idp/slo');
    expect(toIdp.searchParams.get('SAMLRequest')).toBeTruthy();
    expect(getSessionUser(getRequest('/', cookie))).toBeNull();
    const idp = await handleDemoSlo(toIdp);
    if (idp.kind !== 'request') throw new Error(`demo IdP said ${idp.kind}`);
    const back = new URL(idp.responseUrl);
    expect(back.pathname).toBe('/auth/suomifi/slo');
    const done = await run(slo.loader, getRequest(`${back.pathname}${back.search}`));
    expect(done.status).toBe(303);
    expect(done.headers.get('Location')).toBe('/?signedOut=1');
    // An answer with its signature removed is not accepted.
    const unsigned = new URL(back);
    unsigned.searchParams.delete('Signature');
    expect((await run(slo.loader, getRequest(`${unsigned.pathname}${unsigned.search}`))).status).toBe(400);
  });

  test('a LogoutRequest from the IdP ends the Avain session, so the cookie stops working', async () => {
    const { samlResponse, nameId, sessionIndex } = await answer();
    const cookie = cookieOf((await postAnswer(samlResponse)).headers.get('Set-Cookie'));
    expect(getSessionUser(getRequest('/', cookie))).not.toBeNull();
    const request = new URL(await idpLogoutRequestUrl(nameId, sessionIndex));
    const result = await run(slo.loader, getRequest(`${request.pathname}${request.search}`));
    expect(result.status).toBe(303);
    const answerUrl = new URL(result.headers.get('Location') ?? '');
    expect(answerUrl.pathname).toBe('/demo-idp/slo');
    expect((await handleDemoSlo(answerUrl)).kind).toBe('response');
    expect(getSessionUser(getRequest('/', cookie))).toBeNull();
  });

  test('an unsigned or tampered LogoutRequest is refused and ends nothing', async () => {
    const { samlResponse, nameId, sessionIndex } = await answer();
    const cookie = cookieOf((await postAnswer(samlResponse)).headers.get('Set-Cookie'));
    const request = new URL(await idpLogoutRequestUrl(nameId, sessionIndex));
    const unsigned = new URL(request);
    unsigned.searchParams.delete('Signature');
    expect((await run(slo.loader, getRequest(`${unsigned.pathname}${unsigned.search}`))).status).toBe(400);
    const tampered = new URL(request);
    tampered.searchParams.set('RelayState', 'x');
    expect((await run(slo.loader, getRequest(`${tampered.pathname}${tampered.search}`))).status).toBe(400);
    expect(getSessionUser(getRequest('/', cookie))).not.toBeNull();
  });
});

describe('IdP metadata', () => {
  test('two signing certificates during a rotation are both accepted', () => {
    const xml = `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://testi.apro.tunnistus.fi/idp1"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
      <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>AAAA</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
      <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>BBBB</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
      <md:KeyDescriptor use="encryption"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>CCCC</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
      <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://testi.apro.tunnistus.fi/idp/profile/SAML2/Redirect/SLO"/>
      <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://testi.apro.tunnistus.fi/idp/profile/SAML2/Redirect/SSO"/>
      </md:IDPSSODescriptor></md:EntityDescriptor>`;
    const idp = parseIdpMetadata(xml);
    expect(idp.certs).toEqual(['AAAA', 'BBBB']);
    expect(idp.ssoUrl).toBe('https://testi.apro.tunnistus.fi/idp/profile/SAML2/Redirect/SSO');
    expect(idp.entityId).toBe('https://testi.apro.tunnistus.fi/idp1');
    // Signing out posts a form answered by a redirect to the IdP: the CSP's form-action allows its origin.
    expect(formTargetsOf(idp)).toEqual(['https://testi.apro.tunnistus.fi']);
    expect(contentSecurityPolicy('n', formTargetsOf(idp))).toContain("form-action 'self' https://testi.apro.tunnistus.fi;");
    expect(formTargetsOf({ ...idp, demo: true })).toEqual([]);
  });
});
