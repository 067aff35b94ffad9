// The charge page through its loader and action, as a browser without JavaScript would use it.
import { count, eq, like } from 'drizzle-orm';
import { describe, expect, test, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CHARGE_REFUSAL_FLOOR_MS = '0';
});

import { getDb } from '../../db/client.server';
import { ledgerEntries, users } from '../../db/schema';
import { helsinkiDate } from '../../app/domain/months';
import * as chargeRoute from '../../app/routes/provider+/charge';
import { serviceByCode } from '../helpers/fixtures';
import { cookieFor, getRequest, postRequest, run } from '../helpers/requests';

const provider = () => cookieFor('provider@example.fi');

async function newForm(cookie: string) {
  const page = await run(chargeRoute.loader, getRequest('/provider/charge', cookie));
  expect(page.status).toBe(200);
  return page.data as { idempotencyKey: string; services: { serviceId: number }[]; today: string };
}

function fields(overrides: Record<string, string>, key: string) {
  return {
    intent: 'preview',
    phone: '040 123 4567',
    serviceId: String(serviceByCode('cleaning').id),
    quantity: '1',
    serviceDate: helsinkiDate(),
    idempotencyKey: key,
    ...overrides,
  };
}

describe('/provider/charge', () => {
  test('the form offers only the provider’s own services and a fresh idempotency key each time', async () => {
    const cookie = provider();
    const first = await newForm(cookie);
    const second = await newForm(cookie);
    expect(first.idempotencyKey).not.toBe(second.idempotencyKey);
    expect(first.services.map((s) => s.serviceId)).toContain(serviceByCode('cleaning').id);
    expect(first.services.map((s) => s.serviceId)).not.toContain(serviceByCode('meals').id);
  });

  test('preview → confirm → 303 to the receipt; resending the confirmation gives the same receipt', async () => {
    const cookie = provider();
    const { idempotencyKey } = await newForm(cookie);
    const preview = await run(chargeRoute.action, postRequest('/provider/charge', fields({ quantity: '0,5' }, idempotencyKey), cookie));
    expect(preview.status).toBe(200);
    expect(preview.data).toMatchObject({ step: 'confirm', preview: { clientFirstName: 'Aino', clientLastInitial: 'K', amountCents: 2100 } });
    const confirm = () => run(chargeRoute.action, postRequest('/provider/charge', fields({ intent: 'confirm', quantity: '0,5' }, idempotencyKey), cookie));
    const first = await confirm();
    expect(first.status).toBe(303);
    const location = first.headers.get('Location')!;
    expect(location).toMatch(/^\/provider\/receipts\/\d{4}-[A-Z2-9]{6}$/);
    for (let i = 0; i < 5; i++) expect((await confirm()).headers.get('Location')).toBe(location);
    const rows = getDb().select({ n: count() }).from(ledgerEntries).where(like(ledgerEntries.idempotencyKey, `%:${idempotencyKey}`)).get();
    expect(rows?.n).toBe(1);
  });

  test('"change details" goes back to the form with what was typed', async () => {
    const cookie = provider();
    const { idempotencyKey } = await newForm(cookie);
    const edit = await run(chargeRoute.action, postRequest('/provider/charge', fields({ intent: 'edit', quantity: '2,5' }, idempotencyKey), cookie));
    expect(edit.status).toBe(200);
    expect(edit.data).toMatchObject({ step: 'form', values: { quantity: '2,5', phone: '040 123 4567' } });
  });

  test.each([
    ['empty phone', { phone: '' }, 'phone', 'charge:errors.phoneRequired'],
    ['letters as phone', { phone: 'soita minulle' }, 'phone', 'charge:errors.phoneInvalid'],
    ['no service', { serviceId: '' }, 'serviceId', 'charge:errors.serviceRequired'],
    ['someone else’s service', { serviceId: '@meals' }, 'serviceId', 'charge:errors.serviceRequired'],
    ['negative quantity', { quantity: '-1' }, 'quantity', 'charge:errors.quantityInvalid'],
    ['absurd quantity', { quantity: '100000' }, 'quantity', 'charge:errors.quantityInvalid'],
    ['zero quantity', { quantity: '0' }, 'quantity', 'charge:errors.quantityInvalid'],
    ['text as date', { serviceDate: 'eilen' }, 'serviceDate', 'charge:errors.dateInvalid'],
    ['future date', { serviceDate: '2099-01-01' }, 'serviceDate', 'charge:errors.dateNotThisMonth'],
  ])('%s → 400 with a field error, values kept', async (_name, given, field, key) => {
    // '@code' stands for a service id, looked up once the database exists
    const overrides = Object.fromEntries(Object.entries(given).map(([k, v]) => [k, v.startsWith('@') ? String(serviceByCode(v.slice(1)).id) : v]));
    const cookie = provider();
    const { idempotencyKey } = await newForm(cookie);
    const result = await run(chargeRoute.action, postRequest('/provider/charge', fields(overrides, idempotencyKey), cookie));
    expect(result.status).toBe(400);
    const data = result.data as { step: string; errors: Record<string, string>; values: Record<string, string> };
    expect(data.step).toBe('form');
    expect(data.errors[field]).toBe(key);
    for (const [name, value] of Object.entries(overrides)) expect(data.values[name]).toBe(value);
  });

  test('a Finnish date 1.11.2026 style is understood', async () => {
    const cookie = provider();
    const { idempotencyKey } = await newForm(cookie);
    const [y, m, d] = helsinkiDate().split('-');
    const result = await run(chargeRoute.action, postRequest('/provider/charge', fields({ serviceDate: `${Number(d)}.${Number(m)}.${y}` }, idempotencyKey), cookie));
    expect(result.status).toBe(200);
    expect(result.data).toMatchObject({ step: 'confirm' });
  });

  test('an unknown number gets the same neutral message as no budget, with 422', async () => {
    const cookie = provider();
    const { idempotencyKey } = await newForm(cookie);
    const unknown = await run(chargeRoute.action, postRequest('/provider/charge', fields({ phone: '050 999 8888' }, idempotencyKey), cookie));
    const tooMuch = await run(chargeRoute.action, postRequest('/provider/charge', fields({ quantity: '90' }, idempotencyKey), cookie));
    for (const result of [unknown, tooMuch]) {
      expect(result.status).toBe(422);
      expect(result.data).toMatchObject({ errors: { form: 'charge:errors.notPossible' } });
    }
  });

  test('a duplicated field or a missing idempotency key is a 400, not a 500', async () => {
    const cookie = provider();
    const { idempotencyKey } = await newForm(cookie);
    const duplicated = await run(chargeRoute.action, postRequest('/provider/charge', { ...fields({}, idempotencyKey), phone: ['040 123 4567', '050 111 2222'] }, cookie));
    expect(duplicated.status).toBe(400);
    const noKey = await run(chargeRoute.action, postRequest('/provider/charge', fields({ idempotencyKey: '' }, ''), cookie));
    expect(noKey.status).toBe(400);
  });

  test('without the CSRF token nothing is charged', async () => {
    const cookie = provider();
    const { idempotencyKey } = await newForm(cookie);
    const result = await run(chargeRoute.action, postRequest('/provider/charge', fields({ intent: 'confirm' }, idempotencyKey), cookie, { csrf: null }));
    expect(result.status).toBe(403);
    expect(getDb().select().from(ledgerEntries).where(like(ledgerEntries.idempotencyKey, `%:${idempotencyKey}`)).all()).toEqual([]);
  });

  test('a suspended provider cannot charge', async () => {
    const cookie = provider();
    const { idempotencyKey } = await newForm(cookie);
    const user = getDb().select().from(users).where(eq(users.email, 'provider@example.fi')).get()!;
    const sqlite = getDb().$client;
    sqlite.prepare('UPDATE providers SET status = ? WHERE id = ?').run('suspended', user.providerId);
    try {
      const result = await run(chargeRoute.action, postRequest('/provider/charge', fields({ intent: 'confirm' }, idempotencyKey), cookie));
      expect(result.status).toBe(403);
      const page = await run(chargeRoute.loader, getRequest('/provider/charge', cookie));
      expect(page.data).toMatchObject({ approved: false });
    } finally {
      sqlite.prepare('UPDATE providers SET status = ? WHERE id = ?').run('approved', user.providerId);
    }
  });
});
