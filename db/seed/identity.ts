// Demo identity codes for the demo clients and representatives: test range (individual number
// 900–999) with the right check character. README lists them; the demo IdP signs them in.
import { eq } from 'drizzle-orm';
import type { AppDatabase } from '../client.server';
import { users } from '../schema';

export const DEMO_IDENTITY_CODES: { email: string; nationalId: string; name: string }[] = [
  { email: 'client@example.fi', nationalId: '120340-901J', name: 'Aino Korhonen' },
  { email: 'klient@example.fi', nationalId: '050752-902C', name: 'Elsa Nyström' },
  { email: 'caregiver@example.fi', nationalId: '150568-903C', name: 'Marja Kinnunen' },
];

export function seedDemoIdentities(db: AppDatabase): void {
  for (const person of DEMO_IDENTITY_CODES) {
    db.update(users).set({ nationalId: person.nationalId }).where(eq(users.email, person.email)).run();
  }
}
