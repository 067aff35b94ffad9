// Every list that grows with the data is paged: the helper itself, and each list's loader answers
// one page of PAGE_SIZE with the page count, and a bad page parameter answers the first page.
import crypto from 'node:crypto';
import type { LoaderFunction } from '@remix-run/node';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { clients, users } from '../../db/schema';
import { benchClientPhone, benchProviderEmail, seedBenchData } from '../../db/seed/bench';
import { audit } from '../../app/domain/audit.server';
import { chargeBudget } from '../../app/domain/charge.server';
import { helsinkiDate } from '../../app/domain/months';
import { keysetPage, PAGE_SIZE, pageOfList, pageWindow, requestedKeyset, requestedPage } from '../../app/domain/paging';
import * as adminAudit from '../../app/routes/admin+/audit';
import * as adminClients from '../../app/routes/admin+/clients';
import * as messagesIndex from '../../app/routes/messages+/_index';
import * as providerCharges from '../../app/routes/provider+/charges';
import * as workerIndex from '../../app/routes/worker+/_index';
import { providerActor, serviceByCode } from '../helpers/fixtures';
import { cookieFor, getRequest, run } from '../helpers/requests';

const url = (query: string) => new URL(`http://x/list${query}`);

describe('the paging helper', () => {
  test('a page number is a whole number from 1; anything else is the first page', () => {
    expect(requestedPage(url(''))).toBe(1);
    expect(requestedPage(url('?page=3'))).toBe(3);
    for (const bad of ['0', '-2', '1.5', 'abc', '1e3', '', '99999999999', '3%00']) expect(requestedPage(url(`?page=${bad}`)), bad).toBe(1);
  });

  test('a window: offset and limit, a page past the end is the last page', () => {
    expect(pageWindow(120, 1, 50)).toEqual({ page: 1, pageCount: 3, total: 120, pageSize: 50, offset: 0, limit: 50 });
    expect(pageWindow(120, 3, 50)).toMatchObject({ page: 3, offset: 100 });
    expect(pageWindow(120, 40, 50)).toMatchObject({ page: 3, offset: 100 });
    expect(pageWindow(0, 5, 50)).toMatchObject({ page: 1, pageCount: 1, offset: 0 });
    const { items, page } = pageOfList([...Array(7).keys()], 2, 3);
    expect(items).toEqual([3, 4, 5]);
    expect(page).toEqual({ page: 2, pageCount: 3, total: 7, pageSize: 3 });
  });

  test('a keyset page: newest first, older and newer cursors, one row fetched beyond the page', () => {
    const ids = [...Array(10).keys()].map((i) => ({ id: i + 1 })); // ids 1..10
    const newestFirst = (before: number | null, after: number | null) => (limit: number) =>
      after !== null
        ? ids.filter((r) => r.id > after).slice(0, limit)
        : ids.filter((r) => before === null || r.id < before).reverse().slice(0, limit);
    const first = keysetPage({ before: null, after: null }, newestFirst(null, null), 4);
    expect(first.rows.map((r) => r.id)).toEqual([10, 9, 8, 7]);
    expect(first).toMatchObject({ newerAfter: null, olderBefore: 7 });
    const second = keysetPage({ before: 7, after: null }, newestFirst(7, null), 4);
    expect(second.rows.map((r) => r.id)).toEqual([6, 5, 4, 3]);
    expect(second).toMatchObject({ newerAfter: 6, olderBefore: 3 });
    const last = keysetPage({ before: 3, after: null }, newestFirst(3, null), 4);
    expect(last.rows.map((r) => r.id)).toEqual([2, 1]);
    expect(last.olderBefore).toBeNull();
    const back = keysetPage({ before: null, after: 6 }, newestFirst(null, 6), 4);
    expect(back.rows.map((r) => r.id)).toEqual([10, 9, 8, 7]);
    expect(back.newerAfter).toBeNull();
    const middle = keysetPage({ before: null, after: 2 }, newestFirst(null, 2), 4);
    expect(middle.rows.map((r) => r.id)).toEqual([6, 5, 4, 3]);
    expect(middle).toMatchObject({ newerAfter: 6, olderBefore: 3 });
    expect(requestedKeyset(url('?before=12&after=3'))).toEqual({ before: 12, after: null });
    expect(requestedKeyset(url('?before=-1&after=x'))).toEqual({ before: null, after: null });
  });
});

describe('each growing list answers one page', () => {
  const EXTRA = 120; // more than two pages
  let providerEmail = '';
  let workerEmail = '';

  beforeAll(async () => {
    await seedBenchData(getDb(), { clients: EXTRA, providers: 1 });
    providerEmail = benchProviderEmail(1);
    const cleaning = serviceByCode('cleaning').id;
    const actor = providerActor(providerEmail);
    for (let i = 1; i <= 60; i++) {
      const result = await chargeBudget(actor, { phone: benchClientPhone(i), serviceId: cleaning, quantityHundredths: 100, serviceDate: helsinkiDate(new Date()) }, crypto.randomUUID());
      if (result.kind !== 'charged') throw new Error(result.kind);
    }
    const client = getDb().select().from(clients).where(eq(clients.phone, benchClientPhone(1))).get()!;
    workerEmail = getDb().select().from(users).where(eq(users.id, client.ownWorkerId)).get()!.email;
    // Sixty conversations for the worker's bench clients, straight into the tables.
    const sqlite = getDb().$client;
    const conversation = sqlite.prepare(`INSERT INTO conversations (client_id, topic, subject, created_by_user_id) VALUES (?, 'question', 'Kysymys', ?)`);
    const message = sqlite.prepare(`INSERT INTO messages (conversation_id, author_user_id, body, idempotency_key) VALUES (?, ?, 'Hei', ?)`);
    const benchClients = getDb().select().from(clients).where(eq(clients.ownWorkerId, client.ownWorkerId)).all().slice(0, 60);
    sqlite.transaction(() => {
      for (const c of benchClients) {
        const id = Number(conversation.run(c.id, client.ownWorkerId).lastInsertRowid);
        message.run(id, client.ownWorkerId, crypto.randomUUID());
      }
    })();
  });

  const load = async (loader: LoaderFunction, path: string, email: string) => {
    const result = await run(loader, getRequest(path, cookieFor(email)));
    expect(result.status, path).toBe(200);
    return result.data as Record<string, unknown> & { page: { page: number; pageCount: number; total: number } };
  };

  test("the worker's clients: 50 a page, the search counts all matches", async () => {
    const first = await load(workerIndex.loader, '/worker', workerEmail);
    expect((first.clients as unknown[]).length).toBe(PAGE_SIZE);
    expect(first.page.pageCount).toBe(Math.ceil((first.total as number) / PAGE_SIZE));
    const last = await load(workerIndex.loader, `/worker?page=${first.page.pageCount}`, workerEmail);
    expect((last.clients as unknown[]).length).toBe((first.total as number) - PAGE_SIZE * (first.page.pageCount - 1));
    const bad = await load(workerIndex.loader, '/worker?page=zz', workerEmail);
    expect(bad.page.page).toBe(1);
  });

  test("the region's client list: 50 a page, a name search, a page past the end is the last", async () => {
    const first = await load(adminClients.loader, '/admin/clients', 'admin@example.fi');
    expect((first.clients as unknown[]).length).toBe(PAGE_SIZE);
    expect(first.page.total).toBe(getDb().select().from(clients).all().length);
    const past = await load(adminClients.loader, '/admin/clients?page=999', 'admin@example.fi');
    expect(past.page.page).toBe(past.page.pageCount);
    const found = await load(adminClients.loader, '/admin/clients?q=korhonen%20aino', 'admin@example.fi');
    expect((found.clients as { lastName: string }[]).map((c) => c.lastName)).toContain('Korhonen');
    expect((found.clients as unknown[]).length).toBeLessThan(PAGE_SIZE);
  });

  test("the provider's charges: 50 a page, totals of the whole month", async () => {
    const first = await load(providerCharges.loader, '/provider/charges', providerEmail);
    const ledger = first.ledger as { rows: unknown[]; page: { pageCount: number; total: number }; chargeCount: number; chargesCents: number };
    expect(ledger.rows.length).toBe(PAGE_SIZE);
    expect(ledger.page).toMatchObject({ pageCount: 2, total: 60 });
    expect(ledger.chargeCount).toBe(60);
    const second = await load(providerCharges.loader, '/provider/charges?page=2', providerEmail);
    const rows = (second.ledger as { rows: { receiptNumber: string }[] }).rows;
    expect(rows.length).toBe(10);
    expect(new Set([...ledger.rows.map((r) => (r as { receiptNumber: string }).receiptNumber), ...rows.map((r) => r.receiptNumber)]).size).toBe(60);
  });

  test("the worker's messages: 50 conversations a page", async () => {
    const first = await load(messagesIndex.loader, '/messages', workerEmail);
    expect((first.conversations as unknown[]).length).toBe(PAGE_SIZE);
    expect(first.page.total).toBeGreaterThanOrEqual(60);
    const second = await load(messagesIndex.loader, '/messages?page=2', workerEmail);
    expect((second.conversations as unknown[]).length).toBe(first.page.total - PAGE_SIZE);
  });

  test('the audit log: 50 rows a page by id, older and newer pages, filtered by client', async () => {
    const first = await load(adminAudit.loader, '/admin/audit', 'admin@example.fi');
    const rows = first.rows as { id: number }[];
    expect(rows.length).toBe(50);
    expect(first.newerAfter).toBeNull();
    const older = await load(adminAudit.loader, `/admin/audit?before=${first.olderBefore as number}`, 'admin@example.fi');
    const olderRows = older.rows as { id: number }[];
    expect(olderRows[0].id).toBeLessThan(rows.at(-1)!.id);
    const newer = await load(adminAudit.loader, `/admin/audit?after=${older.newerAfter as number}`, 'admin@example.fi');
    expect((newer.rows as { id: number }[]).map((r) => r.id)).toEqual(rows.map((r) => r.id));
    const client = getDb().select().from(clients).where(eq(clients.phone, benchClientPhone(1))).get()!;
    audit({ actorUserId: null, action: 'client.viewed', subjectType: 'client', subjectId: client.id });
    const ofClient = await load(adminAudit.loader, `/admin/audit?client=${client.id}`, 'admin@example.fi');
    const clientRows = ofClient.rows as { subjectType: string; subjectId: string }[];
    expect(clientRows.length).toBeGreaterThan(0);
    expect(clientRows.every((r) => r.subjectType === 'client' && r.subjectId === String(client.id))).toBe(true);
  });
});
