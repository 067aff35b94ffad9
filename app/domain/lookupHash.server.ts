// A keyed hash of a phone number a provider asked about and was refused. The audit log must let the
// region see that the same number was probed again or by several providers, and answer a person's
// "was my number looked up?", without keeping every number anyone typed in clear. A plain hash of a
// Finnish phone number is reversed by trying them all; an HMAC with a server secret is not.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { databasePath } from '../../db/client.server';
import { toE164 } from './phone';

const KEY_FILE = 'lookup-hash.key';
let cachedKey: Buffer | null = null;

/** LOOKUP_HASH_KEY, or a random key made once and kept beside the database file (mode 0600). */
function lookupHashKey(): Buffer {
  if (cachedKey) return cachedKey;
  const fromEnv = process.env.LOOKUP_HASH_KEY;
  if (fromEnv) return (cachedKey = Buffer.from(fromEnv, 'utf8'));
  const file = path.join(path.dirname(path.resolve(databasePath())), KEY_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Written aside and linked into place, so a second process never reads a half-written key.
    const draft = `${file}.${process.pid}.${crypto.randomUUID()}`;
    fs.writeFileSync(draft, crypto.randomBytes(32).toString('hex'), { mode: 0o600 });
    try {
      fs.linkSync(draft, file);
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
    } finally {
      fs.unlinkSync(draft);
    }
  }
  return (cachedKey = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'utf8'));
}

/** HMAC-SHA256 of the number as asked, in E.164 when it is a phone number (so 040… and +35840… agree). */
export function phoneLookupHash(phoneAsTyped: string): string {
  const number = toE164(phoneAsTyped) ?? phoneAsTyped.trim();
  return crypto.createHmac('sha256', lookupHashKey()).update(number).digest('hex');
}
