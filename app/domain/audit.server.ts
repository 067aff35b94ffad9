import { sql } from 'drizzle-orm';
import { auditLog } from '../../db/schema';
import { preparedPerConnection } from './prepared.server';

export type AuditEvent = {
  actorUserId: number | null;
  action: string;
  subjectType?: string;
  subjectId?: string | number;
  details?: Record<string, unknown>;
  ip?: string;
  /** The client a client or representative acted for (Actor.actingForClientId). */
  actingForClientId?: number | null;
};

// Two inserts: drizzle would encode a null placeholder in the JSON column as the text 'null'.
const auditInserts = preparedPerConnection((db) => {
  const columns = {
    actorUserId: sql.placeholder('actorUserId'),
    action: sql.placeholder('action'),
    subjectType: sql.placeholder('subjectType'),
    subjectId: sql.placeholder('subjectId'),
    ip: sql.placeholder('ip'),
    actingForClientId: sql.placeholder('actingForClientId'),
  };
  return {
    withDetails: db
      .insert(auditLog)
      .values({ ...columns, details: sql.placeholder('details') })
      .prepare(),
    withoutDetails: db.insert(auditLog).values(columns).prepare(),
  };
});

/**
 * Appends one row to the audit log on the app's connection (getDb(), where the insert is
 * prepared): inside the caller's immediate() when one is open, since a transaction belongs to
 * its connection.
 */
export function audit(event: AuditEvent): void {
  const row = {
    actorUserId: event.actorUserId,
    action: event.action,
    subjectType: event.subjectType ?? null,
    subjectId: event.subjectId === undefined ? null : String(event.subjectId),
    ip: event.ip ?? null,
    actingForClientId: event.actingForClientId ?? null,
  };
  // drizzle encodes a placeholder's value with the column (JSON here) in an insert.
  if (event.details === undefined) auditInserts().withoutDetails.run(row);
  else auditInserts().withDetails.run({ ...row, details: event.details });
}
