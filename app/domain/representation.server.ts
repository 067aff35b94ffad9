// Who may act for which client as a representative, and on what basis.
//
// Today the only source is the link the own worker records (basis, decision date, validity). The
// seam: a `RepresentationSource` answers "the clients this person may act for today"; a later
// Suomi.fi-valtuudet check implements the same interface and is combined with the worker-recorded
// one (Valtuudet does not pass guardianship (edunvalvonta) data, so the recorded link stays primary).
import { and, eq, gte, isNull, lte, or, type Placeholder, type SQL } from 'drizzle-orm';
import { getDb } from '../../db/client.server';
import { representativeLinks } from '../../db/schema';
import { helsinkiDate } from './months';

/** A link is in force on `today` when it has begun and not ended (both days inclusive). */
export function linkInForce(today: string | Placeholder): SQL {
  return and(
    or(isNull(representativeLinks.validFrom), lte(representativeLinks.validFrom, today)),
    or(isNull(representativeLinks.validUntil), gte(representativeLinks.validUntil, today)),
  )!;
}

function recordedLinkClientIds(userId: number | Placeholder, today: string | Placeholder) {
  return getDb()
    .select({ id: representativeLinks.clientId })
    .from(representativeLinks)
    .where(and(eq(representativeLinks.userId, userId), linkInForce(today)));
}

/** The seam: where "may act for" comes from. A Valtuudet-backed source implements this too. */
export interface RepresentationSource {
  /**
   * A subquery of the ids of the clients `userId` may act for on `today` (YYYY-MM-DD, Helsinki).
   * Either may be a placeholder: the hot pages prepare their statements once (see
   * `representationSource`).
   */
  clientIds(userId: number | Placeholder, today: string | Placeholder): ReturnType<typeof recordedLinkClientIds>;
}

/** The links the own worker recorded (representative_links), those in force today. */
export const workerRecordedLinks: RepresentationSource = { clientIds: recordedLinkClientIds };

let source: RepresentationSource = workerRecordedLinks;

/** The clients `userId` may act for as a representative today (a subquery for `inArray(clients.id, …)`). */
export function representedClientIds(userId: number | Placeholder, today: string | Placeholder = helsinkiDate()) {
  return source.clientIds(userId, today);
}

/** The source in use: a statement prepared with its subquery is prepared again when it is replaced. */
export function representationSource(): RepresentationSource {
  return source;
}

/** Replaces the source (a Valtuudet-backed one later; tests). Returns the previous one. */
export function setRepresentationSource(next: RepresentationSource): RepresentationSource {
  const previous = source;
  source = next;
  return previous;
}
