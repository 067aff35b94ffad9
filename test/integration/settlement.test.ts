// The monthly settlement of a provider: from the ledger only, and as a CSV file.
import crypto from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { services, users } from '../../db/schema';
import { chargeBudget, refundCharge, type ProviderActor } from '../../app/domain/charge.server';
import { addMonths, helsinkiDate, helsinkiMonth } from '../../app/domain/months';
import { centsToDecimalComma, csvField } from '../../app/domain/csv';
import { settlementFor, type Settlement } from '../../app/domain/settlement.server';
import * as settlementPage from '../../app/routes/provider+/settlement';
import * as settlementCsvRoute from '../../app/routes/provider+/settlement[.csv]';
import { cookieFor, getRequest, run } from '../helpers/requests';

const AINO = '+358401234567'; // cleaning 300 €/month, meals 120 €/month
const VEIKKO = '+358505743128'; // handyman 150 €/month
const PROVIDER = 'provider@example.fi'; // cleaning 42 €/h, handyman 48 €/h
const MEALS = 'ateria@example.fi'; // meals 9,50 €

function actorFor(email: string): ProviderActor {
  const user = getDb().select().from(users).where(eq(users.email, email)).get();
  if (!user?.providerId) throw new Error(`no provider user ${email}`);
  return { userId: user.id, providerId: user.providerId, ip: '203.0.113.7' };
}

function serviceId(code: string): number {
  return getDb().select().from(services).where(eq(services.code, code)).get()!.id;
}

async function charge(email: string, phone: string, code: string, quantityHundredths: number, now = new Date()): Promise<string> {
  const result = await chargeBudget(actorFor(email), { phone, serviceId: serviceId(code), quantityHundredths, serviceDate: helsinkiDate(now) }, crypto.randomUUID(), now);
  if (result.kind !== 'charged') throw new Error(`charge refused: ${result.kind}`);
  return result.receiptNumber;
}

function refund(email: string, receipt: string, now = new Date()) {
  const result = refundCharge(actorFor(email), receipt, 'Virhe', crypto.randomUUID(), now);
  if (result.kind !== 'refunded') throw new Error(`refund refused: ${result.kind}`);
}

/** The settlement computed independently: a plain SUM over the ledger rows. */
function directSums(providerId: number, month: string) {
  return getDb().all<{ serviceId: number; chargeCount: number; chargesCents: number; refundsCents: number }>(sql`
    select service_id as serviceId,
           count(*) filter (where kind = 'charge') as chargeCount,
           coalesce(sum(amount_cents) filter (where kind = 'charge'), 0) as chargesCents,
           coalesce(sum(amount_cents) filter (where kind = 'refund'), 0) as refundsCents
    from ledger_entries where provider_id = ${providerId} and budget_month = ${month}
    group by service_id order by service_id`);
}

const month = helsinkiMonth();
const lastMonth = addMonths(month, -1);
const provider = () => actorFor(PROVIDER).providerId;

// The demo data may already hold ledger rows: expectations are changes from these.
let baseline: { now: Settlement; before: Settlement };
const lineOf = (settlement: Settlement, code: string) =>
  settlement.lines.find((line) => line.serviceCode === code) ?? { chargeCount: 0, chargesCents: 0, refundsCents: 0, netCents: 0 };
const change = (after: Settlement, before: Settlement, code: string) => {
  const [a, b] = [lineOf(after, code), lineOf(before, code)];
  return { chargeCount: a.chargeCount - b.chargeCount, chargesCents: a.chargesCents - b.chargesCents, refundsCents: a.refundsCents - b.refundsCents, netCents: a.netCents - b.netCents };
};

beforeAll(async () => {
  baseline = { now: settlementFor(provider(), month), before: settlementFor(provider(), lastMonth) };
  // Last month: charges made then (their budget month), one refunded the same day.
  const then = new Date(`${lastMonth}-15T10:00:00Z`);
  await charge(PROVIDER, VEIKKO, 'handyman', 200, then);
  refund(PROVIDER, await charge(PROVIDER, VEIKKO, 'handyman', 100, then), then);
  // This month: two services, a refund, and another provider's charge that must not count.
  await charge(PROVIDER, AINO, 'cleaning', 150);
  await charge(PROVIDER, AINO, 'cleaning', 33);
  refund(PROVIDER, await charge(PROVIDER, AINO, 'cleaning', 50));
  await charge(PROVIDER, VEIKKO, 'handyman', 125);
  await charge(MEALS, AINO, 'meals', 300);
});

describe('settlementFor', () => {
  test('per service equals a direct SUM over ledger_entries, and the totals add up', () => {
    for (const m of [month, lastMonth]) {
      const settlement = settlementFor(provider(), m);
      const direct = directSums(provider(), m);
      const lines = [...settlement.lines].sort((a, b) => a.serviceId - b.serviceId);
      expect(lines.map(({ serviceId: id, chargeCount, chargesCents, refundsCents }) => ({ serviceId: id, chargeCount, chargesCents, refundsCents }))).toEqual(direct);
      for (const line of settlement.lines) expect(line.netCents).toBe(line.chargesCents - line.refundsCents);
      const sum = (key: 'chargeCount' | 'chargesCents' | 'refundsCents' | 'netCents') => settlement.lines.reduce((total, line) => total + line[key], 0);
      expect(settlement.total).toEqual({ chargeCount: sum('chargeCount'), chargesCents: sum('chargesCents'), refundsCents: sum('refundsCents'), netCents: sum('netCents') });
    }
  });

  test('known numbers: this month and last month kept apart by budget month', () => {
    const now = settlementFor(provider(), month);
    // 1,5 h + 0,33 h + 0,5 h at 42 €: 63,00 + 13,86 + 21,00; the 21,00 refunded
    expect(change(now, baseline.now, 'cleaning')).toEqual({ chargeCount: 3, chargesCents: 9786, refundsCents: 2100, netCents: 7686 });
    // 1,25 h at 48 €
    expect(change(now, baseline.now, 'handyman')).toEqual({ chargeCount: 1, chargesCents: 6000, refundsCents: 0, netCents: 6000 });
    expect(now.lines.some((line) => line.serviceCode === 'meals')).toBe(false);
    expect(now.total.netCents - baseline.now.total.netCents).toBe(13686);
    // 2 h + 1 h at 48 €, the 1 h refunded
    const before = settlementFor(provider(), lastMonth);
    expect(change(before, baseline.before, 'handyman')).toEqual({ chargeCount: 2, chargesCents: 14400, refundsCents: 4800, netCents: 9600 });
    expect(change(before, baseline.before, 'cleaning')).toEqual({ chargeCount: 0, chargesCents: 0, refundsCents: 0, netCents: 0 });
  });

  test('reproducible: later activity in another month does not change a settled month', async () => {
    const before = settlementFor(provider(), lastMonth);
    await charge(PROVIDER, AINO, 'cleaning', 10);
    expect(settlementFor(provider(), lastMonth)).toEqual(before);
  });

  test('a month without rows settles to zero', () => {
    expect(settlementFor(provider(), '2020-01')).toEqual({
      providerId: provider(),
      month: '2020-01',
      lines: [],
      total: { chargeCount: 0, chargesCents: 0, refundsCents: 0, netCents: 0 },
    });
  });
});

describe('settlement page', () => {
  test('shows the settlement of the asked month for the own provider only', async () => {
    const result = await run(settlementPage.loader, getRequest(`/provider/settlement?month=${lastMonth}`, cookieFor(PROVIDER)));
    expect(result.status).toBe(200);
    const { settlement } = result.data as { settlement: Settlement };
    expect(settlement).toEqual(settlementFor(provider(), lastMonth));
    const meals = await run(settlementPage.loader, getRequest(`/provider/settlement?month=${lastMonth}`, cookieFor(MEALS)));
    const theirs = (meals.data as { settlement: Settlement }).settlement;
    expect(theirs).toEqual(settlementFor(actorFor(MEALS).providerId, lastMonth));
    expect(theirs.lines.some((line) => line.serviceCode === 'handyman' || line.serviceCode === 'cleaning')).toBe(false);
  });

  test('defaults to this month; a bad month is a 400 page', async () => {
    const result = await run(settlementPage.loader, getRequest('/provider/settlement', cookieFor(PROVIDER)));
    expect((result.data as { month: string }).month).toBe(month);
    for (const bad of ['2026-00', 'marraskuu', '2026-11-01']) {
      const refused = await run(settlementPage.loader, getRequest(`/provider/settlement?month=${bad}`, cookieFor(PROVIDER)));
      expect(refused.status, bad).toBe(400);
    }
  });
});

describe('settlement CSV', () => {
  async function download(query: string, lang?: 'fi' | 'sv') {
    const response = (await settlementCsvRoute.loader({
      request: getRequest(`/provider/settlement.csv${query}`, cookieFor(PROVIDER, lang ? `lang=${lang}` : '')),
      params: {},
      context: {},
    })) as Response;
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { response, bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
  }

  test('UTF-8 with BOM, semicolons, decimal comma, CRLF, Finnish header, total row, attachment', async () => {
    const { response, bytes, text } = await download(`?month=${month}`, 'fi');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('Content-Disposition')).toBe(`attachment; filename="avain-tilitys-${month}.csv"`);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const rows = text.slice(1, -2).split('\r\n');
    expect(rows[0]).toBe('Palvelu;Veloitusten määrä;Veloitukset (€);Hyvitykset (€);Netto (€)');
    const settlement = settlementFor(provider(), month);
    const cleaning = settlement.lines.find((line) => line.serviceCode === 'cleaning')!;
    expect(rows).toContain(
      `siivous;${cleaning.chargeCount};${centsToDecimalComma(cleaning.chargesCents)};${centsToDecimalComma(cleaning.refundsCents)};${centsToDecimalComma(cleaning.netCents)}`,
    );
    const handyman = lineOf(settlement, 'handyman');
    expect(rows).toContain(`talkkaripalvelu;${handyman.chargeCount};${centsToDecimalComma(handyman.chargesCents)};0,00;${centsToDecimalComma(handyman.netCents)}`);
    expect(rows.at(-1)).toBe(
      `Yhteensä;${settlement.total.chargeCount};${centsToDecimalComma(settlement.total.chargesCents)};${centsToDecimalComma(settlement.total.refundsCents)};${centsToDecimalComma(settlement.total.netCents)}`,
    );
    expect(rows).toHaveLength(settlement.lines.length + 2);
    for (const row of rows.slice(1)) expect(row).toMatch(/^[^;]+;\d+;\d+,\d{2};\d+,\d{2};-?\d+,\d{2}$/);
  });

  test('in Swedish for a Swedish-speaking user', async () => {
    const { response, text } = await download(`?month=${lastMonth}`, 'sv');
    expect(response.headers.get('Content-Disposition')).toBe(`attachment; filename="avain-redovisning-${lastMonth}.csv"`);
    const rows = text.slice(1, -2).split('\r\n');
    expect(rows[0]).toBe('Tjänst;Antal debiteringar;Debiteringar (€);Gottgörelser (€);Netto (€)');
    const settlement = settlementFor(provider(), lastMonth);
    const handyman = lineOf(settlement, 'handyman');
    expect(rows).toContain(
      `fastighetsskötsel;${handyman.chargeCount};${centsToDecimalComma(handyman.chargesCents)};${centsToDecimalComma(handyman.refundsCents)};${centsToDecimalComma(handyman.netCents)}`,
    );
    expect(rows.at(-1)).toMatch(/^Sammanlagt;/);
  });

  test('a bad month is a 400, not a file', async () => {
    const { response } = await download('?month=2026-13');
    expect(response.status).toBe(400);
    expect(response.headers.get('Content-Disposition')).toBeNull();
  });

  test('fields with a semicolon, a quote or a line break are quoted; formulas are defused', () => {
    expect(csvField('siivous')).toBe('siivous');
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField('sanoi "hei"')).toBe('"sanoi ""hei"""');
    expect(csvField('rivi\nrivi')).toBe('"rivi\nrivi"');
    expect(csvField('rivi\r\nrivi')).toBe('"rivi\r\nrivi"');
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvField('-12,00', 'number')).toBe('-12,00');
  });

  test('cents become a decimal comma without grouping', () => {
    expect(centsToDecimalComma(123450)).toBe('1234,50');
    expect(centsToDecimalComma(5)).toBe('0,05');
    expect(centsToDecimalComma(0)).toBe('0,00');
    expect(centsToDecimalComma(-2100)).toBe('-21,00');
    expect(() => centsToDecimalComma(1.5)).toThrow();
  });
});
