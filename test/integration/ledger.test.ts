// The ledger's answers agree everywhere (docs/decisions/012): with a replacement decision starting
// later in the current month, the evaluation report, the budget page and a charge give the same
// monthly amount and remaining for the same client, service and day.
import crypto from 'node:crypto';
import { describe, expect, test, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CHARGE_REFUSAL_FLOOR_MS = '0';
});

import { budgetLinesFor } from '../../app/domain/budget.server';
import { chargeBudget } from '../../app/domain/charge.server';
import { replaceDecision } from '../../app/domain/decisions.server';
import { evaluationReport } from '../../app/domain/evaluation.server';
import { lineInForce, remainingToday } from '../../app/domain/ledger.server';
import { helsinkiDate, helsinkiMonth } from '../../app/domain/months';
import { getDb } from '../../db/client.server';
import { clients } from '../../db/schema';
import { clientByPhone, providerActor, serviceByCode, userByEmail } from '../helpers/fixtures';

const AINO = '+358401234567'; // cleaning 300 € a month
const NOW = new Date('2027-04-10T10:00:00+03:00'); // a fixed day, so the test passes on any day

describe('one answer for the month', () => {
  test('a replacement starting later this month: report, budget page and charge agree on amount and remaining', async () => {
    const aino = clientByPhone(AINO);
    const cleaning = serviceByCode('cleaning').id;
    const month = helsinkiMonth(NOW);
    const today = helsinkiDate(NOW);
    const current = lineInForce(aino.id, cleaning, today)!;
    const decisionId = getDb().$client.prepare('SELECT decision_id AS id FROM budget_lines WHERE id = ?').get(current.id) as { id: number };
    const worker = { id: userByEmail('worker@example.fi').id, role: 'worker' as const, ip: '203.0.113.7' };
    const meals = serviceByCode('meals').id;
    const replaced = replaceDecision(
      worker,
      aino.id,
      decisionId.id,
      { validFrom: '2027-04-20', validTo: null, caregiverLeaveSwap: false, note: '', lines: [{ row: 1, serviceId: cleaning, monthlyCents: 20000 }, { row: 2, serviceId: meals, monthlyCents: 12000 }] },
      NOW,
    );
    if (replaced.kind !== 'saved') throw new Error(JSON.stringify(replaced));
    const charged = await chargeBudget(providerActor('provider@example.fi'), { phone: AINO, serviceId: cleaning, quantityHundredths: 100, serviceDate: today }, crypto.randomUUID(), NOW);
    expect(charged.kind).toBe('charged');

    // The charge's answer.
    const left = remainingToday(aino.id, cleaning, NOW)!;
    expect(left.monthlyCents).toBe(30000);
    // The budget page's answer.
    const page = budgetLinesFor(aino.id, month, NOW).find((line) => line.serviceId === cleaning)!;
    expect([page.monthlyCents, page.remainingCents]).toEqual([left.monthlyCents, left.remainingCents]);
    // The report's answer: the HB group's granted amount is the sum of every client's budget-page amount.
    const hbClients = getDb().select().from(clients).all().filter((client) => client.group === 'hb');
    const granted = hbClients.reduce((sum, client) => sum + (budgetLinesFor(client.id, month, NOW).find((line) => line.serviceId === cleaning)?.monthlyCents ?? 0), 0);
    const used = hbClients.reduce((sum, client) => sum + (budgetLinesFor(client.id, month, NOW).find((line) => line.serviceId === cleaning)?.usedCents ?? 0), 0);
    const report = evaluationReport([month], NOW);
    const cell = report.groups.find((group) => group.group === 'hb')!.services.find((row) => row.serviceId === cleaning)!.months[0];
    expect(cell.grantedCents).toEqual({ kind: 'value', value: granted });
    expect(cell.usedCents).toEqual({ kind: 'value', value: used });
    // Remaining is the month's 300 € minus the one hour charged.
    expect(left.remainingCents).toBe(30000 - 4200);

    // From the replacement's first day, all three take the new amount.
    const later = new Date('2027-04-21T10:00:00+03:00');
    expect(remainingToday(aino.id, cleaning, later)!.monthlyCents).toBe(20000);
    expect(budgetLinesFor(aino.id, month, later).find((line) => line.serviceId === cleaning)!.monthlyCents).toBe(20000);
    const laterReport = evaluationReport([month], later).groups.find((group) => group.group === 'hb')!.services.find((row) => row.serviceId === cleaning)!.months[0];
    expect(laterReport.grantedCents).toEqual({ kind: 'value', value: granted - 10000 });
  });
});
