// Identity codes: validated with finnish-ssn, entered by the own worker for a new client or a
// representative link, unique, shown in full only on the own worker's client page.
import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { clients, users } from '../../db/schema';
import { DEMO_IDENTITY_CODES } from '../../db/seed/identity';
import { isTestNationalId, isValidNationalId, maskNationalId, nationalIdFor } from '../../app/domain/nationalId';
import * as newClientRoute from '../../app/routes/worker+/clients.new';
import * as clientPage from '../../app/routes/worker+/clients.$id._index';
import * as representativesRoute from '../../app/routes/worker+/clients.$id.representatives';
import { cookieFor, getRequest, postRequest, run } from '../helpers/requests';

const newClient = (fields: Record<string, string>) =>
  run(newClientRoute.action, postRequest('/worker/clients/new', { firstName: 'Sulo', lastName: 'Piirainen', phone: '0401112299', municipalityCode: '765', language: 'fi', group: 'hb', ...fields }, cookieFor('worker@example.fi')));

describe('identity codes', () => {
  test('the demo persons have valid test-range codes', () => {
    for (const person of DEMO_IDENTITY_CODES) {
      expect(isTestNationalId(person.nationalId), person.name).toBe(true);
      expect(getDb().select().from(users).where(eq(users.email, person.email)).get()?.nationalId).toBe(person.nationalId);
    }
    expect(isValidNationalId('120340-901K')).toBe(false); // wrong check character
    expect(nationalIdFor('010101', 'A', 904)).toBe('010101A904V');
    expect(maskNationalId('120340-901J')).toBe('120340-****');
  });

  test('a worker creates a client with an identity code: a Suomi.fi login without a password; a wrong code keeps what was typed', async () => {
    const wrong = await newClient({ nationalId: '010101A904X' });
    expect(wrong.status).toBe(400);
    expect(wrong.data).toMatchObject({ errors: { nationalId: 'backoffice:accounts.errors.nationalIdInvalid' }, values: { nationalId: '010101A904X' } });
    const created = await newClient({ nationalId: '010101a904v' });
    expect(created.status).toBe(303);
    const user = getDb().select().from(users).where(eq(users.nationalId, '010101A904V')).get();
    expect(user).toMatchObject({ role: 'client', mustChangePassword: false });
    const client = getDb().select().from(clients).where(eq(clients.userId, user!.id)).get()!;
    const page = await run(clientPage.loader, getRequest(`/worker/clients/${client.id}`, cookieFor('worker@example.fi')), { id: String(client.id) });
    expect(page.data).toMatchObject({ nationalId: '010101A904V' });
    // Another worker cannot open the page at all.
    expect((await run(clientPage.loader, getRequest(`/worker/clients/${client.id}`, cookieFor('worker2@example.fi')), { id: String(client.id) })).status).toBe(404);
    const again = await newClient({ nationalId: '010101A904V', phone: '0401112298' });
    expect(again.data).toMatchObject({ errors: { nationalId: 'backoffice:accounts.errors.nationalIdTaken' } });
  });

  test('a new representative link records the identity code', async () => {
    const aino = getDb().select().from(clients).where(eq(clients.phone, '+358401234567')).get()!;
    const code = nationalIdFor('020202', 'A', 905);
    const result = await run(
      representativesRoute.action,
      postRequest(`/worker/clients/${aino.id}/representatives`, { nationalId: code, email: 'tytar@example.fi', firstName: 'Tiina', lastName: 'Korhonen', relationship: 'tytär', basis: 'authorised' }, cookieFor('worker@example.fi')),
      { id: String(aino.id) },
    );
    expect(result.status).toBeLessThan(400);
    expect(getDb().select().from(users).where(eq(users.email, 'tytar@example.fi')).get()?.nationalId).toBe(code);
  });
});
