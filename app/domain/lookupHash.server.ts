// A keyed hash of a phone number a provider asked about and was refused. The audit log must let the
// region see that the same number was probed again or by several providers, and answer a person's
// "was my number looked up?", without keeping every number anyone typed in clear. A plain hash of a
// Finnish phone number is reversed by trying them all; an HMAC with a server secret is not.
import crypto from 'node:crypto';
import { serverKeyText } from '../utils/serverKey.server';
import { toE164 } from './phone';

/** LOOKUP_HASH_KEY, or a random key made once and kept beside the database file (mode 0600). */
function lookupHashKey(): Buffer {
  return Buffer.from(serverKeyText('LOOKUP_HASH_KEY', 'lookup-hash.key'), 'utf8');
}

/** HMAC-SHA256 of the number as asked, in E.164 when it is a phone number (so 040… and +35840… agree). */
export function phoneLookupHash(phoneAsTyped: string): string {
  const number = toE164(phoneAsTyped) ?? phoneAsTyped.trim();
  return crypto.createHmac('sha256', lookupHashKey()).update(number).digest('hex');
}
