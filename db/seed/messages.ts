// Demo conversations for the secure messages: two between Aino Korhonen (client@example.fi) and her
// own worker Sanna Heikkinen (worker@example.fi), one from Marja Kinnunen (caregiver@example.fi)
// about her son Eetu. Call after seedDemoData(db); timestamps are relative to `now`.
import { and, eq } from 'drizzle-orm';
import type { AppDatabase } from '../client.server';
import { clients, conversations, messageReads, messages, representativeLinks, users, type ConversationTopic } from '../schema';
import { currentTime } from '../../app/domain/clock';

const HOUR = 60 * 60 * 1000;

type MessageSeed = { author: 'client' | 'worker' | 'caregiver'; hoursAgo: number; body: string };
type ConversationSeed = {
  client: 'aino' | 'eetu';
  topic: ConversationTopic;
  subject: string | null;
  messages: MessageSeed[];
  /** Who has read the whole conversation (the author of each message always has read it). */
  readBy: ('client' | 'worker' | 'caregiver')[];
};

const CONVERSATIONS: ConversationSeed[] = [
  {
    client: 'aino',
    topic: 'question',
    subject: 'Siivousvuoron siirto',
    messages: [
      {
        author: 'client',
        hoursAgo: 5 * 24,
        body: 'Hei Sanna,\n\nvoiko ensi viikon siivouksen siirtää torstaille? Tyttäreni tulee kylään tiistaina.\n\nTerveisin Aino',
      },
      {
        author: 'worker',
        hoursAgo: 4 * 24,
        body: 'Hei Aino,\n\nsiirron voi sopia suoraan Kainuun Kotisiivouksen kanssa, numero on 044 720 1340. Budjettiisi siirto ei vaikuta.\n\nTerveisin Sanna Heikkinen',
      },
    ],
    readBy: ['worker'], // Aino has not yet read the answer
  },
  {
    client: 'aino',
    topic: 'budget_change',
    subject: null,
    messages: [
      {
        author: 'client',
        hoursAgo: 20,
        body: 'Tarvitsisin ateriapalvelua useampana päivänä viikossa, koska en jaksa enää laittaa ruokaa itse. Voisimmeko tarkistaa budjettini?',
      },
    ],
    readBy: [], // waiting for the worker
  },
  {
    client: 'eetu',
    topic: 'provider_feedback',
    subject: 'Lastenhoitajan vaihtuminen',
    messages: [
      {
        author: 'caregiver',
        hoursAgo: 3 * 24,
        body: 'Hei,\n\nEetun lastenhoitaja on vaihtunut kolme kertaa kuukauden aikana. Eetulle vaihdokset ovat raskaita. Voisiko palveluntuottajan kanssa sopia pysyvämmästä hoitajasta?\n\nMarja Kinnunen',
      },
      {
        author: 'worker',
        hoursAgo: 2 * 24,
        body: 'Kiitos, kun kerroit. Otan yhteyttä palveluntuottajaan tällä viikolla ja kerron sitten, mitä sovimme.\n\nSanna',
      },
    ],
    readBy: ['caregiver', 'worker'],
  },
];

function userId(db: AppDatabase, email: string): number {
  const row = db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  if (!row) throw new Error(`seedDemoMessages: no user ${email}; run seedDemoData first`);
  return row.id;
}

/** Adds the demo conversations (one transaction). */
export function seedDemoMessages(db: AppDatabase, now = currentTime()): void {
  const people = {
    client: userId(db, 'client@example.fi'),
    worker: userId(db, 'worker@example.fi'),
    caregiver: userId(db, 'caregiver@example.fi'),
  };
  const aino = db.select({ id: clients.id }).from(clients).where(eq(clients.userId, people.client)).get();
  const eetu = db
    .select({ id: clients.id })
    .from(clients)
    .innerJoin(representativeLinks, eq(representativeLinks.clientId, clients.id))
    .where(and(eq(representativeLinks.userId, people.caregiver), eq(clients.firstName, 'Eetu')))
    .get();
  if (!aino || !eetu) throw new Error('seedDemoMessages: demo clients Aino and Eetu not found');
  const clientIds = { aino: aino.id, eetu: eetu.id };
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR).toISOString();

  db.transaction((tx) => {
    CONVERSATIONS.forEach((seed, c) => {
      const first = seed.messages[0];
      const conversation = tx
        .insert(conversations)
        .values({
          clientId: clientIds[seed.client],
          topic: seed.topic,
          subject: seed.subject,
          createdByUserId: people[first.author],
          createdAt: at(first.hoursAgo),
        })
        .returning({ id: conversations.id })
        .get();
      const lastRead = new Map<number, number>();
      seed.messages.forEach((message, m) => {
        const { id } = tx
          .insert(messages)
          .values({
            conversationId: conversation.id,
            authorUserId: people[message.author],
            body: message.body,
            idempotencyKey: `seed:${c}:${m}`,
            createdAt: at(message.hoursAgo),
          })
          .returning({ id: messages.id })
          .get();
        lastRead.set(people[message.author], id);
        for (const reader of seed.readBy) lastRead.set(people[reader], id);
      });
      for (const [reader, lastReadMessageId] of lastRead) {
        tx.insert(messageReads).values({ conversationId: conversation.id, userId: reader, lastReadMessageId, readAt: now.toISOString() }).run();
      }
    });
  });
}
