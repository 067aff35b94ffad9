// The demo worker and administrator accounts come with the second factor enrolled from one fixed,
// published secret (README), so the demo still signs in. Demo data only: a real account enrols its
// own secret at first sign-in.
import { inArray } from 'drizzle-orm';
import type { AppDatabase } from '../client.server';
import { users } from '../schema';
import { enrolWithSecret } from '../../app/auth/secondFactor.server';

/** Base32, for any authenticator app or `npm run demo:code`. */
export const DEMO_TOTP_SECRET = 'AVAINDEMOTOTPKEYFORDEMODATAONLY2';
export const DEMO_SECOND_FACTOR_EMAILS = ['admin@example.fi', 'worker@example.fi', 'worker2@example.fi'];

export function seedDemoSecondFactors(db: AppDatabase): void {
  db.transaction((tx) => {
    const staff = tx.select({ id: users.id }).from(users).where(inArray(users.email, DEMO_SECOND_FACTOR_EMAILS)).all();
    for (const { id } of staff) enrolWithSecret(tx, id, DEMO_TOTP_SECRET);
  });
}
