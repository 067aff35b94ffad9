// Suomi.fi e-Identification: the SAML 2.0 service provider (node-saml). The same code serves the
// real Suomi.fi IdP (SUOMIFI_IDP_METADATA) and the embedded demo IdP (app/auth/demoIdp.server.ts).
import fs from 'node:fs';
import { DOMParser } from '@xmldom/xmldom';
import { SAML, ValidateInResponseTo, type CacheProvider, type Profile } from '@node-saml/node-saml';
import { and, eq, lt } from 'drizzle-orm';
import { getDb } from '../../db/client.server';
import { samlRequests, samlSeenIds, sessions } from '../../db/schema';
import { publicUrl } from '../domain/notifications.server';
import { certBody, demoIdpKeys, demoKeyPair, readKeyPair, type KeyPair } from './samlKeys.server';
import { forgetWhatThisRequestRead } from '../utils/requestScope.server';

export const LEVELS = { loa2: 'http://ftn.ficora.fi/2017/loa2', loa3: 'http://ftn.ficora.fi/2017/loa3' } as const;
export type Level = keyof typeof LEVELS;
/** The only attributes Avain asks for and reads. */
export const ATTRIBUTES = { nationalId: 'urn:oid:1.2.246.21', givenName: 'urn:oid:2.5.4.42', surname: 'urn:oid:2.5.4.4' } as const;

export const ACS_PATH = '/auth/suomifi/acs';
export const SLO_PATH = '/auth/suomifi/slo';
export const METADATA_PATH = '/auth/suomifi/metadata';
export const DEMO_IDP_PATH = '/demo-idp';

export type IdpConfig = { demo: boolean; entityId: string; ssoUrl: string; sloUrl: string; certs: string[] };
export type SpConfig = { entityId: string; level: Level; signing: KeyPair; encryption: KeyPair };

const REQUEST_VALID_MS = 10 * 60 * 1000;

/** True when no Suomi.fi metadata is configured: the demo IdP answers on this server. */
export function demoIdpEnabled(): boolean {
  return !process.env.SUOMIFI_IDP_METADATA;
}

/** Refuses a configuration that turns the demo IdP on together with real Suomi.fi metadata. */
export function checkIdentityConfig(): void {
  if (process.env.SUOMIFI_IDP_METADATA && process.env.DEMO_IDP === 'true') {
    throw new Error('DEMO_IDP=true and SUOMIFI_IDP_METADATA are both set: the demo IdP cannot run beside Suomi.fi');
  }
  const level = process.env.SUOMIFI_LEVEL ?? 'loa3';
  if (!(level in LEVELS)) throw new Error(`SUOMIFI_LEVEL must be loa2 or loa3, not ${level}`);
  if (process.env.SUOMIFI_IDP_METADATA && !(process.env.SAML_SP_KEY_PATH && process.env.SAML_SP_CERT_PATH)) {
    throw new Error('SUOMIFI_IDP_METADATA needs SAML_SP_KEY_PATH and SAML_SP_CERT_PATH');
  }
}

export function requestedLevel(): Level {
  return (process.env.SUOMIFI_LEVEL ?? 'loa3') as Level;
}

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

/** Entity id, redirect-binding SSO and SLO addresses and every signing certificate (two during a rotation). */
export function parseIdpMetadata(xml: string): IdpConfig {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const entity = doc.getElementsByTagNameNS(MD, 'EntityDescriptor')[0];
  const idp = doc.getElementsByTagNameNS(MD, 'IDPSSODescriptor')[0];
  if (!entity || !idp) throw new Error('IdP metadata has no EntityDescriptor with an IDPSSODescriptor');
  const location = (tag: string) => {
    const nodes = Array.from(idp.getElementsByTagNameNS(MD, tag));
    return nodes.find((n) => n.getAttribute('Binding') === REDIRECT)?.getAttribute('Location') ?? '';
  };
  const certs = Array.from(idp.getElementsByTagNameNS(MD, 'KeyDescriptor'))
    .filter((k) => (k.getAttribute('use') ?? 'signing') === 'signing')
    .flatMap((k) => Array.from(k.getElementsByTagNameNS(DS, 'X509Certificate')).map((c) => (c.textContent ?? '').replace(/\s+/g, '')))
    .filter(Boolean);
  const config = { demo: false, entityId: entity.getAttribute('entityID') ?? '', ssoUrl: location('SingleSignOnService'), sloUrl: location('SingleLogoutService'), certs };
  if (!config.entityId || !config.ssoUrl || !config.sloUrl || certs.length === 0) throw new Error('IdP metadata lacks an entity id, redirect SSO/SLO address or signing certificate');
  return config;
}

let idpConfig: Promise<IdpConfig> | undefined;
let formTargets: string[] = [];

/** The origins of a real IdP's SSO and SLO addresses: signing out posts a form whose answer redirects there. */
export function formTargetsOf(config: IdpConfig): string[] {
  return config.demo ? [] : [...new Set([config.ssoUrl, config.sloUrl].map((url) => new URL(url).origin))];
}

/** For the CSP's form-action; empty until the metadata is read (the server reads it at start). */
export function identityProviderFormTargets(): readonly string[] {
  return formTargets;
}

export function idp(): Promise<IdpConfig> {
  idpConfig ??= (async (): Promise<IdpConfig> => {
    const source = process.env.SUOMIFI_IDP_METADATA;
    if (source) {
      const xml = /^https?:\/\//.test(source) ? await (await fetch(source)).text() : fs.readFileSync(source, 'utf8');
      const config = parseIdpMetadata(xml);
      formTargets = formTargetsOf(config);
      return config;
    }
    const demoCert = (await demoIdpKeys()).cert;
    return { demo: true, entityId: publicUrl(DEMO_IDP_PATH), ssoUrl: publicUrl(DEMO_IDP_PATH), sloUrl: publicUrl(`${DEMO_IDP_PATH}/slo`), certs: [certBody(demoCert)] };
  })();
  return idpConfig;
}

export async function sp(): Promise<SpConfig> {
  const env = process.env;
  const signing = env.SAML_SP_KEY_PATH && env.SAML_SP_CERT_PATH ? readKeyPair(env.SAML_SP_KEY_PATH, env.SAML_SP_CERT_PATH) : await demoKeyPair('sp-signing', 'Avain SP signing (demo)');
  const encryption =
    env.SAML_SP_ENCRYPTION_KEY_PATH && env.SAML_SP_ENCRYPTION_CERT_PATH
      ? readKeyPair(env.SAML_SP_ENCRYPTION_KEY_PATH, env.SAML_SP_ENCRYPTION_CERT_PATH)
      : env.SAML_SP_KEY_PATH
        ? signing
        : await demoKeyPair('sp-encryption', 'Avain SP encryption (demo)');
  return { entityId: env.SAML_SP_ENTITY_ID ?? publicUrl(METADATA_PATH), level: requestedLevel(), signing, encryption };
}

/** Outstanding request ids in the database, so InResponseTo survives a restart and cannot be used twice. */
const requestCache: CacheProvider = {
  async saveAsync(key, value) {
    const db = getDb();
    db.delete(samlRequests).where(lt(samlRequests.createdAt, new Date(Date.now() - REQUEST_VALID_MS).toISOString())).run();
    db.insert(samlRequests).values({ id: key, createdAt: new Date().toISOString() }).onConflictDoNothing().run();
    return { value, createdAt: Date.now() };
  },
  async getAsync(key) {
    const row = getDb().select().from(samlRequests).where(eq(samlRequests.id, key)).get();
    if (!row || Date.parse(row.createdAt) < Date.now() - REQUEST_VALID_MS) return null;
    return row.createdAt;
  },
  async removeAsync(key) {
    if (!key) return null;
    const row = getDb().delete(samlRequests).where(eq(samlRequests.id, key)).returning().get();
    return row?.createdAt ?? null;
  },
};

export async function serviceProvider(): Promise<SAML> {
  const [i, s] = await Promise.all([idp(), sp()]);
  return new SAML({
    issuer: s.entityId,
    audience: s.entityId,
    callbackUrl: publicUrl(ACS_PATH),
    logoutCallbackUrl: publicUrl(SLO_PATH),
    entryPoint: i.ssoUrl,
    logoutUrl: i.sloUrl,
    idpIssuer: i.entityId,
    idpCert: i.certs,
    privateKey: s.signing.key,
    publicCert: s.signing.cert,
    decryptionPvk: s.encryption.key,
    signatureAlgorithm: 'sha256',
    digestAlgorithm: 'sha256',
    identifierFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
    authnContext: [LEVELS[s.level]],
    racComparison: 'minimum',
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: true,
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: REQUEST_VALID_MS,
    cacheProvider: requestCache,
    acceptedClockSkewMs: 30_000,
  });
}

/** SP metadata for Suomi.fi: entity id, ACS and SLO, signing and encryption certificates, the level. */
export async function spMetadata(): Promise<string> {
  const s = await sp();
  const xml = (await serviceProvider()).generateServiceProviderMetadata(s.encryption.cert, s.signing.cert);
  // The level asked for, as an entity attribute (Suomi.fi reads the level from the request too).
  return xml.replace(
    /(<EntityDescriptor[^>]*>)/,
    `$1<Extensions><mdattr:EntityAttributes xmlns:mdattr="urn:oasis:names:tc:SAML:metadata:attribute"><saml:Attribute xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" Name="FinnishAuthMethod" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"><saml:AttributeValue>${LEVELS[s.level]}</saml:AttributeValue></saml:Attribute></mdattr:EntityAttributes></Extensions>`,
  );
}

// Why an answer from the IdP was refused; each has its own localized page.
export const REFUSALS = ['signature', 'audience', 'expired', 'replayed', 'level', 'unknownPerson', 'cancelled', 'invalid'] as const;
export type Refusal = (typeof REFUSALS)[number];

export class SuomifiRefusal extends Error {
  constructor(
    readonly reason: Refusal,
    detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

/** Sorts node-saml's error messages into the reasons a person is told. */
export function refusalOf(error: unknown): Refusal {
  if (error instanceof SuomifiRefusal) return error.reason;
  const message = error instanceof Error ? error.message : String(error);
  if (/missing|not a valid|Unknown SAML response|parse/i.test(message)) return 'invalid';
  if (/signature|decrypt|cert/i.test(message)) return 'signature';
  if (/audience|issuer/i.test(message)) return 'audience';
  if (/expired|NotBefore|NotOnOrAfter|not yet valid|too old|subject confirmation/i.test(message)) return 'expired';
  if (/InResponseTo/i.test(message)) return 'replayed';
  if (/AuthnFailed|RequestDenied|status/i.test(message)) return 'cancelled';
  return 'invalid';
}

export type SuomifiPerson = { nationalId: string; givenName: string; surname: string; nameId: string; sessionIndex: string | null };

const SAMLP = 'urn:oasis:names:tc:SAML:2.0:protocol';
const SAML_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';

/**
 * Checks what node-saml leaves to the caller: Destination, the level, and that neither the
 * assertion id nor InResponseTo was ever accepted before (stored in the database).
 */
export function acceptAssertion(profile: Profile): SuomifiPerson {
  const responseXml = profile.getSamlResponseXml?.() ?? '';
  const assertionXml = profile.getAssertionXml?.() ?? '';
  const response = new DOMParser().parseFromString(responseXml, 'text/xml').getElementsByTagNameNS(SAMLP, 'Response')[0];
  const destination = response?.getAttribute('Destination');
  if (destination && destination !== publicUrl(ACS_PATH)) throw new SuomifiRefusal('audience', `Destination ${destination}`);
  const assertion = new DOMParser().parseFromString(assertionXml, 'text/xml').getElementsByTagNameNS(SAML_NS, 'Assertion')[0];
  const assertionId = assertion?.getAttribute('ID');
  if (!assertion || !assertionId) throw new SuomifiRefusal('invalid', 'no assertion id');
  const classRef = (assertion.getElementsByTagNameNS(SAML_NS, 'AuthnContextClassRef')[0]?.textContent ?? '').trim();
  const asked = requestedLevel();
  const ok = asked === 'loa2' ? classRef === LEVELS.loa2 || classRef === LEVELS.loa3 : classRef === LEVELS.loa3;
  if (!ok) throw new SuomifiRefusal('level', `level ${classRef || 'none'}`);
  const value = (name: string) => {
    const v = profile[name];
    return typeof v === 'string' ? v.trim() : '';
  };
  const person = {
    nationalId: value(ATTRIBUTES.nationalId).toUpperCase(),
    givenName: value(ATTRIBUTES.givenName),
    surname: value(ATTRIBUTES.surname),
    nameId: profile.nameID,
    sessionIndex: profile.sessionIndex ?? null,
  };
  if (!person.nationalId) throw new SuomifiRefusal('invalid', 'no national id');
  const seenAt = new Date().toISOString();
  const seen: { id: string; kind: 'assertion' | 'in_response_to'; seenAt: string }[] = [{ id: `assertion:${assertionId}`, kind: 'assertion', seenAt }];
  if (profile.inResponseTo) seen.push({ id: `irt:${String(profile.inResponseTo)}`, kind: 'in_response_to' as const, seenAt });
  getDb().transaction((tx) => {
    // An assertion lives minutes (NotOnOrAfter); a day of seen ids is more than enough to refuse replays.
    tx.delete(samlSeenIds).where(lt(samlSeenIds.seenAt, new Date(Date.now() - 86_400_000).toISOString())).run();
    for (const row of seen) {
      const inserted = tx.insert(samlSeenIds).values(row).onConflictDoNothing().run();
      if (inserted.changes === 0) throw new SuomifiRefusal('replayed', row.id);
    }
  });
  return person;
}

/** Ends every Avain session started by this Suomi.fi session (an IdP-initiated logout). */
export function endSuomifiSessions(nameId: string, sessionIndex: string | null | undefined): number {
  const db = getDb();
  const where = sessionIndex ? and(eq(sessions.samlNameId, nameId), eq(sessions.samlSessionIndex, sessionIndex)) : and(eq(sessions.samlNameId, nameId));
  const ended = db.delete(sessions).where(where).run().changes;
  forgetWhatThisRequestRead();
  return ended;
}

/** The Suomi.fi NameID and SessionIndex of a session, for the logout request. */
export function suomifiSessionOf(id: string): { nameId: string; sessionIndex: string | null } | null {
  const row = getDb().select({ nameId: sessions.samlNameId, sessionIndex: sessions.samlSessionIndex }).from(sessions).where(eq(sessions.id, id)).get();
  return row?.nameId ? { nameId: row.nameId, sessionIndex: row.sessionIndex } : null;
}
