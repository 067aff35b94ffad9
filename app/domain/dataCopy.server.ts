// A copy of everything Avain holds about one client (GDPR art. 15 and 20): profile, decisions and
// budget lines, every ledger row, plans with their history, conversations and messages,
// representatives and the access log. The same data is rendered as a printable HTML page and
// served as JSON. Only rows that belong to this client are read: every query is by client id.
import { asc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { getDb } from '../../db/client.server';
import { clients, conversations, ledgerEntries, messages, municipalities, providers, services, users } from '../../db/schema';
import { allAccessRowsFor } from './accessLog.server';
import { currentTime } from './clock';
import { decisionsOf } from './decisions.server';
import { contactEmail, representativesOf } from './clientRecords.server';
import { planHistory } from './plans.server';

const ownWorker = alias(users, 'own_worker');
const login = alias(users, 'login');
const author = alias(users, 'author');

function profileOf(clientId: number) {
  return getDb()
    .select({
      id: clients.id,
      firstName: clients.firstName,
      lastName: clients.lastName,
      phone: clients.phone,
      language: clients.language,
      group: clients.group,
      municipalityCode: clients.municipalityCode,
      municipalityFi: municipalities.nameFi,
      municipalitySv: municipalities.nameSv,
      serviceEndedOn: clients.serviceEndedOn,
      createdAt: clients.createdAt,
      loginEmail: login.email,
      ownWorkerFirstName: ownWorker.firstName,
      ownWorkerLastName: ownWorker.lastName,
      ownWorkerEmail: ownWorker.email,
      ownWorkerPhone: ownWorker.phone,
    })
    .from(clients)
    .innerJoin(municipalities, eq(municipalities.code, clients.municipalityCode))
    .innerJoin(ownWorker, eq(ownWorker.id, clients.ownWorkerId))
    .leftJoin(login, eq(login.id, clients.userId))
    .where(eq(clients.id, clientId))
    .get();
}


function ledgerOf(clientId: number) {
  const refunded = alias(ledgerEntries, 'refunded');
  return getDb()
    .select({
      kind: ledgerEntries.kind,
      receiptNumber: ledgerEntries.receiptNumber,
      createdAt: ledgerEntries.createdAt,
      serviceDate: ledgerEntries.serviceDate,
      budgetMonth: ledgerEntries.budgetMonth,
      serviceNameFi: services.nameFi,
      serviceNameSv: services.nameSv,
      providerName: providers.name,
      quantityHundredths: ledgerEntries.quantityHundredths,
      unitPriceCents: ledgerEntries.unitPriceCents,
      amountCents: ledgerEntries.amountCents,
      refundOfReceipt: refunded.receiptNumber,
      reason: ledgerEntries.reason,
    })
    .from(ledgerEntries)
    .innerJoin(services, eq(services.id, ledgerEntries.serviceId))
    .innerJoin(providers, eq(providers.id, ledgerEntries.providerId))
    .leftJoin(refunded, eq(refunded.id, ledgerEntries.refundOfId))
    .where(eq(ledgerEntries.clientId, clientId))
    .orderBy(asc(ledgerEntries.createdAt), asc(ledgerEntries.id))
    .all();
}

function conversationsOf(clientId: number) {
  const db = getDb();
  const rows = db.select().from(conversations).where(eq(conversations.clientId, clientId)).orderBy(asc(conversations.id)).all();
  const ids = rows.map((row) => row.id);
  const exchange = ids.length
    ? db
        .select({
          conversationId: messages.conversationId,
          createdAt: messages.createdAt,
          body: messages.body,
          authorFirstName: author.firstName,
          authorLastName: author.lastName,
          authorRole: author.role,
        })
        .from(messages)
        .innerJoin(author, eq(author.id, messages.authorUserId))
        .where(inArray(messages.conversationId, ids))
        .orderBy(asc(messages.id))
        .all()
    : [];
  return rows.map((row) => ({
    id: row.id,
    topic: row.topic,
    subject: row.subject,
    status: row.status,
    createdAt: row.createdAt,
    closedAt: row.closedAt,
    messages: exchange.filter((message) => message.conversationId === row.id).map(({ conversationId: _, ...message }) => message),
  }));
}

/** Everything about the client, or undefined when there is no such client. */
export function dataCopyFor(clientId: number, now = currentTime()) {
  const profile = profileOf(clientId);
  if (!profile) return undefined;
  return {
    generatedAt: now.toISOString(),
    // A Suomi.fi login without an e-mail has a placeholder address that is nobody's to show.
    profile: { ...profile, hasLogin: profile.loginEmail !== null, loginEmail: profile.loginEmail === null ? null : contactEmail(profile.loginEmail) },
    // The representatives as the client knows them: no internal user ids in the copy.
    representatives: representativesOf(clientId).map(({ userId: _userId, ...rep }) => rep),
    decisions: decisionsOf(clientId, now).map(({ lines, ...decision }) => ({
      id: decision.id,
      validFrom: decision.validFrom,
      validTo: decision.validTo,
      status: decision.status,
      replacesDecisionId: decision.replacesDecisionId,
      caregiverLeaveSwap: decision.caregiverLeaveSwap,
      note: decision.note,
      createdAt: decision.createdAt,
      lines: lines.map((line) => ({ serviceNameFi: line.serviceNameFi, serviceNameSv: line.serviceNameSv, monthlyCents: line.monthlyCents })),
    })),
    ledger: ledgerOf(clientId),
    plans: planHistory(clientId),
    conversations: conversationsOf(clientId),
    accessLog: allAccessRowsFor(clientId).map((row) => ({
      createdAt: row.createdAt,
      who: row.who,
      role: row.role,
      kind: row.kind,
      basis: row.basis,
      reasonCode: row.reasonCode,
      reasonText: row.reasonText,
      succeeded: row.succeeded,
    })),
  };
}

export type DataCopy = NonNullable<ReturnType<typeof dataCopyFor>>;

/** The copy as a downloadable JSON file (UTF-8, never cached). */
export function dataCopyJsonResponse(clientId: number, now = currentTime()): Response {
  const copy = dataCopyFor(clientId, now);
  if (!copy) return new Response('Not found', { status: 404 });
  return new Response(JSON.stringify(copy, null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="avain-tiedot-${copy.generatedAt.slice(0, 10)}.json"`,
      'Cache-Control': 'no-store',
    },
  });
}
