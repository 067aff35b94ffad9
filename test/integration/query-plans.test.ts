// The charge path and the budget page read through indexes, never by scanning a whole table: the
// ledger grows every day, a scan would make each charge slower than the last.
import { describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { statements } from '../../app/domain/ledger.server';

type Plan = { detail: string }[];

function planOf(query: { getQuery(): { sql: string; params: unknown[] } }): string[] {
  const { sql, params } = query.getQuery();
  const filled = params.map((param) => (typeof param === 'object' && param !== null ? 1 : param));
  return (getDb().$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...filled.map(() => 1)) as Plan).map((row) => row.detail);
}

describe('query plans', () => {
  const names = ['lineInForce', 'usedThisMonth', 'usedThisMonthByService', 'linesOverlappingMonth', 'monthInvoiced', 'providerStatus', 'service', 'clientByPhone', 'entryByKey', 'entryByReceipt', 'priceInForce'] as const;
  test.each(names)('%s uses an index on every table it reads', (name) => {
    const plan = planOf(statements()[name] as unknown as { getQuery(): { sql: string; params: unknown[] } });
    expect(plan.length).toBeGreaterThan(0);
    expect(plan.some((step) => /USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY|USING PRIMARY KEY/.test(step)), plan.join(' | ')).toBe(true);
    for (const step of plan) expect(step, `${name}: ${plan.join(' | ')}`).not.toMatch(/^SCAN (?!CONSTANT)/);
  });
});
