// Keys and certificates for SAML: read from the paths in the environment, or, for the demo, made
// once at first start in `saml/` beside the database file (git-ignored with the database).
import fs from 'node:fs';
import path from 'node:path';
import { generate } from 'selfsigned';
import { databasePath } from '../../db/client.server';

export type KeyPair = { key: string; cert: string };

export function samlKeyDir(): string {
  return path.join(path.dirname(path.resolve(databasePath())), 'saml');
}

const made = new Map<string, Promise<KeyPair>>();

/** The key pair `name` in the key directory, made (self-signed, RSA 2048, SHA-256) if missing. */
export function demoKeyPair(name: string, commonName: string): Promise<KeyPair> {
  const dir = samlKeyDir();
  const keyFile = path.join(dir, `${name}.key`);
  const certFile = path.join(dir, `${name}.crt`);
  const cacheKey = keyFile;
  let pair = made.get(cacheKey);
  if (!pair) {
    pair = (async () => {
      if (fs.existsSync(keyFile) && fs.existsSync(certFile)) {
        return { key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8') };
      }
      const pems = await generate([{ name: 'commonName', value: commonName }], { keySize: 2048, algorithm: 'sha256', notAfterDate: new Date(Date.now() + 10 * 365 * 86_400_000) });
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(keyFile, pems.private, { mode: 0o600 });
      fs.writeFileSync(certFile, pems.cert);
      return { key: pems.private, cert: pems.cert };
    })();
    made.set(cacheKey, pair);
  }
  return pair;
}

export function readKeyPair(keyPath: string, certPath: string): KeyPair {
  return { key: fs.readFileSync(keyPath, 'utf8'), cert: fs.readFileSync(certPath, 'utf8') };
}

/** The base64 body of a PEM certificate, as metadata and node-saml's idpCert take it. */
export function certBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}

export function demoIdpKeys(): Promise<KeyPair> {
  return demoKeyPair('demo-idp', 'Avain demo IdP (not Suomi.fi)');
}
