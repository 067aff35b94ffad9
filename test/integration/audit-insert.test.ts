// The audit and access-log inserts are prepared once per connection (app/domain/prepared.server.ts):
// what they store must be what the columns say, as drizzle's own inserts stored it.
import { desc } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { accessLog, auditLog } from '../../db/schema';
import { audit } from '../../app/domain/audit.server';
import { recordAccess } from '../../app/domain/accessLog.server';
import { immediate } from '../../app/domain/transaction.server';
import { clientByPhone, userByEmail } from '../helpers/fixtures';

const newestAuditRaw = () =>
  getDb().$client.prepare('SELECT action, typeof(details) AS detailsType, details, subject_id, created_at FROM audit_log ORDER BY id DESC LIMIT 1').get() as {
    action: string;
    detailsType: string;
    details: string | null;
    subject_id: string | null;
    created_at: string;
  };

describe('prepared audit and access-log inserts', () => {
  test('an event without details stores SQL NULL, one with details stores its JSON', () => {
    audit({ actorUserId: null, action: 'test.no_details', subjectType: 'client', subjectId: 7 });
    expect(newestAuditRaw()).toMatchObject({ action: 'test.no_details', detailsType: 'null', subject_id: '7' });
    expect(newestAuditRaw().created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    audit({ actorUserId: null, action: 'test.details', details: { amountCents: 4500, note: 'ä' } });
    expect(newestAuditRaw()).toMatchObject({ detailsType: 'text', details: '{"amountCents":4500,"note":"ä"}' });
    expect(getDb().select().from(auditLog).orderBy(desc(auditLog.id)).get()!.details).toEqual({ amountCents: 4500, note: 'ä' });
  });

  test('inside a transaction the rows commit or roll back with it', () => {
    const before = getDb().select().from(auditLog).all().length;
    expect(() =>
      immediate(() => {
        audit({ actorUserId: null, action: 'test.rolled_back' });
        throw new Error('undo');
      }),
    ).toThrow('undo');
    expect(getDb().select().from(auditLog).all().length).toBe(before);
  });

  test('an access row keeps its boolean and time', () => {
    const aino = clientByPhone('+358401234567');
    const worker = userByEmail('worker@example.fi');
    recordAccess({ clientId: aino.id, actor: { id: worker.id, role: 'worker' }, kind: 'record', basis: 'own_client', succeeded: false }, new Date('2026-11-02T08:00:00Z'));
    const row = getDb().select().from(accessLog).orderBy(desc(accessLog.id)).get()!;
    expect(row).toMatchObject({ clientId: aino.id, actorUserId: worker.id, succeeded: false, createdAt: '2026-11-02T08:00:00.000Z', providerId: null });
  });
});
