import { currentTime } from '../domain/clock';
import { hash, verify } from '@node-rs/argon2';

// argon2id with the OWASP 2024 minimum (m=19 MiB, t=2, p=1).
const ARGON2ID = 2;
const options = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A temporary password stops working this many hours after it was made (TEMPORARY_PASSWORD_HOURS, default 72). */
export const TEMPORARY_PASSWORD_HOURS = Number(process.env.TEMPORARY_PASSWORD_HOURS ?? 72);

/** When a temporary password made at `now` stops working, as stored in users.temporary_password_expires_at. */
export function temporaryPasswordExpiry(now = currentTime()): string {
  return new Date(now.getTime() + TEMPORARY_PASSWORD_HOURS * 3_600_000).toISOString();
}

/** True when the account signs in with a temporary password that is past its time. */
export function temporaryPasswordExpired(user: { mustChangePassword: boolean; temporaryPasswordExpiresAt: string | null }, now = currentTime()): boolean {
  return user.mustChangePassword && user.temporaryPasswordExpiresAt !== null && user.temporaryPasswordExpiresAt <= now.toISOString();
}
