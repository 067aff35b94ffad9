// A month of a client's budget as a plain document to print or save: lines, totals, charges and
// refunds. The data comes from the parent route (budget.tsx), which also checks who may see it and
// validates ?client and ?month; the site CSS hides the header, footer and buttons on paper.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useRouteLoaderData } from '@remix-run/react';
import { requireActingFor } from '../../auth/guards.server';
import { BudgetLinesTable, budgetHref, netOf, noLinesKey, TransactionsTable } from '../../components/budget';
import { formatDate, formatMonth } from '../../i18n/format';
import { formatEuros } from '../../domain/money';
import { useT } from '../../i18n/i18n';
import type { TitleHandle } from '../../root';
import type { BudgetPageData, BudgetView } from './budget';

// Each client's and month's statement has its own title (for tabs, history and saved files).
export const handle: TitleHandle = {
  title: ({ t, lang, matches }) => {
    const page = matches.find((match) => match.id === 'routes/_client+/budget')?.data as BudgetPageData | undefined;
    if (page?.kind !== 'budget') return t('budget:statement.title');
    return t('budget:statement.pageTitle', { name: `${page.client.firstName} ${page.client.lastName}`, month: formatMonth(page.month, lang) });
  },
};

export function loader({ request }: LoaderFunctionArgs) {
  requireActingFor(request);
  return null;
}

export default function BudgetStatement() {
  const page = useRouteLoaderData<BudgetPageData>('routes/_client+/budget');
  if (!page) return null;
  return <Statement view={page} />;
}

function Statement({ view }: { view: BudgetView }) {
  const { t, lang } = useT();
  const charges = view.transactions.filter((row) => row.kind === 'charge');
  const refunds = view.transactions.filter((row) => row.kind === 'refund');
  const name = `${view.client.firstName} ${view.client.lastName}`;
  return (
    <article className="statement">
      <h1>{t('budget:statement.heading', { name })}</h1>
      <dl className="summary-list">
        <div>
          <dt>{t('budget:statement.client')}</dt>
          <dd>{name}</dd>
        </div>
        <div>
          <dt>{t('budget:statement.month')}</dt>
          <dd>{formatMonth(view.month, lang)}</dd>
        </div>
        <div>
          <dt>{t('budget:statement.created')}</dt>
          <dd>{formatDate(view.today, lang)}</dd>
        </div>
      </dl>
      <div className="notice no-print print-hint">
        <p>
          <strong>{t('budget:statement.printTitle')}:</strong> {t('budget:statement.printHint')}
        </p>
      </div>

      {view.lines.length === 0 ? (
        <p>{t(noLinesKey(view))}</p>
      ) : (
        <BudgetLinesTable lines={view.lines} month={view.month} />
      )}

      <h2>{t('budget:statement.totalsTitle')}</h2>
      <dl className="summary-list">
        <div>
          <dt>{t('budget:statement.totalMonthly')}</dt>
          <dd>{formatEuros(view.totalMonthlyCents, lang)}</dd>
        </div>
        <div>
          <dt>{t('budget:statement.totalCharges')}</dt>
          <dd>{formatEuros(netOf(charges), lang)}</dd>
        </div>
        <div>
          <dt>{t('budget:statement.totalRefunds')}</dt>
          <dd>{formatEuros(-netOf(refunds), lang)}</dd>
        </div>
        <div>
          <dt>{t('budget:statement.totalUsed')}</dt>
          <dd>{formatEuros(view.totalUsedCents, lang)}</dd>
        </div>
        <div>
          <dt>{t('budget:statement.totalRemaining')}</dt>
          <dd>{formatEuros(view.totalMonthlyCents - view.totalUsedCents, lang)}</dd>
        </div>
      </dl>

      <h2>{t('budget:transactions.title')}</h2>
      <TransactionsTable transactions={view.transactions} month={view.month} />

      <p className="no-print">
        <Link className="target-link" to={budgetHref('/budget', { client: view.clientParam, month: view.month })}>{t('budget:statement.back')}</Link>
      </p>
    </article>
  );
}
