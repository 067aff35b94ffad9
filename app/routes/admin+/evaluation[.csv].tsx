import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '../../auth/guards.server';
import { evaluationCsv, evaluationReport, METRICS, reportMonths, type Metric, type ServiceRow } from '../../domain/evaluation.server';
import { getT } from '../../i18n/i18n';
import { languageOf } from '../../i18n/language.server';
import { localName } from '../../i18n/localName';

// /admin/evaluation.csv: the evaluation report with the same hidden cells as the page.
export function loader({ request }: LoaderFunctionArgs) {
  requireUser(request, ['admin']);
  const lang = languageOf(request);
  const t = getT(lang);
  const serviceName = (row: ServiceRow) => localName(row, lang);
  const csv = evaluationCsv(
    evaluationReport(reportMonths()),
    {
      group: t('backoffice:evaluation.csv.group'),
      service: t('backoffice:evaluation.csv.service'),
      metric: t('backoffice:evaluation.csv.metric'),
      allServices: t('backoffice:evaluation.csv.allServices'),
      members: t('backoffice:evaluation.members'),
      withBudget: t('backoffice:evaluation.withBudget'),
      newProviders: t('backoffice:evaluation.newProviders'),
      region: t('backoffice:evaluation.csv.region'),
      suppressed: t('backoffice:evaluation.suppressed'),
      groups: { hb: t('pages:people.groups.hb'), comparison: t('pages:people.groups.comparison') },
      metrics: Object.fromEntries(METRICS.map((m) => [m, t(`backoffice:evaluation.metrics.${m}`)])) as Record<Metric, string>,
    },
    serviceName,
  );
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${t('backoffice:evaluation.csv.filename')}.csv"`,
      'Content-Language': lang,
      'Cache-Control': 'no-store',
      Vary: 'Cookie, Accept-Language',
    },
  });
}
