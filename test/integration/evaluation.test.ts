// The evaluation report: groups and services per month, and k-anonymity: any cell about fewer
// than five people shows "< 5", with every number derived from it, on the page and in the CSV.
import crypto from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { chargeBudget } from '../../app/domain/charge.server';
import { evaluationCsv, evaluationReport, METRICS, reportMonths, type Metric } from '../../app/domain/evaluation.server';
import { helsinkiDate, helsinkiMonth } from '../../app/domain/months';
import * as csvRoute from '../../app/routes/admin+/evaluation[.csv]';
import * as pageRoute from '../../app/routes/admin+/evaluation';
import { providerActor, serviceByCode } from '../helpers/fixtures';
import { cookieFor, getRequest, run } from '../helpers/requests';

const MONTH = helsinkiMonth();
const AINO = '+358401234567';

function currentReport() {
  const report = evaluationReport(reportMonths(MONTH));
  const hb = report.groups.find((g) => g.group === 'hb')!;
  const comparison = report.groups.find((g) => g.group === 'comparison')!;
  const service = (code: string) => hb.services.find((s) => s.serviceId === serviceByCode(code).id)!;
  return { report, hb, comparison, service, last: report.months.length - 1 };
}

describe('evaluation report', () => {
  test('six months as columns, ending with this month', () => {
    const { report } = currentReport();
    expect(report.months).toHaveLength(6);
    expect(report.months.at(-1)).toBe(MONTH);
  });

  test('a service with five or more clients shows its numbers; usage comes from the ledger', async () => {
    await chargeBudget(providerActor('provider@example.fi'), { phone: AINO, serviceId: serviceByCode('cleaning').id, quantityHundredths: 100, serviceDate: helsinkiDate() }, crypto.randomUUID());
    const { service, last } = currentReport();
    const cleaning = service('cleaning').months[last];
    // Aino, Elsa, Eetu, Irja, Onni, Sirkka.
    expect(cleaning.clients).toEqual({ kind: 'value', value: 6 });
    expect(cleaning.grantedCents).toEqual({ kind: 'value', value: 30000 + 25000 + 15000 + 16000 + 15000 + 18000 });
    expect(cleaning.usedCents).toEqual({ kind: 'value', value: 4200 });
    expect(cleaning.providersUsed).toEqual({ kind: 'value', value: 1 });
    expect(cleaning.sharePermille).toEqual({ kind: 'value', value: Math.round((4200 * 1000) / 119000) });
  });

  test('a service with fewer than five clients hides every number of that cell', () => {
    const { service, last } = currentReport();
    const homeCare = service('home-care').months[last]; // Helmi, Tauno, Gunnel, Bertil
    for (const metric of METRICS) expect(homeCare[metric as Metric], metric).toEqual({ kind: 'suppressed' });
  });

  test('the comparison group: its size is shown, it has no budget services', () => {
    const { comparison, last } = currentReport();
    expect(comparison.members[last]).toEqual({ kind: 'value', value: 10 });
    expect(comparison.withBudget[last]).toEqual({ kind: 'value', value: 0 });
    expect(comparison.services).toEqual([]);
    expect(comparison.usedShownCents.every((cents) => cents === 0)).toBe(true);
  });

  test('the chart total leaves hidden cells out, so it cannot reveal them', () => {
    const { hb, last } = currentReport();
    const shown = hb.services.reduce((sum, row) => sum + (row.months[last].usedCents.kind === 'value' ? (row.months[last].usedCents as { value: number }).value : 0), 0);
    expect(hb.usedShownCents[last]).toBe(shown);
  });

  test('the CSV has the same hidden cells, and no hidden number leaks', async () => {
    const response = await csvRoute.loader({ request: getRequest('/admin/evaluation.csv', cookieFor('admin@example.fi', 'lang=fi')), params: {}, context: {} });
    const text = Buffer.from(await response.arrayBuffer()).toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = text.slice(1).split('\r\n');
    const homeCare = rows.filter((row) => row.includes(';kotihoito;'));
    expect(homeCare).toHaveLength(METRICS.length);
    for (const row of homeCare) expect(row.split(';').at(-1)).toBe('< 5');
    expect(rows.find((row) => row.includes(';siivous;käytetty;'))?.split(';').at(-1)).toBe('42,00');
    const direct = evaluationCsv(
      evaluationReport(reportMonths(MONTH)),
      {
        group: 'g', service: 's', metric: 'm', allServices: 'all', members: 'members', withBudget: 'with', newProviders: 'new', region: 'r', suppressed: '< 5',
        groups: { hb: 'HB', comparison: 'V' },
        metrics: Object.fromEntries(METRICS.map((m) => [m, m])) as Record<Metric, string>,
      },
      (row) => row.nameFi,
    );
    expect(direct.split('\r\n').filter((row) => row.startsWith('HB;kotihoito;')).map((row) => row.split(';').at(-1))).toEqual(METRICS.map(() => '< 5'));
  });

  test('the page is for administrators', async () => {
    expect((await run(pageRoute.loader, getRequest('/admin/evaluation', cookieFor('admin@example.fi')))).status).toBe(200);
    expect((await run(pageRoute.loader, getRequest('/admin/evaluation', cookieFor('worker@example.fi')))).status).toBe(403);
  });
});
