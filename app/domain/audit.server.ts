import { auditLog } from '../../db/schema';
import type { AppDatabase } from '../../db/client.server';

type Writer = Pick<AppDatabase, 'insert'>;

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

/** Appends one row to the audit log (inside the caller's transaction when given one). */
export function audit(db: Writer, event: AuditEvent): void {
  db.insert(auditLog)
    .values({
      actorUserId: event.actorUserId,
      action: event.action,
      subjectType: event.subjectType ?? null,
      subjectId: event.subjectId === undefined ? null : String(event.subjectId),
      details: event.details ?? null,
      ip: event.ip ?? null,
      actingForClientId: event.actingForClientId ?? null,
    })
    .run();
}
