// The choice on /act-for: whom a client or representative acts for in this session.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '../../db/client.server';
import { clients, representativeLinks, type RepresentationBasis } from '../../db/schema';
import { actingForChoices, type Actor } from '../auth/guards.server';
import { setActingFor } from '../auth/session.server';
import { audit } from './audit.server';

export const actingForSchema = z.object({
  clientId: z.coerce.number('auth:actingFor.errors.choose').int('auth:actingFor.errors.choose').positive('auth:actingFor.errors.choose').max(2_147_483_647, 'auth:actingFor.errors.choose'),
});

/** Records the choice in the session and the audit log; 'notAllowed' for a client not among the choices. */
export function chooseActingFor(request: Request, actor: Actor, clientId: number, how: { skipped?: boolean } = {}): 'chosen' | 'notAllowed' {
  const choices = actingForChoices(actor);
  if (!choices.some((client) => client.id === clientId)) return 'notAllowed';
  setActingFor(request, clientId);
  audit({
    actorUserId: actor.id,
    action: 'acting_for.chosen',
    subjectType: 'client',
    subjectId: clientId,
    actingForClientId: clientId,
    details: { previous: actor.actingForClientId ?? null, ...(how.skipped ? { skipped: true } : {}) },
    ip: actor.ip,
  });
  return 'chosen';
}

export type ActingForChoice = { id: number; name: string; self: boolean; basis: RepresentationBasis | null; validUntil: string | null };

/** The chooser's options: the person's own record first, then the clients they represent with the link's basis. */
export function actingForOptions(actor: Pick<Actor, 'id' | 'role'>): ActingForChoice[] {
  const links = new Map(
    getDb()
      .select({ clientId: representativeLinks.clientId, basis: representativeLinks.basis, validUntil: representativeLinks.validUntil })
      .from(representativeLinks)
      .where(eq(representativeLinks.userId, actor.id))
      .all()
      .map((link) => [link.clientId, link]),
  );
  const own = getDb().select({ id: clients.id }).from(clients).where(eq(clients.userId, actor.id)).get();
  return actingForChoices(actor).map((client) => {
    const link = links.get(client.id);
    const self = own?.id === client.id;
    return { id: client.id, name: `${client.firstName} ${client.lastName}`, self, basis: self ? null : (link?.basis ?? null), validUntil: self ? null : (link?.validUntil ?? null) };
  });
}
