// The evaluation report the pilot was built for: HB group against the comparison group, per
// service and month. Cells about fewer than five people show "< 5". A chart drawn on the server
// (SVG, no JavaScript) with the same numbers in a table beside it.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { requireUser } from '../../auth/guards.server';
import { evaluationReport, K_ANONYMITY, METRICS, reportMonths, type Cell, type EvaluationReport, type Metric } from '../../domain/evaluation.server';
import { capitalized, formatMonth, formatPermilleAsPercent, formatShortMonth } from '../../i18n/format';
import { formatEuros } from '../../domain/money';
import { useT, type Language } from '../../i18n/i18n';
import { localName } from '../../i18n/localName';

export const handle = { title: 'backoffice:evaluation.title' };

export function loader({ request }: LoaderFunctionArgs) {
  requireUser(request, ['admin']);
  return { report: evaluationReport(reportMonths()) };
}

function formatCell(cell: Cell, metric: Metric | 'count', lang: Language, suppressed: string): string {
  if (cell.kind === 'suppressed') return suppressed;
  if (cell.kind === 'none') return '–';
  if (metric === 'grantedCents' || metric === 'usedCents') return formatEuros(cell.value, lang);
  if (metric === 'sharePermille') return formatPermilleAsPercent(cell.value, lang);
  return String(cell.value);
}

export default function Evaluation() {
  const { t, lang } = useT();
  const { report } = useLoaderData<typeof loader>();
  const suppressed = t('backoffice:evaluation.suppressed');
  const monthName = (month: string) => formatMonth(month, lang);
  return (
    <>
      <h1>{t('backoffice:evaluation.title')}</h1>
      <p className="lead">{t('backoffice:evaluation.lead')}</p>
      <p>{t('backoffice:evaluation.kAnonymity', { k: K_ANONYMITY })}</p>
      <p>
        <a href="/admin/evaluation.csv" className="button button--secondary" download>
          {t('backoffice:evaluation.download')}
        </a>
      </p>

      <section aria-labelledby="chart-title">
        <h2 id="chart-title">{t('backoffice:evaluation.chartTitle')}</h2>
        <div className="evaluation-chart">
          <UsedChart report={report} />
          <div className="table-wrap" role="region" aria-labelledby="chart-table-caption" tabIndex={0}>
            <table>
              <caption id="chart-table-caption">{t('backoffice:evaluation.chartTable')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('backoffice:evaluation.month')}</th>
                  {report.groups.map((group) => (
                    <th key={group.group} scope="col" className="numeric">
                      {t(`pages:people.groups.${group.group}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {report.months.map((month, i) => (
                  <tr key={month}>
                    <th scope="row">{monthName(month)}</th>
                    {report.groups.map((group) => (
                      <td key={group.group} className="numeric">
                        {formatEuros(group.usedShownCents[i], lang)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </section>

      {report.groups.map((group) => (
        <section key={group.group} aria-labelledby={`group-${group.group}`}>
          <h2 id={`group-${group.group}`}>{t(`pages:people.groups.${group.group}`)}</h2>
          <div className="table-wrap" role="region" aria-labelledby={`group-${group.group}-caption`} tabIndex={0}>
            <table>
              <caption id={`group-${group.group}-caption`}>{t('backoffice:evaluation.caption', { group: t(`pages:people.groups.${group.group}`) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('backoffice:evaluation.serviceAndMeasure')}</th>
                  {report.months.map((month) => (
                    <th key={month} scope="col" className="numeric">
                      {monthName(month)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">{t('backoffice:evaluation.members')}</th>
                  {group.members.map((cell, i) => (
                    <td key={report.months[i]} className="numeric">
                      {formatCell(cell, 'count', lang, suppressed)}
                    </td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">{t('backoffice:evaluation.withBudget')}</th>
                  {group.withBudget.map((cell, i) => (
                    <td key={report.months[i]} className="numeric">
                      {formatCell(cell, 'count', lang, suppressed)}
                    </td>
                  ))}
                </tr>
                {group.services.flatMap((row) =>
                  METRICS.map((metric) => (
                    <tr key={`${row.serviceId}-${metric}`}>
                      <th scope="row">
                        {capitalized(localName(row, lang))}: {t(`backoffice:evaluation.metrics.${metric}`)}
                      </th>
                      {row.months.map((month, i) => (
                        <td key={report.months[i]} className="numeric">
                          {formatCell(month[metric], metric, lang, suppressed)}
                        </td>
                      ))}
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
          {group.services.length === 0 ? <p>{t('backoffice:evaluation.noServices')}</p> : null}
        </section>
      ))}

      <section aria-labelledby="providers-title">
        <h2 id="providers-title">{t('backoffice:evaluation.newProvidersTitle')}</h2>
        <div className="table-wrap" role="region" aria-labelledby="providers-caption" tabIndex={0}>
          <table>
            <caption id="providers-caption">{t('backoffice:evaluation.newProvidersCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('backoffice:evaluation.month')}</th>
                <th scope="col" className="numeric">
                  {t('backoffice:evaluation.newProviders')}
                </th>
              </tr>
            </thead>
            <tbody>
              {report.months.map((month, i) => (
                <tr key={month}>
                  <th scope="row">{monthName(month)}</th>
                  <td className="numeric">{report.newProviders[i]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

const COLOURS = { hb: '#12365e', comparison: '#8a4b00' } as const;

/** Bars of budget used per month and group, drawn on the server. */
function UsedChart({ report }: { report: EvaluationReport }) {
  const { t, lang } = useT();
  const width = 640;
  const height = 260;
  const top = 20;
  const bottom = 50;
  const left = 10;
  const plot = height - top - bottom;
  const max = Math.max(1, ...report.groups.flatMap((group) => group.usedShownCents));
  const slot = (width - left * 2) / report.months.length;
  const bar = Math.min(40, (slot - 16) / report.groups.length);
  const short = (month: string) => formatShortMonth(month, lang);
  const description = report.months
    .map((month, i) =>
      `${formatMonth(month, lang)}: ${report.groups.map((group) => `${t(`pages:people.groups.${group.group}`)} ${formatEuros(group.usedShownCents[i], lang)}`).join(', ')}`,
    )
    .join('; ');
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-labelledby="chart-svg-title chart-svg-desc" focusable="false">
        <title id="chart-svg-title">{t('backoffice:evaluation.chartTitle')}</title>
        <desc id="chart-svg-desc">{description}</desc>
        <line x1={left} x2={width - left} y1={top + plot} y2={top + plot} stroke="#0b0c0c" strokeWidth={1} />
        {report.months.map((month, i) => (
          <g key={month}>
            {report.groups.map((group, g) => {
              const h = Math.round((group.usedShownCents[i] / max) * plot);
              const x = left + i * slot + 8 + g * bar;
              return <rect key={group.group} x={x} y={top + plot - h} width={bar - 2} height={Math.max(h, 1)} fill={COLOURS[group.group]} />;
            })}
            <text x={left + i * slot + slot / 2} y={top + plot + 20} textAnchor="middle" fontSize="14" fill="#0b0c0c">
              {short(month)}
            </text>
          </g>
        ))}
        {report.groups.map((group, g) => (
          <g key={group.group}>
            <rect x={left + g * 220} y={height - 18} width={14} height={14} fill={COLOURS[group.group]} />
            <text x={left + g * 220 + 20} y={height - 6} fontSize="14" fill="#0b0c0c">
              {t(`pages:people.groups.${group.group}`)}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>{t('backoffice:evaluation.chartCaption')}</figcaption>
    </figure>
  );
}
