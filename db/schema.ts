import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
  type AnySQLiteColumn,
} from 'drizzle-orm/sqlite-core';

// Timestamps are ISO-8601 UTC strings (sortable, readable in the SQLite shell).
const createdAt = () =>
  text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);

export const ROLES = ['client', 'representative', 'worker', 'provider', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const LANGUAGES = ['fi', 'sv'] as const;
export type Language = (typeof LANGUAGES)[number];
export const SERVICE_LANGUAGES = ['fi', 'sv', 'en'] as const;
export const CLIENT_GROUPS = ['hb', 'comparison'] as const;
export const PROVIDER_STATUSES = ['pending', 'approved', 'suspended', 'rejected'] as const;
export const SERVICE_UNITS = ['hour', 'visit', 'meal', 'day', 'trip', 'kilo'] as const;
export type ServiceUnit = (typeof SERVICE_UNITS)[number];

export const municipalities = sqliteTable('municipalities', {
  code: text('code').primaryKey(), // Statistics Finland municipality code, e.g. '205' Kajaani
  nameFi: text('name_fi').notNull(),
  nameSv: text('name_sv').notNull(),
});

export const providers = sqliteTable(
  'providers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    businessId: text('business_id').notNull(), // Y-tunnus, e.g. 1234567-1
    contactName: text('contact_name').notNull(),
    email: text('email').notNull(),
    phone: text('phone').notNull(),
    streetAddress: text('street_address').notNull().default(''),
    website: text('website'),
    descriptionFi: text('description_fi').notNull().default(''),
    descriptionSv: text('description_sv').notNull().default(''),
    accessibilityFi: text('accessibility_fi').notNull().default(''),
    accessibilitySv: text('accessibility_sv').notNull().default(''),
    status: text('status', { enum: PROVIDER_STATUSES }).notNull().default('pending'),
    statusReason: text('status_reason'),
    approvedAt: text('approved_at'),
    createdAt: createdAt(),
    // Invoicing details for Finvoice e-invoices (null until the provider gives them).
    iban: text('iban'), // electronic form, checksum-validated: FI2112345600000785
    bic: text('bic'),
    einvoiceAddress: text('einvoice_address'), // the provider's e-invoice address (OVT)
    einvoiceOperator: text('einvoice_operator'), // the operator's id (intermediator)
  },
  (t) => [uniqueIndex('providers_business_id').on(t.businessId), index('providers_status').on(t.status)],
);

export const providerMunicipalities = sqliteTable(
  'provider_municipalities',
  {
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id),
    municipalityCode: text('municipality_code')
      .notNull()
      .references(() => municipalities.code),
  },
  (t) => [primaryKey({ columns: [t.providerId, t.municipalityCode] })],
);

export const providerLanguages = sqliteTable(
  'provider_languages',
  {
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id),
    language: text('language', { enum: SERVICE_LANGUAGES }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.providerId, t.language] })],
);

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email').notNull(), // stored lower-case
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    language: text('language', { enum: LANGUAGES }).notNull().default('fi'),
    phone: text('phone'),
    providerId: integer('provider_id').references(() => providers.id), // provider staff only
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
    // A temporary (one-time) password stops working at this time; null for the person's own password.
    temporaryPasswordExpiresAt: text('temporary_password_expires_at'),
    // Finnish identity code, upper-case; clients and representatives sign in with Suomi.fi by it.
    nationalId: text('national_id'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('users_email').on(t.email),
    index('users_role').on(t.role),
    uniqueIndex('users_national_id').on(t.nationalId).where(sql`${t.nationalId} IS NOT NULL`),
  ],
);

export const services = sqliteTable(
  'services',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull(),
    nameFi: text('name_fi').notNull(),
    nameSv: text('name_sv').notNull(),
    unit: text('unit', { enum: SERVICE_UNITS }).notNull(),
    // 'hb': services of the HB pilot for older and disabled people;
    // 'caregiver': services a family caregiver may swap statutory leave for.
    category: text('category', { enum: ['hb', 'caregiver'] }).notNull(),
    retiredAt: text('retired_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('services_code').on(t.code)],
);

export const clients = sqliteTable(
  'clients',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id').references(() => users.id), // null when the client has no own login
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    phone: text('phone').notNull(), // E.164, e.g. +358401234567
    municipalityCode: text('municipality_code')
      .notNull()
      .references(() => municipalities.code),
    language: text('language', { enum: LANGUAGES }).notNull().default('fi'),
    ownWorkerId: integer('own_worker_id')
      .notNull()
      .references(() => users.id),
    group: text('client_group', { enum: CLIENT_GROUPS }).notNull(),
    // The day the client's matter closed (they left the service); retention runs from it.
    serviceEndedOn: text('service_ended_on'), // YYYY-MM-DD, Helsinki date
    // When the retention job anonymised this row (names, phone, login removed; ledger kept).
    erasedAt: text('erased_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('clients_phone').on(t.phone),
    uniqueIndex('clients_user').on(t.userId),
    index('clients_worker').on(t.ownWorkerId),
    index('clients_name').on(t.lastName, t.firstName, t.id),
    // The evaluation report counts every client by group and joining day from this index alone.
    index('clients_group_joined').on(t.group, t.createdAt),
  ],
);

// Why a representative may act for a client: guardian of a minor (huoltaja), court-appointed
// guardian (edunvalvoja, with the decision date), a person the client authorised, a Suomi.fi mandate.
export const REPRESENTATION_BASES = ['minor_guardian', 'court_guardian', 'authorised', 'suomifi_mandate'] as const;
export type RepresentationBasis = (typeof REPRESENTATION_BASES)[number];

export const representativeLinks = sqliteTable(
  'representative_links',
  {
    clientId: integer('client_id')
      .notNull()
      .references(() => clients.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    relationship: text('relationship').notNull().default(''),
    basis: text('basis', { enum: REPRESENTATION_BASES }).notNull().default('authorised'),
    decisionDate: text('decision_date'), // YYYY-MM-DD: the court's or magistrate's decision (court_guardian)
    validFrom: text('valid_from'), // YYYY-MM-DD, Helsinki date, first day; null: from the start
    validUntil: text('valid_until'), // YYYY-MM-DD, Helsinki date, last day; null: until further notice
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.userId] }), index('representative_links_user').on(t.userId)],
);

// Prices change from a date; the price of a charge is copied into the ledger row, so a later
// price never changes a past charge.
export const providerOfferings = sqliteTable(
  'provider_offerings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id),
    serviceId: integer('service_id')
      .notNull()
      .references(() => services.id),
    priceCents: integer('price_cents').notNull(),
    validFrom: text('valid_from').notNull(), // YYYY-MM-DD, Helsinki date
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('provider_offerings_from').on(t.providerId, t.serviceId, t.validFrom),
    index('provider_offerings_service').on(t.serviceId),
    check('price_positive', sql`${t.priceCents} > 0`),
  ],
);

export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(), // 256-bit random, base64url
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    lastSeenAt: text('last_seen_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    ip: text('ip'),
    // Suomi.fi sessions: what single logout needs to name and find this session.
    samlNameId: text('saml_name_id'),
    samlSessionIndex: text('saml_session_index'),
    // Whom a client or representative acts for, chosen on /act-for; null until chosen.
    actingForClientId: integer('acting_for_client_id').references(() => clients.id),
  },
  (t) => [index('sessions_user').on(t.userId), index('sessions_saml_name_id').on(t.samlNameId)],
);

// A worker's or administrator's second factor (TOTP). The secret is AES-256-GCM encrypted with a
// server key; lastUsedStep is the last accepted time step, so a code is accepted once.
export const secondFactors = sqliteTable('second_factors', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id),
  secretEncrypted: text('secret_encrypted').notNull(),
  lastUsedStep: integer('last_used_step'),
  enrolledAt: text('enrolled_at').notNull(),
});

// Recovery codes, hashed; each works once.
export const recoveryCodes = sqliteTable(
  'recovery_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    usedAt: text('used_at'),
  },
  (t) => [index('recovery_codes_user').on(t.userId)],
);

// A sign-in past the password, waiting for the code or for enrolment: not a session. id is the
// SHA-256 of the cookie value; enrolSecretEncrypted holds the secret being enrolled.
export const pendingSignIns = sqliteTable(
  'pending_sign_ins',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    ip: text('ip'),
    redirectTo: text('redirect_to'),
    enrolSecretEncrypted: text('enrol_secret_encrypted'),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [index('pending_sign_ins_user').on(t.userId)],
);

/** AuthnRequest ids sent to the IdP and not yet answered. */
export const samlRequests = sqliteTable('saml_requests', {
  id: text('id').primaryKey(),
  createdAt: text('created_at').notNull(),
});

/** Assertion ids and InResponseTo values already accepted once: seen again, a replay. */
export const samlSeenIds = sqliteTable('saml_seen_ids', {
  id: text('id').primaryKey(),
  kind: text('kind', { enum: ['assertion', 'in_response_to'] }).notNull(),
  seenAt: text('seen_at').notNull(),
});

export const loginAttempts = sqliteTable(
  'login_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email').notNull(),
    ip: text('ip').notNull(),
    succeeded: integer('succeeded', { mode: 'boolean' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('login_attempts_email').on(t.email, t.createdAt),
    index('login_attempts_ip').on(t.ip, t.createdAt),
    index('login_attempts_email_ip').on(t.email, t.ip, t.createdAt),
  ],
);

// Sign-ins refused while a limit is in force, counted per lockout episode instead of one audit row
// each. scope 'pair': subject is "email ip"; 'address': an address; 'account': an e-mail.
export const signInRefusals = sqliteTable(
  'sign_in_refusals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    scope: text('scope', { enum: ['pair', 'address', 'account'] }).notNull(),
    subject: text('subject').notNull(),
    firstAt: text('first_at').notNull(),
    lastAt: text('last_at').notNull(),
    refused: integer('refused').notNull().default(1),
  },
  (t) => [index('sign_in_refusals_subject').on(t.scope, t.subject, t.lastAt)],
);

// Append-only: who did what, when. Never updated or deleted by the application.
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    actorUserId: integer('actor_user_id').references(() => users.id),
    action: text('action').notNull(), // e.g. 'auth.sign_in', 'charge.lookup'
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
    ip: text('ip'),
    // The client a client or representative was acting for when they did this.
    actingForClientId: integer('acting_for_client_id').references((): AnySQLiteColumn => clients.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_log_action').on(t.action, t.createdAt),
    index('audit_log_actor_action').on(t.actorUserId, t.action, t.createdAt),
    index('audit_log_subject').on(t.subjectType, t.subjectId, t.id),
    index('audit_log_acting_for').on(t.actingForClientId, t.createdAt),
  ],
);

// A worker's decision on a client's personal budget: valid for a period, holds budget lines.
export const decisions = sqliteTable(
  'decisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    clientId: integer('client_id')
      .notNull()
      .references(() => clients.id),
    workerId: integer('worker_id')
      .notNull()
      .references(() => users.id),
    validFrom: text('valid_from').notNull(), // YYYY-MM-DD, Helsinki date
    validTo: text('valid_to'), // inclusive; null = until further notice
    replacesDecisionId: integer('replaces_decision_id'),
    note: text('note').notNull().default(''),
    // A family caregiver's statutory leave swapped for services (the pilot's cap applies).
    caregiverLeaveSwap: integer('caregiver_leave_swap', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('decisions_client').on(t.clientId)],
);

export const budgetLines = sqliteTable(
  'budget_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id),
    serviceId: integer('service_id')
      .notNull()
      .references(() => services.id),
    monthlyCents: integer('monthly_cents').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('budget_lines_decision_service').on(t.decisionId, t.serviceId),
    check('monthly_positive', sql`${t.monthlyCents} > 0`),
  ],
);

// The append-only money ledger. A charge spends a budget line; a refund gives a charge back and
// points at it. Amounts are positive cents; the kind gives the direction. Triggers in the
// migrations refuse UPDATE and DELETE.
export const ledgerEntries = sqliteTable(
  'ledger_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: ['charge', 'refund'] }).notNull(),
    clientId: integer('client_id')
      .notNull()
      .references(() => clients.id),
    budgetLineId: integer('budget_line_id')
      .notNull()
      .references(() => budgetLines.id),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id),
    providerUserId: integer('provider_user_id')
      .notNull()
      .references(() => users.id),
    serviceId: integer('service_id')
      .notNull()
      .references(() => services.id),
    quantityHundredths: integer('quantity_hundredths').notNull(), // 150 = 1,5 units
    unitPriceCents: integer('unit_price_cents').notNull(),
    amountCents: integer('amount_cents').notNull(),
    budgetMonth: text('budget_month').notNull(), // YYYY-MM in Helsinki time
    serviceDate: text('service_date').notNull(), // YYYY-MM-DD
    receiptNumber: text('receipt_number').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    refundOfId: integer('refund_of_id'),
    reason: text('reason'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('ledger_receipt').on(t.receiptNumber),
    uniqueIndex('ledger_idempotency').on(t.idempotencyKey),
    uniqueIndex('ledger_refund_of').on(t.refundOfId),
    index('ledger_provider_month').on(t.providerId, t.budgetMonth, t.createdAt, t.id),
    index('ledger_month_provider').on(t.budgetMonth, t.providerId, t.serviceId, t.kind, t.amountCents, t.clientId),
    index('ledger_client_month').on(t.clientId, t.budgetMonth, t.serviceId, t.kind, t.amountCents),
    check('amount_positive', sql`${t.amountCents} > 0`),
    check('quantity_positive', sql`${t.quantityHundredths} > 0`),
  ],
);

// The evaluation report's closed months (migration 0016, docs/decisions/022): one month's ledger
// summed per client and service, kept because a closed month changes only by a late refund, which
// deletes the month here again. Derived data: it can always be recomputed from the ledger.
export const evaluationLedgerMonths = sqliteTable(
  'evaluation_ledger_months',
  {
    month: text('month').notNull(), // YYYY-MM
    clientId: integer('client_id').notNull(),
    serviceId: integer('service_id').notNull(),
    netUsedCents: integer('net_used_cents').notNull(), // charges − refunds
    providers: text('providers'), // provider ids charged that month, ascending, comma-separated; null: refunds only
  },
  (t) => [primaryKey({ columns: [t.month, t.clientId, t.serviceId] })],
);

/** A closed month's settlement per provider and service, summed once from the ledger (migration 0019). */
export const settlementMonths = sqliteTable(
  'settlement_months',
  {
    month: text('month').notNull(), // YYYY-MM, the ledger rows' budget_month
    providerId: integer('provider_id').notNull(),
    serviceId: integer('service_id').notNull(),
    chargeCount: integer('charge_count').notNull(),
    chargesCents: integer('charges_cents').notNull(),
    refundsCents: integer('refunds_cents').notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.providerId, t.serviceId] })],
);

/**
 * A closed month whose kept rows are computed: the evaluation's (a month without ledger rows has
 * none, but is marked) and the settlement's.
 */
export const evaluationClosedMonths = sqliteTable('evaluation_closed_months', {
  month: text('month').primaryKey(),
  computedAt: text('computed_at').notNull(),
});

// ---------------------------------------------------------------------------------------------
// Secure messages (the pilot's Omasote)
// ---------------------------------------------------------------------------------------------

export const CONVERSATION_TOPICS = ['question', 'budget_change', 'provider_feedback', 'accessibility', 'other'] as const;
export type ConversationTopic = (typeof CONVERSATION_TOPICS)[number];
export const CONVERSATION_STATUSES = ['open', 'closed'] as const;

// A conversation is about one client. Who answers is never stored here: it is always the
// client's current own worker (clients.own_worker_id), so the history follows the client when
// the worker changes. Accessibility feedback is also visible to every administrator.
export const conversations = sqliteTable(
  'conversations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    clientId: integer('client_id')
      .notNull()
      .references(() => clients.id),
    topic: text('topic', { enum: CONVERSATION_TOPICS }).notNull(),
    subject: text('subject'),
    status: text('status', { enum: CONVERSATION_STATUSES }).notNull().default('open'),
    createdByUserId: integer('created_by_user_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    closedAt: text('closed_at'),
    closedBy: integer('closed_by').references(() => users.id),
  },
  (t) => [index('conversations_client').on(t.clientId), index('conversations_topic').on(t.topic)],
);

// Messages are never deleted or edited (triggers in the migration refuse it). The idempotency key
// comes from the form, prefixed with the author's id, so a resent form posts once.
export const messages = sqliteTable(
  'messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    conversationId: integer('conversation_id')
      .notNull()
      .references(() => conversations.id),
    authorUserId: integer('author_user_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('messages_idempotency').on(t.idempotencyKey), index('messages_conversation').on(t.conversationId, t.id)],
);

// Per-user read marker: everything up to last_read_message_id has been seen by that user.
export const messageReads = sqliteTable(
  'message_reads',
  {
    conversationId: integer('conversation_id')
      .notNull()
      .references(() => conversations.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    lastReadMessageId: integer('last_read_message_id').notNull(),
    readAt: text('read_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.userId] }), index('message_reads_user').on(t.userId)],
);

// The delivery queue: one row per person and channel. Never holds message content or health
// details. A row is marked sent only after the mail or SMS server accepted it (at-least-once; the
// stable message_id lets a receiver recognise a resend).
export const NOTIFICATION_CHANNELS = ['email', 'sms', 'none'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];
export const OUTBOX_STATUSES = ['pending', 'sent', 'failed', 'skipped'] as const;
export const notificationOutbox = sqliteTable(
  'notification_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id').references(() => users.id), // null: a client without a login, by phone
    clientId: integer('client_id').references(() => clients.id), // whose matter, when there is one
    kind: text('kind').notNull().default('message'), // 'message', 'charge', 'refund', 'dispute', …
    channel: text('channel').notNull(), // 'email' or 'sms' ('outbox' in rows from before 0009)
    address: text('address').notNull().default(''),
    language: text('language', { enum: LANGUAGES }).notNull().default('fi'),
    subject: text('subject').notNull().default(''),
    text: text('text').notNull(),
    messageId: text('message_id').notNull(),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: text('sent_at'),
    failedAt: text('failed_at'),
  },
  (t) => [
    index('notification_outbox_user').on(t.userId, t.createdAt),
    uniqueIndex('notification_outbox_message_id').on(t.messageId),
    index('notification_outbox_due').on(t.status, t.nextAttemptAt),
  ],
);

// How a person wants to be told (settings page); no row = the default from what the worker recorded.
export const notificationPreferences = sqliteTable('notification_preferences', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id),
  channel: text('channel', { enum: NOTIFICATION_CHANNELS }).notNull(),
  language: text('language', { enum: LANGUAGES }).notNull(),
  updatedAt: text('updated_at').notNull(),
});

// A client's (or representative's) objection to a charge: a record of its own, never a ledger
// change. Resolved by the provider's refund or closed by the own worker with a reason.
export const DISPUTE_REASONS = ['not_received', 'wrong_amount'] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];
export const DISPUTE_STATUSES = ['open', 'refunded', 'closed'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];
export const chargeDisputes = sqliteTable(
  'charge_disputes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    chargeId: integer('charge_id')
      .notNull()
      .references(() => ledgerEntries.id),
    clientId: integer('client_id')
      .notNull()
      .references(() => clients.id),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id),
    reason: text('reason', { enum: DISPUTE_REASONS }).notNull(),
    note: text('note').notNull().default(''),
    raisedBy: integer('raised_by')
      .notNull()
      .references(() => users.id),
    idempotencyKey: text('idempotency_key').notNull(),
    status: text('status', { enum: DISPUTE_STATUSES }).notNull().default('open'),
    resolvedAt: text('resolved_at'),
    resolvedBy: integer('resolved_by').references(() => users.id),
    resolutionReason: text('resolution_reason'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('charge_disputes_charge').on(t.chargeId),
    uniqueIndex('charge_disputes_idempotency').on(t.idempotencyKey),
    index('charge_disputes_client').on(t.clientId, t.status),
    index('charge_disputes_provider').on(t.providerId, t.status),
    // The open ones only: the region's settlement lists a month's open disputes (migration 0020).
    index('charge_disputes_open').on(t.status, t.createdAt).where(sql`${t.status} = 'open'`),
    check('dispute_reason', sql`${t.reason} in ('not_received', 'wrong_amount')`),
    check('dispute_status', sql`${t.status} in ('open', 'refunded', 'closed')`),
  ],
);

// ---------------------------------------------------------------------------------------------
// Back office: client plans and invoiced settlement months
// ---------------------------------------------------------------------------------------------

// The client plan (asiakassuunnitelma) in the own worker's words. Every save is a new row, so
// the history is kept; the newest row is the current plan. Triggers refuse UPDATE and DELETE.
export const clientPlans = sqliteTable(
  'client_plans',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    clientId: integer('client_id')
      .notNull()
      .references(() => clients.id),
    workerId: integer('worker_id')
      .notNull()
      .references(() => users.id),
    needs: text('needs').notNull(),
    goals: text('goals').notNull(),
    servicesAgreed: text('services_agreed').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('client_plans_client').on(t.clientId, t.id)],
);

// A provider's budget month marked invoiced by an administrator: no charge or refund may enter
// that month afterwards. The totals are the settlement as it was when invoiced, so a later run
// can be compared with them. Append-only (triggers).
export const settlementInvoices = sqliteTable(
  'settlement_invoices',
  {
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id),
    budgetMonth: text('budget_month').notNull(), // YYYY-MM
    chargeCount: integer('charge_count').notNull(),
    chargesCents: integer('charges_cents').notNull(),
    refundsCents: integer('refunds_cents').notNull(),
    netCents: integer('net_cents').notNull(),
    invoicedAt: text('invoiced_at').notNull(),
    invoicedBy: integer('invoiced_by')
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.providerId, t.budgetMonth] })],
);

// ---------------------------------------------------------------------------------------------
// The client's rights over their data: the access log and retention
// ---------------------------------------------------------------------------------------------

export const ACCESS_BASES = ['own_client', 'charge_lookup', 'charge', 'settlement', 'administration', 'stated_reason', 'refused'] as const;
export type AccessBasis = (typeof ACCESS_BASES)[number];
export const ACCESS_KINDS = ['record', 'plan', 'decision', 'representatives', 'ledger', 'messages', 'receipt', 'charge_lookup', 'export', 'access_log', 'reason'] as const;
export type AccessKind = (typeof ACCESS_KINDS)[number];
export const ACCESS_REASONS = ['substitute', 'client_request', 'administration', 'complaint', 'other'] as const;
export type AccessReason = (typeof ACCESS_REASONS)[number];

// Who looked at or changed one client's data, when, what and why (703/2023 §11, 906/2019 §17).
// Append-only (triggers); rows leave only through the retention job (see the migration).
export const accessLog = sqliteTable(
  'access_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    clientId: integer('client_id')
      .notNull()
      .references(() => clients.id),
    actorUserId: integer('actor_user_id').references(() => users.id),
    actorRole: text('actor_role', { enum: ROLES }).notNull(),
    providerId: integer('provider_id').references(() => providers.id), // provider staff: whose staff
    recordKind: text('record_kind', { enum: ACCESS_KINDS }).notNull(),
    basis: text('basis', { enum: ACCESS_BASES }).notNull(),
    reasonCode: text('reason_code', { enum: ACCESS_REASONS }),
    reasonText: text('reason_text'),
    succeeded: integer('succeeded', { mode: 'boolean' }).notNull(),
    ip: text('ip'),
    createdAt: createdAt(),
  },
  (t) => [index('access_log_client').on(t.clientId, t.createdAt), index('access_log_actor').on(t.actorUserId, t.clientId, t.createdAt)],
);

// Every retention run and what it removed; a run is open (may delete) while finishedAt is null.
export const retentionRuns = sqliteTable('retention_runs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  startedAt: text('started_at').notNull(),
  finishedAt: text('finished_at'),
  accessLogBefore: text('access_log_before').notNull(),
  counts: text('counts', { mode: 'json' }).$type<Record<string, number>>(),
});

// Clients whose personal data a retention run erased; the client row stays, anonymised.
export const retentionErasures = sqliteTable('retention_erasures', {
  clientId: integer('client_id')
    .primaryKey()
    .references(() => clients.id),
  runId: integer('run_id')
    .notNull()
    .references(() => retentionRuns.id),
  erasedAt: text('erased_at').notNull(),
});

// ---------------------------------------------------------------------------------------------
// Finvoice e-invoices from the ledger (migration 0006)
// ---------------------------------------------------------------------------------------------

export const INVOICE_KINDS = ['invoice', 'credit_note'] as const;
export const INVOICE_STATES = ['draft', 'approved', 'accepted', 'sent', 'paid'] as const;
export type InvoiceState = (typeof INVOICE_STATES)[number];

// One invoice of a provider's budget month, or a credit note correcting an accepted one. The
// sequence number never repeats for a provider; the row is never changed (triggers).
export const invoices = sqliteTable(
  'invoices',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    providerId: integer('provider_id')
      .notNull()
      .references(() => providers.id),
    budgetMonth: text('budget_month').notNull(), // YYYY-MM
    kind: text('kind', { enum: INVOICE_KINDS }).notNull(),
    sequenceNumber: integer('sequence_number').notNull(),
    invoiceNumber: text('invoice_number').notNull(),
    referenceNumber: text('reference_number').notNull(), // Finnish reference, 7-3-1 check digit
    originalInvoiceId: integer('original_invoice_id').references((): AnySQLiteColumn => invoices.id),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('invoices_provider_sequence').on(t.providerId, t.sequenceNumber),
    uniqueIndex('invoices_reference').on(t.referenceNumber),
    uniqueIndex('invoices_one_per_month').on(t.providerId, t.budgetMonth).where(sql`${t.kind} = 'invoice'`),
    index('invoices_month').on(t.budgetMonth),
    check('invoice_kind', sql`${t.kind} in ('invoice', 'credit_note')`),
    check('credit_note_has_original', sql`(${t.kind} = 'invoice') = (${t.originalInvoiceId} is null)`),
  ],
);

// Each time a draft is built from the ledger: the figures, the ledger rows it covers and the XML.
// The newest build is the invoice's content; a rebuild adds a row.
/** A provider's invoicing details as an invoice build was issued with them. */
export type InvoicingSnapshot = {
  name: string;
  businessId: string;
  streetAddress: string;
  contactName: string;
  email: string;
  phone: string;
  iban: string | null;
  bic: string | null;
  einvoiceAddress: string | null;
  einvoiceOperator: string | null;
};

export const invoiceBuilds = sqliteTable(
  'invoice_builds',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    invoiceId: integer('invoice_id')
      .notNull()
      .references(() => invoices.id),
    invoiceDate: text('invoice_date').notNull(), // YYYY-MM-DD
    dueDate: text('due_date').notNull(),
    chargesCents: integer('charges_cents').notNull(),
    refundsCents: integer('refunds_cents').notNull(),
    totalCents: integer('total_cents').notNull(),
    ledgerEntryIds: text('ledger_entry_ids', { mode: 'json' }).$type<number[]>().notNull(),
    xml: text('xml').notNull(),
    // The seller's invoicing details this build was issued with; null for builds before 0014.
    seller: text('seller', { mode: 'json' }).$type<InvoicingSnapshot>(),
    builtBy: integer('built_by')
      .notNull()
      .references(() => users.id),
    builtAt: text('built_at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  },
  (t) => [index('invoice_builds_invoice').on(t.invoiceId, t.id)],
);

// Every change of state, with who and when; the newest row is the invoice's state.
export const invoiceEvents = sqliteTable(
  'invoice_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    invoiceId: integer('invoice_id')
      .notNull()
      .references(() => invoices.id),
    state: text('state', { enum: INVOICE_STATES }).notNull(),
    buildId: integer('build_id')
      .notNull()
      .references(() => invoiceBuilds.id),
    eventDate: text('event_date'), // sent / paid: the date the region gives
    actorUserId: integer('actor_user_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('invoice_events_invoice').on(t.invoiceId, t.id), check('invoice_state', sql`${t.state} in ('draft', 'approved', 'accepted', 'sent', 'paid')`)],
);

// The ledger rows an accepted invoice or credit note covers: a receipt is on one invoice at most.
export const invoiceEntries = sqliteTable(
  'invoice_entries',
  {
    ledgerEntryId: integer('ledger_entry_id')
      .primaryKey()
      .references(() => ledgerEntries.id),
    invoiceId: integer('invoice_id')
      .notNull()
      .references(() => invoices.id),
  },
  (t) => [index('invoice_entries_invoice').on(t.invoiceId)],
);
