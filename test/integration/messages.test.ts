// Secure messages: who may read and write which conversation, unread counts, resend protection,
// hostile and long input, worker filters and closing, notifications, accessibility feedback and
// reassigning the own worker. Tests run in order on this file's own seeded database.
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { auditLog, clients, conversations, messages, notificationOutbox, representativeLinks, type Role } from '../../db/schema';
import { listConversations, unreadConversationCount } from '../../app/domain/messages.server';
import * as conversationRoute from '../../app/routes/messages+/$id';
import * as inboxRoute from '../../app/routes/messages+/_index';
import * as newRoute from '../../app/routes/messages+/new';
import * as adminClientsRoute from '../../app/routes/admin+/clients';
import * as root from '../../app/root';
import { userByEmail } from '../helpers/fixtures';
import { cookieFor, getRequest, postRequest, run } from '../helpers/requests';

const EMAIL = {
  admin: 'admin@example.fi',
  worker: 'worker@example.fi', // Sanna, own worker of Aino, Eetu and Helmi
  worker2: 'worker2@example.fi', // Mikael, own worker of Elsa
  provider: 'provider@example.fi',
  client: 'client@example.fi', // Aino
  klient: 'klient@example.fi', // Elsa
  caregiver: 'caregiver@example.fi', // Marja, representative of Eetu and Helmi
};
type Who = keyof typeof EMAIL;

let aino: number;
let eetu: number;
let elsa: number;

beforeAll(() => {
  const db = getDb();
  aino = db.select().from(clients).where(eq(clients.userId, userByEmail(EMAIL.client).id)).get()!.id;
  elsa = db.select().from(clients).where(eq(clients.userId, userByEmail(EMAIL.klient).id)).get()!.id;
  eetu = db
    .select({ id: clients.id })
    .from(clients)
    .innerJoin(representativeLinks, eq(representativeLinks.clientId, clients.id))
    .where(and(eq(representativeLinks.userId, userByEmail(EMAIL.caregiver).id), eq(clients.firstName, 'Eetu')))
    .get()!.id;
});

const viewer = (who: Who) => {
  const user = userByEmail(EMAIL[who]);
  return { id: user.id, role: user.role as Role };
};

async function startConversation(who: Who, fields: Record<string, string>) {
  const form = { topic: 'question', body: 'Hei!', idempotencyKey: crypto.randomUUID(), ...fields };
  return run(newRoute.action, postRequest('/messages/new', form, cookieFor(EMAIL[who])));
}

/** Starts a conversation and returns its id from the redirect. */
async function conversationBy(who: Who, fields: Record<string, string> = {}): Promise<number> {
  const result = await startConversation(who, fields);
  expect(result.status, JSON.stringify(result.data)).toBe(303);
  const match = /^\/messages\/(\d+)\?sent=1$/.exec(result.headers.get('Location') ?? '');
  expect(match).not.toBeNull();
  return Number(match![1]);
}

function openConversation(who: Who, id: number | string) {
  return run(conversationRoute.loader, getRequest(`/messages/${id}`, cookieFor(EMAIL[who])), { id: String(id) });
}

function reply(who: Who, id: number, body: string, idempotencyKey: string = crypto.randomUUID()) {
  return run(conversationRoute.action, postRequest(`/messages/${id}`, { intent: 'reply', body, idempotencyKey }, cookieFor(EMAIL[who])), { id: String(id) });
}

const messagesIn = (id: number) => getDb().select().from(messages).where(eq(messages.conversationId, id)).all();
const outboxFor = (who: Who) => getDb().select().from(notificationOutbox).where(eq(notificationOutbox.userId, userByEmail(EMAIL[who]).id)).all();

describe('who may read a conversation', () => {
  let ainos: number;
  let eetus: number;

  beforeAll(async () => {
    ainos = await conversationBy('client', { body: 'Ainon oma asia' });
    eetus = await conversationBy('caregiver', { clientId: String(eetu), body: 'Eetun asia' });
  });

  const readers: Record<Who, { ainos: number; eetus: number }> = {
    client: { ainos: 200, eetus: 404 },
    caregiver: { ainos: 404, eetus: 200 },
    worker: { ainos: 200, eetus: 200 },
    worker2: { ainos: 404, eetus: 404 },
    klient: { ainos: 404, eetus: 404 },
    admin: { ainos: 404, eetus: 404 }, // not accessibility feedback
    provider: { ainos: 403, eetus: 403 },
  };

  test.each(Object.entries(readers))('%s', async (who, expected) => {
    expect((await openConversation(who as Who, ainos)).status, `${who} on Aino's`).toBe(expected.ainos);
    expect((await openConversation(who as Who, eetus)).status, `${who} on Eetu's`).toBe(expected.eetus);
  });

  test('outsiders cannot reply or close either: 404, and nothing is written', async () => {
    for (const who of ['caregiver', 'worker2', 'klient', 'admin'] as const) {
      expect((await reply(who, ainos, 'Hei vaan')).status, who).toBe(404);
      const close = await run(conversationRoute.action, postRequest(`/messages/${ainos}`, { intent: 'close' }, cookieFor(EMAIL[who])), { id: String(ainos) });
      expect(close.status, who).toBe(404);
    }
    expect(messagesIn(ainos)).toHaveLength(1);
    expect(getDb().select().from(conversations).where(eq(conversations.id, ainos)).get()!.status).toBe('open');
  });

  test('a nonexistent or malformed id is 404 like a foreign one', async () => {
    for (const id of ['999999', '0', 'abc', '1e3', '-1', '99999999999999']) {
      expect((await openConversation('client', id)).status, id).toBe(404);
    }
  });

  test('the inbox lists only what the user may read', () => {
    const ids = (who: Who) => listConversations(viewer(who)).map((c) => c.id);
    expect(ids('client')).toContain(ainos);
    expect(ids('client')).not.toContain(eetus);
    expect(ids('caregiver')).toEqual(expect.arrayContaining([eetus]));
    expect(ids('caregiver')).not.toContain(ainos);
    expect(ids('worker')).toEqual(expect.arrayContaining([ainos, eetus]));
    expect(ids('worker2')).toEqual([]);
    expect(ids('klient')).toEqual([]);
    expect(ids('provider')).toEqual([]);
  });

  test('a representative cannot write about someone they do not represent; a client only about themself', async () => {
    const before = getDb().select().from(conversations).all().length;
    const foreign = await startConversation('caregiver', { clientId: String(aino) });
    expect(foreign.status).toBe(400);
    expect((foreign.data as { errors: Record<string, string> }).errors.clientId).toBe('messages:errors.clientRequired');
    // A client's clientId field is ignored: the message is about the client.
    const id = await conversationBy('client', { clientId: String(elsa) });
    expect(getDb().select().from(conversations).where(eq(conversations.id, id)).get()!.clientId).toBe(aino);
    expect(getDb().select().from(conversations).all().length).toBe(before + 1);
  });

  test('a representative must choose the client', async () => {
    const result = await startConversation('caregiver', {});
    expect(result.status).toBe(400);
    expect((result.data as { errors: Record<string, string> }).errors.clientId).toBe('messages:errors.clientRequired');
  });
});

describe('unread counts', () => {
  test('a new message is unread for the worker until opened, and the navigation counts it', async () => {
    const worker = viewer('worker');
    const before = unreadConversationCount(worker);
    const id = await conversationBy('client', { body: 'Lukematon' });
    expect(unreadConversationCount(worker)).toBe(before + 1);
    expect(listConversations(worker).find((c) => c.id === id)!.unread).toBe(true);
    // The author has read their own message.
    expect(listConversations(viewer('client')).find((c) => c.id === id)!.unread).toBe(false);

    const rootData = (await run(root.loader, getRequest('/', cookieFor(EMAIL.worker)))).data as { unreadMessages: number };
    expect(rootData.unreadMessages).toBe(before + 1);

    expect((await openConversation('worker', id)).status).toBe(200);
    expect(unreadConversationCount(worker)).toBe(before);

    expect((await reply('worker', id, 'Vastaus')).status).toBe(303);
    expect(listConversations(viewer('client')).find((c) => c.id === id)!.unread).toBe(true);
    expect(listConversations(worker).find((c) => c.id === id)!.unread).toBe(false);
  });

  test('a representative\'s unread count is theirs alone; providers have none', async () => {
    const id = await conversationBy('caregiver', { clientId: String(eetu) });
    const caregiver = viewer('caregiver');
    const before = unreadConversationCount(caregiver);
    await reply('worker', id, 'Vastaus Marjalle');
    expect(unreadConversationCount(caregiver)).toBe(before + 1);
    await openConversation('caregiver', id);
    expect(unreadConversationCount(caregiver)).toBe(before);
    expect(unreadConversationCount(viewer('provider'))).toBe(0);
    const rootData = (await run(root.loader, getRequest('/', cookieFor(EMAIL.provider)))).data as { unreadMessages: number };
    expect(rootData.unreadMessages).toBe(0);
  });
});

describe('resend protection', () => {
  test('the same new-message form sent twice makes one conversation and one message', async () => {
    const key = crypto.randomUUID();
    const count = () => getDb().select().from(conversations).all().length;
    const before = count();
    const first = await startConversation('client', { idempotencyKey: key, body: 'Kahdesti lähetetty' });
    const second = await startConversation('client', { idempotencyKey: key, body: 'Kahdesti lähetetty' });
    expect(first.status).toBe(303);
    expect(second.status).toBe(303);
    const id = /\/messages\/(\d+)/.exec(first.headers.get('Location')!)![1];
    expect(second.headers.get('Location')).toBe(`/messages/${id}`);
    expect(count()).toBe(before + 1);
    expect(messagesIn(Number(id))).toHaveLength(1);
  });

  test('the same reply sent twice (or 20 times) is posted once', async () => {
    const id = await conversationBy('client');
    const key = crypto.randomUUID();
    const results = await Promise.all(Array.from({ length: 20 }, () => reply('worker', id, 'Vain kerran', key)));
    expect(results.every((r) => r.status === 303)).toBe(true);
    expect(results.filter((r) => r.headers.get('Location') === `/messages/${id}?sent=1`)).toHaveLength(1);
    expect(messagesIn(id).filter((m) => m.body === 'Vain kerran')).toHaveLength(1);
  });

  test('another user reusing a key does not collide with the first', async () => {
    const id = await conversationBy('client');
    const key = crypto.randomUUID();
    expect((await reply('client', id, 'Asiakkaan', key)).headers.get('Location')).toContain('sent=1');
    expect((await reply('worker', id, 'Työntekijän', key)).headers.get('Location')).toContain('sent=1');
    expect(messagesIn(id)).toHaveLength(3);
  });
});

describe('long, empty and hostile input', () => {
  test('HTML is stored as written (React escapes it when shown); line breaks are kept', async () => {
    const hostile = '<script>alert("x")</script>\r\n<img src=x onerror=alert(1)>\r\n\r\nTerveisin & kiitos';
    const id = await conversationBy('client', { body: hostile, subject: '<b>otsikko</b>' });
    const [message] = messagesIn(id);
    expect(message.body).toBe('<script>alert("x")</script>\n<img src=x onerror=alert(1)>\n\nTerveisin & kiitos');
    expect(getDb().select().from(conversations).where(eq(conversations.id, id)).get()!.subject).toBe('<b>otsikko</b>');
    const page = await openConversation('client', id);
    expect((page.data as { conversation: { messages: { body: string }[] } }).conversation.messages[0].body).toBe(message.body);
  });

  test('5,001 characters: a clear error, and what was typed comes back', async () => {
    const long = 'ä'.repeat(5001);
    const result = await startConversation('client', { body: long });
    expect(result.status).toBe(400);
    const { errors, values } = result.data as { errors: Record<string, string>; values: Record<string, string> };
    expect(errors.body).toBe('messages:errors.bodyTooLong');
    expect(values.body).toBe(long);
    const id = await conversationBy('client');
    const tooLongReply = await reply('client', id, long);
    expect(tooLongReply.status).toBe(400);
    expect((tooLongReply.data as { values: Record<string, string> }).values.body).toBe(long);
    expect(messagesIn(id)).toHaveLength(1);
  });

  test('exactly 5,000 characters (emoji count as one) is accepted', async () => {
    const id = await conversationBy('client', { body: '🙂'.repeat(5000) });
    expect(Array.from(messagesIn(id)[0].body)).toHaveLength(5000);
  });

  test('empty or only spaces: "write a message"; no topic: "choose a topic"; long subject', async () => {
    for (const body of ['', '   \r\n  ']) {
      const result = await startConversation('client', { body });
      expect(result.status).toBe(400);
      expect((result.data as { errors: Record<string, string> }).errors.body).toBe('messages:errors.bodyRequired');
    }
    const noTopic = await startConversation('client', { topic: '' });
    expect((noTopic.data as { errors: Record<string, string> }).errors.topic).toBe('messages:errors.topicRequired');
    const badTopic = await startConversation('client', { topic: 'spam' });
    expect((badTopic.data as { errors: Record<string, string> }).errors.topic).toBe('messages:errors.topicRequired');
    const longSubject = await startConversation('client', { subject: 'x'.repeat(121) });
    expect((longSubject.data as { errors: Record<string, string> }).errors.subject).toBe('messages:errors.subjectTooLong');
    const emptyReply = await reply('client', await conversationBy('client'), ' ');
    expect((emptyReply.data as { errors: Record<string, string> }).errors.body).toBe('messages:errors.bodyRequired');
  });

  test('a post without the CSRF token is refused', async () => {
    const result = await run(
      newRoute.action,
      postRequest('/messages/new', { topic: 'question', body: 'x', idempotencyKey: crypto.randomUUID() }, cookieFor(EMAIL.client), { csrf: null }),
    );
    expect(result.status).toBe(403);
  });

  test('messages cannot be changed or deleted, even in the database', async () => {
    const id = await conversationBy('client');
    expect(() => getDb().delete(messages).where(eq(messages.conversationId, id)).run()).toThrow(/append-only/);
    expect(() => getDb().update(messages).set({ body: 'muutettu' }).where(eq(messages.conversationId, id)).run()).toThrow(/append-only/);
    expect(() => getDb().delete(conversations).where(eq(conversations.id, id)).run()).toThrow(/never deleted/);
  });
});

describe('the worker inbox: filters and closing', () => {
  test('?unread=1 shows only unread; ?client= only that own client; a foreign client id is ignored', async () => {
    const ainos = await conversationBy('client', { body: 'Suodatin A' });
    const eetus = await conversationBy('caregiver', { clientId: String(eetu), body: 'Suodatin E' });
    await openConversation('worker', eetus);
    const inbox = async (query: string) => {
      const result = await run(inboxRoute.loader, getRequest(`/messages${query}`, cookieFor(EMAIL.worker)));
      expect(result.status).toBe(200);
      return (result.data as { conversations: { id: number; unread: boolean; clientId: number }[] }).conversations;
    };
    const unread = await inbox('?unread=1');
    expect(unread.every((c) => c.unread)).toBe(true);
    expect(unread.map((c) => c.id)).toContain(ainos);
    expect(unread.map((c) => c.id)).not.toContain(eetus);
    const onlyEetu = await inbox(`?client=${eetu}`);
    expect(onlyEetu.length).toBeGreaterThan(0);
    expect(onlyEetu.every((c) => c.clientId === eetu)).toBe(true);
    const foreign = await inbox(`?client=${elsa}`);
    expect(foreign.map((c) => c.id)).toEqual(expect.arrayContaining([ainos, eetus]));
    expect(foreign.every((c) => c.clientId !== elsa)).toBe(true);
    const all = await inbox('');
    expect(all[0].id).toBe(eetus); // newest message first
  });

  test('the worker marks a conversation closed; the client cannot; a closed one takes no replies', async () => {
    const id = await conversationBy('client');
    const close = (who: Who) =>
      run(conversationRoute.action, postRequest(`/messages/${id}`, { intent: 'close' }, cookieFor(EMAIL[who])), { id: String(id) });
    expect((await close('client')).status).toBe(403);
    expect((await close('worker')).status).toBe(303);
    const row = getDb().select().from(conversations).where(eq(conversations.id, id)).get()!;
    expect(row.status).toBe('closed');
    expect(row.closedBy).toBe(userByEmail(EMAIL.worker).id);
    const late = await reply('client', id, 'Vielä yksi asia');
    expect(late.status).toBe(400);
    expect((late.data as { errors: Record<string, string> }).errors.form).toBe('messages:errors.closed');
    expect((late.data as { values: Record<string, string> }).values.body).toBe('Vielä yksi asia');
    expect(messagesIn(id)).toHaveLength(1);
    const page = (await openConversation('client', id)).data as { conversation: { canReply: boolean; canClose: boolean } };
    expect(page.conversation).toMatchObject({ canReply: false, canClose: false });
  });
});

describe('notifications', () => {
  test('a client message notifies the own worker, without the content', async () => {
    const before = outboxFor('worker').length;
    await conversationBy('client', { body: 'Salainen sisältö 123' });
    const after = outboxFor('worker');
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)!.text).toContain('Sinulle on uusi viesti Avaimessa. Kirjaudu palveluun lukeaksesi sen.');
    expect(after.at(-1)!.text).toContain('/messages');
    expect(after.at(-1)!.channel).toBe('email'); // a worker's default: the login's e-mail
    expect(after.at(-1)!.status).toBe('pending');
    expect(getDb().select().from(notificationOutbox).all().some((n) => n.text.includes('Salainen'))).toBe(false);
    expect(outboxFor('admin').length).toBe(0);
  });

  test('a worker reply notifies the client and every representative, in their language', async () => {
    const id = await conversationBy('caregiver', { clientId: String(eetu) });
    const caregiverBefore = outboxFor('caregiver').length;
    const workerBefore = outboxFor('worker').length;
    await reply('worker', id, 'Vastaus');
    expect(outboxFor('caregiver')).toHaveLength(caregiverBefore + 1);
    expect(outboxFor('worker')).toHaveLength(workerBefore); // never the author
  });

  test('Swedish users get the Swedish text', async () => {
    // Elsa writes to her worker Mikael, whose language is Swedish.
    const before = outboxFor('worker2').length;
    await conversationBy('klient');
    const after = outboxFor('worker2');
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)!.text).toContain('Du har ett nytt meddelande i Avain. Logga in i tjänsten för att läsa det.');
    expect(after.at(-1)!.language).toBe('sv');
  });
});

describe('accessibility feedback', () => {
  test('goes to every administrator too, who sees how long it has waited and can answer', async () => {
    const adminBefore = outboxFor('admin').length;
    const id = await conversationBy('client', { topic: 'accessibility', body: 'Painikkeet ovat liian pieniä.' });
    expect(outboxFor('admin')).toHaveLength(adminBefore + 1);
    expect((await openConversation('admin', id)).status).toBe(200);

    // Fifteen days later it has waited 15 days: more than the 14 the statement promises.
    const later = new Date(Date.now() + 15 * 24 * 60 * 60 * 1000);
    const waiting = listConversations(viewer('admin'), {}, later).find((c) => c.id === id)!;
    expect(waiting.daysWaiting).toBe(15);
    const inbox = await run(inboxRoute.loader, getRequest('/messages', cookieFor(EMAIL.admin)));
    const listed = (inbox.data as { conversations: { id: number; topic: string; daysWaiting: number | null }[]; overdueAfterDays: number });
    expect(listed.overdueAfterDays).toBe(14);
    expect(listed.conversations.every((c) => c.topic === 'accessibility')).toBe(true);
    expect(listed.conversations.find((c) => c.id === id)!.daysWaiting).toBe(0);

    const clientBefore = outboxFor('client').length;
    expect((await reply('admin', id, 'Kiitos palautteesta, korjaamme tämän.')).status).toBe(303);
    expect(outboxFor('client')).toHaveLength(clientBefore + 1);
    expect(listConversations(viewer('admin')).find((c) => c.id === id)!.daysWaiting).toBeNull();
  });

  test('other topics stay hidden from administrators', async () => {
    const id = await conversationBy('client', { topic: 'budget_change' });
    expect((await openConversation('admin', id)).status).toBe(404);
    expect(listConversations(viewer('admin')).some((c) => c.id === id)).toBe(false);
  });
});

describe('reassigning the own worker', () => {
  test('only administrators; bad input is a 400 with the choice kept', async () => {
    const denied = await run(adminClientsRoute.action, postRequest('/admin/clients', { clientId: String(aino), workerId: '1' }, cookieFor(EMAIL.worker)));
    expect(denied.status).toBe(403);
    const missing = await run(adminClientsRoute.action, postRequest('/admin/clients', { clientId: String(aino), workerId: '' }, cookieFor(EMAIL.admin)));
    expect(missing.status).toBe(400);
    expect((missing.data as { errors: Record<string, string> }).errors.workerId).toBe('messages:admin.workerRequired');
    const notWorker = await run(
      adminClientsRoute.action,
      postRequest('/admin/clients', { clientId: String(aino), workerId: String(userByEmail(EMAIL.admin).id) }, cookieFor(EMAIL.admin)),
    );
    expect(notWorker.status).toBe(400);
  });

  test('the history follows the client to the new worker, and the change is audit-logged', async () => {
    const id = await conversationBy('client', { body: 'Ennen vaihtoa' });
    const mikael = userByEmail(EMAIL.worker2).id;
    const result = await run(adminClientsRoute.action, postRequest('/admin/clients', { clientId: String(aino), workerId: String(mikael) }, cookieFor(EMAIL.admin)));
    expect(result.status).toBe(303);
    expect(result.headers.get('Location')).toBe('/admin/clients?done=changed');
    expect((await openConversation('worker2', id)).status).toBe(200);
    expect((await openConversation('worker', id)).status).toBe(404);
    expect(listConversations(viewer('worker2')).filter((c) => c.clientId === aino).length).toBeGreaterThan(1);
    const before = outboxFor('worker2').length;
    await reply('client', id, 'Vaihdon jälkeen');
    expect(outboxFor('worker2')).toHaveLength(before + 1);
    const events = getDb().select().from(auditLog).where(eq(auditLog.action, 'client.reassign_own_worker')).all();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorUserId: userByEmail(EMAIL.admin).id, subjectType: 'client', subjectId: String(aino) });
    expect(events[0].details).toMatchObject({ fromWorkerId: userByEmail(EMAIL.worker).id, toWorkerId: mikael });
  });
});
