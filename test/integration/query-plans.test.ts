// The charge path and the budget page read through indexes, never by scanning a whole table: the
// ledger grows every day, a scan would make each charge slower than the last.
import { describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { statements } from '../../app/domain/ledger.server';
import { sessionStatements } from '../../app/auth/session.server';
import { guardStatements } from '../../app/auth/guards.server';
import { unreadCountStatements } from '../../app/domain/messages.server';
import { budgetStatements } from '../../app/domain/budget.server';
import { disputePanelStatements } from '../../app/domain/disputes.server';

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

  // Every signed-in page (session, acting-for, header count) and the budget page's own statements.
  const hot: [string, () => unknown][] = [
    ['session with user', () => sessionStatements().sessionWithUser],
    ["a client's clients to act for", () => guardStatements().mayActFor.client],
    ["a representative's clients to act for", () => guardStatements().mayActFor.representative],
    ['own client record', () => guardStatements().ownClient],
    ["a client's unread count", () => unreadCountStatements().client],
    ["a representative's unread count", () => unreadCountStatements().representative],
    ["a worker's unread count", () => unreadCountStatements().worker],
    ['budget transactions', () => budgetStatements().transactions],
    ['first decision day', () => budgetStatements().firstDecisionDay],
    ['disputable charges', () => disputePanelStatements().chargesSince],
    ["a client's disputes", () => disputePanelStatements().disputesOfClient],
  ];
  test.each(hot)('%s (prepared) uses an index on every table it reads', (name, statement) => {
    const plan = planOf(statement() as { getQuery(): { sql: string; params: unknown[] } });
    expect(plan.some((step) => /USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY|USING PRIMARY KEY/.test(step)), plan.join(' | ')).toBe(true);
    for (const step of plan) expect(step, `${name}: ${plan.join(' | ')}`).not.toMatch(/^SCAN (?!CONSTANT)/);
  });

  // What a client has used this month is the client's own rows, never the whole month of the
  // region (ledger_month_provider also covers these sums and must not be chosen: 0018).
  test.each(['usedThisMonth', 'usedThisMonthByService'] as const)('%s reads the client\'s rows through ledger_client_month', (name) => {
    const plan = planOf(statements()[name] as unknown as { getQuery(): { sql: string; params: unknown[] } });
    expect(plan.some((step) => /^SEARCH ledger_entries USING COVERING INDEX ledger_client_month \(client_id=\? AND budget_month=\?/.test(step)), plan.join(' | ')).toBe(true);
  });

  // The lockout before every charge: a range of the provider user's rows of one action, read from
  // the index alone (a count's own subquery is scanned, the audit log never is).
  const lockout = ['actionCountUpTo', 'actionTimesNewestFirst', 'actionTimesOldestFirst'] as const;
  test.each(lockout)('%s reads the audit log through audit_log_actor_action', (name) => {
    const plan = planOf(statements()[name] as unknown as { getQuery(): { sql: string; params: unknown[] } });
    expect(plan.some((step) => /^SEARCH audit_log USING (COVERING )?INDEX audit_log_actor_action/.test(step)), plan.join(' | ')).toBe(true);
    for (const step of plan) expect(step, `${name}: ${plan.join(' | ')}`).not.toMatch(/^SCAN audit_log/);
  });
});

// The hot pages at national size (issue 16, npm run bench:scale): every statement they run reads
// the tables that grow (ledger, audit log, access log, clients, messages) through an index.
// Statements are captured as the domain functions prepare or run them, then explained.
const GROWING = ['ledger_entries', 'audit_log', 'access_log', 'clients', 'conversations', 'messages', 'evaluation_ledger_months', 'settlement_months', 'charge_disputes'];

type Runner = (this: { source: string }, ...args: unknown[]) => unknown;
const RUNS = ['get', 'all', 'run', 'iterate'] as const;

async function statementsRunBy(fn: () => unknown): Promise<string[]> {
  const sqlite = getDb().$client;
  const captured = new Set<string>();
  const prepare = sqlite.prepare.bind(sqlite);
  const spy = (source: string) => {
    captured.add(source);
    return prepare(source);
  };
  // Statements prepared once per connection are not prepared again: their runs are seen here.
  const statement = Object.getPrototypeOf(prepare('select 1')) as Record<(typeof RUNS)[number], Runner>;
  const runners = RUNS.map((name) => [name, statement[name]] as const);
  for (const [name, runner] of runners) {
    statement[name] = function (this: { source: string }, ...args: unknown[]) {
      captured.add(this.source);
      return runner.apply(this, args);
    };
  }
  (sqlite as unknown as { prepare: typeof spy }).prepare = spy;
  try {
    await fn();
  } finally {
    (sqlite as unknown as { prepare: typeof prepare }).prepare = prepare;
    for (const [name, runner] of runners) statement[name] = runner;
  }
  return [...captured];
}

function scansOfGrowingTables(source: string): string[] {
  const params = (source.match(/\?/g) ?? []).length;
  const plan = (getDb().$client.prepare(`EXPLAIN QUERY PLAN ${source}`).all(...Array(params).fill(1)) as Plan).map((row) => row.detail);
  // A bare SCAN of a growing table reads every row. Through an index it is allowed when it is
  // counted whole (the region's client count, a covering index) or walked in order up to a LIMIT.
  const limited = /\blimit \?/i.test(source);
  return plan.filter((step) =>
    GROWING.some((table) => {
      if (!new RegExp(`^SCAN ${table}\\b`).test(step)) return false;
      if (/USING COVERING INDEX/.test(step)) return false;
      return !(limited && /USING INDEX/.test(step));
    }),
  );
}

describe('hot pages read the growing tables through indexes', async () => {
  const { transactionsFor, budgetMonthFor } = await import('../../app/domain/budget.server');
  const { providerLedger, settlementFor } = await import('../../app/domain/settlement.server');
  const { regionSettlement } = await import('../../app/domain/adminSettlement.server');
  const { auditEntries, auditFilterFrom } = await import('../../app/domain/auditViewer.server');
  const { clientsWithOwnWorker } = await import('../../app/domain/messages.server');
  const { clientLedger } = await import('../../app/domain/clientRecords.server');
  const { keepClosedMonth, evaluationReport, forgetClosedMonth, reportMonths } = await import('../../app/domain/evaluation.server');
  const cases: [string, () => unknown][] = [
    ["the client's budget month", () => budgetMonthFor(1, '2026-11')],
    ["the client's statement rows", () => transactionsFor(1, '2026-11')],
    ["the provider's charges page", () => providerLedger(1, '2026-11', null, new Date(), 2)],
    ["the provider's settlement", () => settlementFor(1, '2026-11')],
    ["the region's settlement", () => regionSettlement('2026-11')],
    ["the region's settlement of a kept month", () => (expect(keepClosedMonth('2026-11')).toBe(true), regionSettlement('2026-11'))],
    ["the provider's settlement of a kept month", () => (expect(keepClosedMonth('2026-11')).toBe(true), settlementFor(1, '2026-11'))],
    ['the audit log filtered by client', () => auditEntries(auditFilterFrom(new URL('http://x/admin/audit?client=1&before=100')))],
    ["the region's client list", () => clientsWithOwnWorker('', 2)],
    ["a worker's client page ledger", () => clientLedger(1)],
    ['the evaluation report', () => evaluationReport(reportMonths())],
    ['the evaluation report, every month from the ledger', () => evaluationReport(reportMonths(), undefined, { live: true })],
    ['closing an evaluation month', () => keepClosedMonth(reportMonths()[0])],
    ['forgetting an evaluation month', () => forgetClosedMonth(getDb(), reportMonths()[0])],
  ];
  test.each(cases)('%s', async (_name, fn) => {
    const sources = await statementsRunBy(fn);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(scansOfGrowingTables(source), source).toEqual([]);
  });
});

// The evaluation's open month and the region's settlement read one month of the ledger from
// ledger_month_provider alone (migration 0016 appended client_id for the evaluation).
describe('one month of the ledger from the index alone', async () => {
  const { regionSettlement } = await import('../../app/domain/adminSettlement.server');
  const { keepClosedMonth, evaluationReport, forgetClosedMonth, reportMonths } = await import('../../app/domain/evaluation.server');
  const cases: [string, () => unknown][] = [
    // A month not kept (the current one, or one a late refund forgot) is summed from the ledger.
    ["the region's settlement", () => (forgetClosedMonth(getDb(), '2026-11'), regionSettlement('2026-11'))],
    ["the evaluation report's open month", () => evaluationReport(reportMonths())],
    ['closing an evaluation month', () => keepClosedMonth(reportMonths()[0])],
  ];
  test.each(cases)('%s', async (_name, fn) => {
    const ledgerReads = (await statementsRunBy(fn)).filter((source) => /\bfrom "?ledger_entries"?/i.test(source) && /budget_month/.test(source));
    expect(ledgerReads.length).toBeGreaterThan(0);
    for (const source of ledgerReads) {
      const plan = (getDb().$client.prepare(`EXPLAIN QUERY PLAN ${source}`).all(...Array((source.match(/\?/g) ?? []).length).fill('2026-11')) as Plan).map((row) => row.detail);
      const ledger = plan.filter((step) => /ledger_entries/.test(step));
      expect(ledger, source).toEqual(ledger.map(() => expect.stringMatching(/^SEARCH ledger_entries USING COVERING INDEX ledger_month_provider /)));
      expect(ledger.length, source).toBeGreaterThan(0);
    }
  });
});

// Open disputes are few (index of open ones only, migration 0020); a national month has ~500,000
// ledger rows (22 ms when walked).
test("the region's open disputes of a month start from the disputes, not from the month's ledger rows", async () => {
  const { openDisputesInMonth } = await import('../../app/domain/disputes.server');
  const sources = (await statementsRunBy(() => openDisputesInMonth('2026-11'))).filter((source) => /charge_disputes/.test(source));
  expect(sources.length).toBe(1);
  const plan = (getDb().$client.prepare(`EXPLAIN QUERY PLAN ${sources[0]}`).all(...Array((sources[0].match(/\?/g) ?? []).length).fill('2026-11')) as Plan).map((row) => row.detail);
  expect(plan[0]).toMatch(/^SEARCH charge_disputes USING INDEX charge_disputes_open/);
  expect(plan.filter((step) => /ledger_entries/.test(step))).toEqual([expect.stringMatching(/^SEARCH ledger_entries USING INTEGER PRIMARY KEY/)]);
});
