// The embedded demo identity provider: on only when no Suomi.fi metadata is configured. It answers
// the SP's AuthnRequest with a real signed and encrypted SAML Response, so the SP's code path is
// the production one, and it sends and answers single-logout messages.
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { DOMParser } from '@xmldom/xmldom';
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { and, asc, inArray, isNotNull } from 'drizzle-orm';
import { SignedXml } from 'xml-crypto';
import xmlenc from 'xml-encryption';
import { getDb } from '../../db/client.server';
import { users } from '../../db/schema';
import { publicUrl } from '../domain/notifications.server';
import { readCookie, setCookie } from '../utils/cookies.server';
import { certBody, demoIdpKeys, type KeyPair } from './samlKeys.server';
import { ACS_PATH, ATTRIBUTES, DEMO_IDP_PATH, LEVELS, SLO_PATH, demoIdpEnabled, sp, type Level } from './suomifi.server';

export const demoIdpEntityId = () => publicUrl(DEMO_IDP_PATH);

export type DemoPerson = { userId: number; nationalId: string; givenName: string; surname: string; role: string };

/** Everyone the demo IdP can sign in: clients and representatives with an identity code. */
export function demoPersons(): DemoPerson[] {
  return getDb()
    .select({ userId: users.id, nationalId: users.nationalId, givenName: users.firstName, surname: users.lastName, role: users.role })
    .from(users)
    .where(and(isNotNull(users.nationalId), inArray(users.role, ['client', 'representative'])))
    .orderBy(asc(users.lastName), asc(users.firstName))
    .all()
    .map((p) => ({ ...p, nationalId: p.nationalId ?? '' }));
}

const inflate = promisify(zlib.inflateRaw);
const SAMLP = 'urn:oasis:names:tc:SAML:2.0:protocol';

export type AuthnRequestInfo = { id: string; relayState: string };

/** Reads and checks the SP's AuthnRequest (redirect binding): the SP's signature and addresses. */
export async function readAuthnRequest(url: URL): Promise<AuthnRequestInfo | null> {
  const request = url.searchParams.get('SAMLRequest');
  const sigAlg = url.searchParams.get('SigAlg');
  const signature = url.searchParams.get('Signature');
  if (!request || !sigAlg || !signature) return null;
  const raw = url.search.slice(1).split('&');
  const part = (name: string) => raw.find((p) => p.startsWith(`${name}=`));
  const signed = [part('SAMLRequest'), part('RelayState'), part('SigAlg')].filter(Boolean).join('&');
  const spCert = (await sp()).signing.cert;
  try {
    if (!crypto.createVerify('RSA-SHA256').update(signed).verify(spCert, signature, 'base64')) return null;
    const xml = (await inflate(Buffer.from(request, 'base64'))).toString('utf8');
    const doc = new DOMParser().parseFromString(xml, 'text/xml').getElementsByTagNameNS(SAMLP, 'AuthnRequest')[0];
    if (!doc || doc.getAttribute('AssertionConsumerServiceURL') !== publicUrl(ACS_PATH)) return null;
    const id = doc.getAttribute('ID') ?? '';
    if (!/^[A-Za-z_][\w.-]{0,200}$/.test(id)) return null;
    return { id, relayState: url.searchParams.get('RelayState') ?? '' };
  } catch {
    return null;
  }
}

export type ResponseOptions = {
  person: { nationalId: string; givenName: string; surname: string };
  inResponseTo: string;
  level?: Level;
  /** Tests: another audience, destination, key, time, or a change made after signing. */
  audience?: string;
  destination?: string;
  signingKey?: KeyPair;
  issuedAt?: Date;
  validMinutes?: number;
  alterSignedAssertion?: (xml: string) => string;
  nameId?: string;
  sessionIndex?: string;
};

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const newId = () => `_${crypto.randomBytes(20).toString('hex')}`;
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';

function sign(xml: string, keys: KeyPair, element: 'Assertion' | 'Response'): string {
  const sig = new SignedXml({ privateKey: keys.key, publicCert: keys.cert, signatureAlgorithm: RSA_SHA256, canonicalizationAlgorithm: EXC_C14N });
  sig.addReference({
    xpath: `/*[local-name(.)='${element}']`,
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', EXC_C14N],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  sig.computeSignature(xml, { location: { reference: `/*[local-name(.)='${element}']/*[local-name(.)='Issuer']`, action: 'after' } });
  return sig.getSignedXml();
}

function encrypt(xml: string, cert: string): Promise<string> {
  const rsaPub = crypto.createPublicKey(cert).export({ type: 'spki', format: 'pem' }).toString();
  return new Promise((resolve, reject) =>
    xmlenc.encrypt(
      xml,
      { rsa_pub: rsaPub, pem: cert, encryptionAlgorithm: 'http://www.w3.org/2009/xmlenc11#aes256-gcm', keyEncryptionAlgorithm: 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p' },
      (error, result) => (error ? reject(error) : resolve(result)),
    ),
  );
}

/** A SAML Response as Suomi.fi sends it: assertion signed, then encrypted for the SP; response signed. Base64. */
export async function buildSamlResponse(options: ResponseOptions): Promise<{ samlResponse: string; nameId: string; sessionIndex: string }> {
  const [idpKeys, spConfig] = await Promise.all([demoIdpKeys(), sp()]);
  const keys = options.signingKey ?? idpKeys;
  const now = options.issuedAt ?? new Date();
  const until = new Date(now.getTime() + (options.validMinutes ?? 5) * 60_000);
  const t = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const issuer = demoIdpEntityId();
  const acs = options.destination ?? publicUrl(ACS_PATH);
  const nameId = options.nameId ?? `demo-${crypto.randomBytes(16).toString('hex')}`;
  const sessionIndex = options.sessionIndex ?? newId();
  const attr = (name: string, friendly: string, value: string) =>
    `<saml:Attribute Name="${name}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri" FriendlyName="${friendly}"><saml:AttributeValue>${escapeXml(value)}</saml:AttributeValue></saml:Attribute>`;
  const irt = escapeXml(options.inResponseTo);
  const assertion =
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${newId()}" Version="2.0" IssueInstant="${t(now)}">` +
    `<saml:Issuer>${escapeXml(issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient">${nameId}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData InResponseTo="${irt}" NotOnOrAfter="${t(until)}" Recipient="${escapeXml(acs)}"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${t(now)}" NotOnOrAfter="${t(until)}"><saml:AudienceRestriction><saml:Audience>${escapeXml(options.audience ?? spConfig.entityId)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${t(now)}" SessionIndex="${sessionIndex}"><saml:AuthnContext><saml:AuthnContextClassRef>${LEVELS[options.level ?? spConfig.level]}</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement>${attr(ATTRIBUTES.nationalId, 'nationalIdentificationNumber', options.person.nationalId)}${attr(ATTRIBUTES.givenName, 'givenName', options.person.givenName)}${attr(ATTRIBUTES.surname, 'sn', options.person.surname)}</saml:AttributeStatement>` +
    `</saml:Assertion>`;
  let signedAssertion = sign(assertion, keys, 'Assertion');
  if (options.alterSignedAssertion) signedAssertion = options.alterSignedAssertion(signedAssertion);
  const encrypted = await encrypt(signedAssertion, spConfig.encryption.cert);
  const response =
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${newId()}" Version="2.0" IssueInstant="${t(now)}" Destination="${escapeXml(acs)}" InResponseTo="${irt}">` +
    `<saml:Issuer>${escapeXml(issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    `<saml:EncryptedAssertion>${encrypted}</saml:EncryptedAssertion></samlp:Response>`;
  return { samlResponse: Buffer.from(sign(response, keys, 'Response')).toString('base64'), nameId, sessionIndex };
}

/** The IdP's side of single logout, with node-saml in the other role (SP cert trusted, IdP key signing). */
async function idpSide(): Promise<SAML> {
  const [keys, spConfig] = await Promise.all([demoIdpKeys(), sp()]);
  return new SAML({
    issuer: demoIdpEntityId(),
    callbackUrl: publicUrl(ACS_PATH),
    entryPoint: publicUrl(SLO_PATH),
    logoutUrl: publicUrl(SLO_PATH),
    idpCert: certBody(spConfig.signing.cert),
    idpIssuer: spConfig.entityId,
    privateKey: keys.key,
    signatureAlgorithm: 'sha256',
    validateInResponseTo: ValidateInResponseTo.never,
    wantAuthnResponseSigned: false,
  });
}

const NAME_ID_FORMAT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';

/** IdP-initiated logout: a signed LogoutRequest to the SP's SLO address (redirect binding). */
export async function idpLogoutRequestUrl(nameId: string, sessionIndex: string): Promise<string> {
  return (await idpSide()).getLogoutUrlAsync({ issuer: demoIdpEntityId(), nameID: nameId, nameIDFormat: NAME_ID_FORMAT, sessionIndex }, '', {});
}

export type DemoSloResult = { kind: 'request'; responseUrl: string; nameId: string } | { kind: 'response' } | { kind: 'invalid' };

/** The SP's LogoutRequest (answered with a signed LogoutResponse URL) or its LogoutResponse. */
export async function handleDemoSlo(url: URL): Promise<DemoSloResult> {
  if (!url.searchParams.get('Signature')) return { kind: 'invalid' };
  const saml = await idpSide();
  try {
    const query = Object.fromEntries(url.searchParams);
    const { profile } = await saml.validateRedirectAsync(query, url.search.slice(1));
    if (query.SAMLResponse) return { kind: 'response' };
    if (!profile) {
      console.warn('[avain] demo IdP: no profile in the logout request');
      return { kind: 'invalid' };
    }
    return { kind: 'request', nameId: profile.nameID, responseUrl: await saml.getLogoutResponseUrlAsync(profile, query.RelayState ?? '', {}, true) };
  } catch (error) {
    console.warn(`[avain] demo IdP refused a logout message: ${error instanceof Error ? error.message : String(error)}`);
    return { kind: 'invalid' };
  }
}

export function assertDemoIdp(): void {
  if (!demoIdpEnabled()) throw new Response('Not Found', { status: 404 });
}

// The demo IdP's own "session": whom it identified last, so it can send an IdP-initiated logout.
const DEMO_COOKIE = 'avain_demo_idp';
type DemoIdpSession = { nameId: string; sessionIndex: string; name: string };

export function demoIdpSessionCookie(session: DemoIdpSession): string {
  return setCookie(DEMO_COOKIE, Buffer.from(JSON.stringify(session)).toString('base64url'));
}

export function clearDemoIdpSession(): string {
  return setCookie(DEMO_COOKIE, '', { maxAge: 0 });
}

export function readDemoIdpSession(request: Request): DemoIdpSession | null {
  const raw = readCookie(request, DEMO_COOKIE);
  if (!raw) return null;
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<DemoIdpSession>;
    return typeof value.nameId === 'string' && typeof value.sessionIndex === 'string' && typeof value.name === 'string' ? (value as DemoIdpSession) : null;
  } catch {
    return null;
  }
}
