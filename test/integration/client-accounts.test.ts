// A worker adds a client and links representatives (many-to-many); the audit log viewer filters.
import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { auditLog, clients, representativeLinks } from '../../db/schema';
import { createClient, linkRepresentative } from '../../app/domain/clientAccounts.server';
import { auditEntries, auditFilterFrom, helsinkiMidnightUtc } from '../../app/domain/auditViewer.server';
import * as auditRoute from '../../app/routes/admin.audit';
import * as newClientRoute from '../../app/routes/worker.clients.new';
import { clientByPhone, userByEmail } from '../helpers/fixtures';
import { cookieFor, getRequest, postRequest, run } from '../helpers/requests';

const worker = () => ({ id: userByEmail('worker@example.fi').id, ip: '203.0.113.7' });

describe('client accounts', () => {
  test('a new client becomes the worker’s own; a phone number is unique', async () => {
    const input = { firstName: 'Toini', lastName: 'Kemppainen', phone: '040 765 4321', municipalityCode: '205', language: 'fi' as const, group: 'hb' as const };
    const result = await createClient(worker(), input);
    if (result.kind !== 'created') throw new Error(JSON.stringify(result));
    expect(result.temporaryPassword).toBeNull();
    const client = getDb().select().from(clients).where(eq(clients.id, result.clientId)).get();
    expect(client).toMatchObject({ phone: '+358407654321', ownWorkerId: worker().id, group: 'hb', userId: null });
    expect(await createClient(worker(), input)).toEqual({ kind: 'invalid', errors: { phone: 'backoffice:accounts.errors.phoneTaken' } });
  });

  test('with an e-mail the client gets a login and a one-time password (route answers once, no-store)', async () => {
    const result = await run(
      newClientRoute.action,
      postRequest('/worker/clients/new', { firstName: 'Sulo', lastName: 'Piirainen', phone: '0401112223', municipalityCode: '765', language: 'fi', group: 'comparison', email: 'sulo@example.fi' }, cookieFor('worker@example.fi')),
    );
    expect(result.status).toBe(200);
    expect(result.data).toMatchObject({ kind: 'created', email: 'sulo@example.fi' });
    expect(userByEmail('sulo@example.fi')).toMatchObject({ role: 'client', mustChangePassword: true });
  });

  test('a representative can represent several clients and a client can have several representatives', async () => {
    const tauno = clientByPhone('+358400372915');
    const aino = clientByPhone('+358401234567');
    expect((await linkRepresentative(worker(), tauno.id, { email: 'caregiver@example.fi', relationship: 'naapuri' })).kind).toBe('linked');
    const created = await linkRepresentative(worker(), tauno.id, { email: 'poika@example.fi', firstName: 'Pekka', lastName: 'Heikkinen', relationship: 'poika' });
    expect(created).toMatchObject({ kind: 'linked', email: 'poika@example.fi' });
    expect((await linkRepresentative(worker(), aino.id, { email: 'poika@example.fi' })).kind).toBe('linked');
    expect(getDb().select().from(representativeLinks).where(eq(representativeLinks.clientId, tauno.id)).all()).toHaveLength(2);
    expect(await linkRepresentative(worker(), tauno.id, { email: 'poika@example.fi' })).toEqual({ kind: 'invalid', errors: { email: 'backoffice:accounts.errors.alreadyLinked' } });
    expect(await linkRepresentative(worker(), tauno.id, { email: 'provider@example.fi' })).toEqual({ kind: 'invalid', errors: { email: 'backoffice:accounts.errors.notRepresentative' } });
    expect(await linkRepresentative(worker(), tauno.id, { email: 'tuntematon@example.fi' })).toMatchObject({ kind: 'invalid' });
    expect(await linkRepresentative({ id: userByEmail('worker2@example.fi').id }, tauno.id, { email: 'caregiver@example.fi' })).toEqual({ kind: 'notFound' });
  });
});

describe('audit log viewer', () => {
  test('filters by kind of event and person; a Helsinki day starts at 22 or 21 UTC', async () => {
    const all = auditEntries(auditFilterFrom(new URL('http://x/admin/audit')));
    expect(all.total).toBeGreaterThan(0);
    const linked = auditEntries(auditFilterFrom(new URL('http://x/admin/audit?category=users&actor=worker@example')));
    expect(linked.rows.length).toBeGreaterThan(0);
    expect(linked.rows.every((row) => row.actorEmail === 'worker@example.fi' && /^(user|client)\./.test(row.action))).toBe(true);
    const none = auditEntries(auditFilterFrom(new URL('http://x/admin/audit?from=2020-01-01&to=2020-01-02')));
    expect(none.total).toBe(0);
    expect(helsinkiMidnightUtc('2026-01-15')).toBe('2026-01-14T22:00:00.000Z');
    expect(helsinkiMidnightUtc('2026-07-15')).toBe('2026-07-14T21:00:00.000Z');
    const page = await run(auditRoute.loader, getRequest('/admin/audit?category=bogus&page=-3', cookieFor('admin@example.fi')));
    expect(page.status).toBe(200);
    expect((page.data as { filter: { category: null; page: number } }).filter).toMatchObject({ category: null, page: 1 });
    expect(getDb().select().from(auditLog).all().length).toBe(all.total + 0);
  });
});
