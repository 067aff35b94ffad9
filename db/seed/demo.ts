// Writes the Kainuu demo data into an empty database. `seedDemo` is the one place that seeds a
// demo database: the server's first start and `npm run db:seed` both call it, so a new kind of
// demo data gets one call there.
import { count } from 'drizzle-orm';
import { hashPassword } from '../../app/auth/password.server';
import { toE164 } from '../../app/domain/phone';
import type { AppDatabase } from '../client.server';
import { budgetLines, clients, decisions, providerLanguages, providerMunicipalities, providerOfferings, providers, representativeLinks, users } from '../schema';
import { seedDemoCharges } from './charges';
import {
  CLIENTS,
  DEMO_PASSWORD,
  NOTE_FI,
  NOTE_SV,
  PROVIDERS,
  REPRESENTATIVE_LINKS,
  USERS,
  businessIdFor,
  centsByService,
  demoInvoicingDetails,
} from './demo-data';
import { seedDemoSecondFactors } from './second-factor';
import { seedDemoIdentities } from './identity';
import { seedDemoMessages } from './messages';
import { DECISIONS_FROM, PRICES_FROM, ensureReferenceData, must } from './reference-data';

function e164(phone: string): string {
  const valid = toE164(phone);
  if (!valid) throw new Error(`Seed phone number is not valid: ${phone}`);
  return valid;
}

export function isDatabaseEmpty(db: AppDatabase): boolean {
  const row = db.select({ n: count() }).from(users).get();
  return (row?.n ?? 0) === 0;
}

/** Fills an empty, migrated database with the Kainuu demo data (one transaction). */
export async function seedDemoData(db: AppDatabase): Promise<void> {
  if (!isDatabaseEmpty(db)) throw new Error('seedDemoData needs an empty database (it has users)');
  // argon2 is slow on purpose: hash once, before the synchronous transaction.
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  db.transaction((tx) => {
    const serviceIds = ensureReferenceData(tx);

    const providerIds = new Map<string, number>();
    const offerings: (typeof providerOfferings.$inferInsert)[] = [];
    for (const p of PROVIDERS) {
      const { id } = tx
        .insert(providers)
        .values({
          name: p.name,
          businessId: businessIdFor(p.businessIdBody),
          contactName: p.contactName,
          email: p.email,
          phone: e164(p.phone),
          streetAddress: p.streetAddress,
          website: p.website ?? null,
          descriptionFi: p.descriptionFi,
          descriptionSv: p.descriptionSv,
          accessibilityFi: p.accessibilityFi,
          accessibilitySv: p.accessibilitySv,
          status: p.status,
          statusReason: p.statusReason ?? null,
          approvedAt: p.approvedAt ?? null,
          ...demoInvoicingDetails(businessIdFor(p.businessIdBody), PROVIDERS.indexOf(p)),
        })
        .returning({ id: providers.id })
        .get();
      providerIds.set(p.key, id);
      tx.insert(providerLanguages)
        .values(p.languages.map((language) => ({ providerId: id, language })))
        .run();
      tx.insert(providerMunicipalities)
        .values(p.municipalities.map((municipalityCode) => ({ providerId: id, municipalityCode })))
        .run();
      for (const [code, priceCents] of centsByService(p.prices)) {
        offerings.push({ providerId: id, serviceId: must(serviceIds, code), priceCents, validFrom: PRICES_FROM });
      }
    }
    tx.insert(providerOfferings).values(offerings).run();

    const userIds = new Map<string, number>();
    for (const u of USERS) {
      const { id } = tx
        .insert(users)
        .values({
          email: u.email.toLowerCase(),
          passwordHash,
          role: u.role,
          firstName: u.firstName,
          lastName: u.lastName,
          language: u.language,
          phone: u.phone ? e164(u.phone) : null,
          providerId: u.providerKey ? must(providerIds, u.providerKey) : null,
        })
        .returning({ id: users.id })
        .get();
      userIds.set(u.key, id);
    }

    const clientIds = new Map<string, number>();
    for (const c of CLIENTS) {
      const workerId = must(userIds, c.worker);
      const { id } = tx
        .insert(clients)
        .values({
          userId: c.userKey ? must(userIds, c.userKey) : null,
          firstName: c.firstName,
          lastName: c.lastName,
          phone: e164(c.phone),
          municipalityCode: c.municipality,
          language: c.language,
          ownWorkerId: workerId,
          group: c.group,
        })
        .returning({ id: clients.id })
        .get();
      clientIds.set(c.key, id);

      if (!c.lines) continue;
      if (c.group !== 'hb') throw new Error(`Comparison-group client ${c.key} cannot have a budget`);
      const decision = tx
        .insert(decisions)
        .values({
          clientId: id,
          workerId,
          validFrom: c.validFrom ?? DECISIONS_FROM,
          note: c.note ?? (c.language === 'sv' ? NOTE_SV : NOTE_FI),
        })
        .returning({ id: decisions.id })
        .get();
      tx.insert(budgetLines)
        .values(
          centsByService(c.lines).map(([code, monthlyCents]) => ({
            decisionId: decision.id,
            serviceId: must(serviceIds, code),
            monthlyCents,
          })),
        )
        .run();
    }

    tx.insert(representativeLinks)
      .values(
        REPRESENTATIVE_LINKS.map((l) => ({
          userId: must(userIds, l.userKey),
          clientId: must(clientIds, l.clientKey),
          relationship: l.relationship,
        })),
      )
      .run();
  });
  seedDemoIdentities(db);
  seedDemoSecondFactors(db);
}

/** Seeds an empty, migrated database with everything the demo shows. */
export async function seedDemo(db: AppDatabase): Promise<void> {
  await seedDemoData(db);
  seedDemoCharges(db);
  seedDemoMessages(db);
}
