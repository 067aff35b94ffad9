// The client's budget: each budget line with what is used and left, the month's charges and refunds,
// and earlier months one link away. A representative first chooses which of their clients to see.
// Also the parent of /budget/statement, which shows the same data as a printable document.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireActingFor } from '../../auth/guards.server';
import { Link, useLoaderData, useOutlet } from '@remix-run/react';
import { GeneralErrorBoundary, type ErrorInfo } from '../../components/ErrorBoundary';
import {
  budgetHref,
  noLinesKey,
  serviceName,
  TransactionsTable,
  WorkerContact,
} from '../../components/budget';
import { budgetMonthFor, monthsWithBudget, type BudgetLineView } from '../../domain/budget.server';
import { disputesPanelFor } from '../../domain/disputes.server';
import { DisputesSection } from '../../components/disputes';
import { addMonths, firstDayOf, helsinkiDate, helsinkiMonth, isMonth, lastDayOf } from '../../domain/months';
import { capitalized, formatDate, formatMonth } from '../../i18n/format';
import { formatEuros } from '../../domain/money';
import { useT } from '../../i18n/i18n';
import { languageOf, textsFor } from '../../i18n/language.server';
import { fail } from '../../utils/http.server';
import { currentTime } from '../../domain/clock';

export const handle = { title: 'budget:title' };

/** ?month=YYYY-MM, or this month. A malformed month is 400; a month not begun yet is 404. */
function requestedMonth(url: URL, now: Date): string {
  const value = url.searchParams.get('month');
  const current = helsinkiMonth(now);
  if (value === null || value === '') return current;
  if (!isMonth(value)) fail(400, 'badMonth');
  if (value > current) fail(404, 'futureMonth');
  return value;
}

export function loader({ request }: LoaderFunctionArgs) {
  const { client, self } = requireActingFor(request);
  const url = new URL(request.url);
  const now = currentTime();
  const month = requestedMonth(url, now);
  const lang = languageOf(request);
  const t = textsFor(request);
  const budget = budgetMonthFor(client.id, month, now);
  const disputes = disputesPanelFor(client.id, now);
  const heading = self ? t('budget:title') : t('budget:titleFor', { name: `${client.firstName} ${client.lastName}` });
  return {
    kind: 'budget' as const,
    self,
    // A representative's links keep ?client so every page shows the same person.
    clientParam: self ? null : client.id,
    // Whom they act for is changed on /act-for (the header's link, and this one).
    canChooseOther: !self,
    client,
    heading,
    ...budget,
    lines: budget.lines.map((line) => ({ ...line, usedUp: line.remainingCents <= 0 })),
    months: monthsWithBudget(client.id, now),
    disputes,
    // Only a receipt this client really disputed is echoed back in the "received" notice.
    disputedReceipt: disputes.disputes.find((dispute) => dispute.receiptNumber === url.searchParams.get('disputed'))?.receiptNumber ?? null,
    currentMonth: helsinkiMonth(now),
    today: helsinkiDate(now),
    nextMonthStarts: firstDayOf(addMonths(month, 1)),
    pageTitle: t('budget:pageTitle', { title: heading, month: formatMonth(month, lang) }),
  };
}

export type BudgetPageData = Awaited<ReturnType<typeof loader>>;
export type BudgetView = Extract<BudgetPageData, { kind: 'budget' }>;

export default function BudgetPage() {
  const outlet = useOutlet();
  const page = useLoaderData<typeof loader>();
  // /budget/statement renders the same data as a document of its own.
  if (outlet) return outlet;
  return <BudgetMonthView view={page} />;
}

function BudgetMonthView({ view }: { view: BudgetView }) {
  const { t, lang } = useT();
  return (
    <>
      <h1>{view.heading}</h1>
      {view.disputedReceipt ? (
        <div className="notice notice--success" role="status">
          <p>{t('notifications:dispute.sent', { receipt: view.disputedReceipt })}</p>
        </div>
      ) : null}
      <p className="lead">{t('budget:monthLead', { month: formatMonth(view.month, lang) })}</p>
      <p>
        {view.isCurrent && view.daysLeft !== null
          ? t('budget:daysLeft', { count: view.daysLeft, next: formatDate(view.nextMonthStarts, lang) })
          : t('budget:pastMonth')}
      </p>
      {view.canChooseOther ? (
        <p>
          <Link className="target-link" to="/act-for?redirectTo=%2Fbudget">
            {t('budget:choose.other')}
          </Link>
        </p>
      ) : null}

      <section aria-labelledby="lines-title">
        <h2 id="lines-title">{t('budget:lines.title')}</h2>
        {view.lines.length === 0 ? <NoLines view={view} /> : <Lines view={view} />}
      </section>

      <section aria-labelledby="transactions-title">
        <h2 id="transactions-title">{t('budget:transactions.title')}</h2>
        <TransactionsTable transactions={view.transactions} month={view.month} />
        <p>
          <Link className="button button--secondary" to={budgetHref('/budget/statement', { client: view.clientParam, month: view.month })}>
            {t('budget:statement.link', { month: formatMonth(view.month, lang) })}
          </Link>
        </p>
      </section>

      <DisputesSection panel={view.disputes} clientParam={view.clientParam} />

      <MonthLinks view={view} />
    </>
  );
}

function NoLines({ view }: { view: BudgetView }) {
  const { t } = useT();
  return (
    <div className="notice">
      <p>{t(noLinesKey(view))}</p>
      {view.isCurrent || view.client.group === 'comparison' ? <WorkerContact client={view.client} self={view.self} /> : null}
    </div>
  );
}

function Lines({ view }: { view: BudgetView }) {
  const { t, lang } = useT();
  return (
    <>
      <p>{t('budget:lines.intro')}</p>
      {view.lines.map((line) => (
        <LineCard key={line.lineId} line={line} view={view} />
      ))}
      {view.lines.length > 1 ? (
        <section className="card" aria-labelledby="totals-title">
          <h3 id="totals-title">{t('budget:lines.totalsTitle')}</h3>
          <dl className="summary-list">
            <div>
              <dt>{t('budget:lines.monthly')}</dt>
              <dd>{formatEuros(view.totalMonthlyCents, lang)}</dd>
            </div>
            <div>
              <dt>{t('budget:lines.used')}</dt>
              <dd>{formatEuros(view.totalUsedCents, lang)}</dd>
            </div>
            <div>
              <dt>{t('budget:lines.remaining')}</dt>
              <dd>{formatEuros(view.totalMonthlyCents - view.totalUsedCents, lang)}</dd>
            </div>
          </dl>
        </section>
      ) : null}
    </>
  );
}

function LineCard({ line, view }: { line: BudgetLineView & { usedUp: boolean }; view: BudgetView }) {
  const { t, lang } = useT();
  const id = `line-${line.lineId}`;
  const name = serviceName(line, lang);
  return (
    <section className="card budget-line" aria-labelledby={id}>
      <h3 id={id}>{capitalized(name)}</h3>
      <p className="hint">
        {line.decisionValidTo
          ? t('budget:lines.validBetween', { from: formatDate(line.decisionValidFrom, lang), to: formatDate(line.decisionValidTo, lang) })
          : t('budget:lines.validFrom', { from: formatDate(line.decisionValidFrom, lang) })}
      </p>
      <MidMonthChange line={line} month={view.month} />
      <dl className="summary-list">
        <div>
          <dt>{t('budget:lines.monthly')}</dt>
          <dd>{formatEuros(line.monthlyCents, lang)}</dd>
        </div>
        <div>
          <dt>{t('budget:lines.used')}</dt>
          <dd>{formatEuros(line.usedCents, lang)}</dd>
        </div>
        <div>
          <dt>{t('budget:lines.remaining')}</dt>
          <dd>
            <strong>{formatEuros(line.remainingCents, lang)}</strong>
          </dd>
        </div>
        {view.isCurrent && view.daysLeft !== null ? (
          <div>
            <dt>{t('budget:lines.daysLeft')}</dt>
            <dd>{t('budget:lines.days', { count: view.daysLeft })}</dd>
          </div>
        ) : null}
      </dl>
      {/* Only a picture of the numbers above, which say it all in text. */}
      <meter
        className="budget-meter"
        aria-hidden="true"
        min={0}
        max={Math.max(line.monthlyCents, 1)}
        value={Math.max(line.remainingCents, 0)}
        low={Math.round(line.monthlyCents / 5)}
        optimum={line.monthlyCents}
      />
      {line.usedUp ? <UsedUp name={name} view={view} /> : null}
    </section>
  );
}

/** A decision that starts or ends inside the month shown: say so, so the amounts make sense. */
function MidMonthChange({ line, month }: { line: BudgetLineView; month: string }) {
  const { t, lang } = useT();
  if (line.decisionValidFrom > firstDayOf(month) && line.decisionValidFrom.slice(0, 7) === month) {
    return <p>{t('budget:lines.changedFrom', { date: formatDate(line.decisionValidFrom, lang) })}</p>;
  }
  if (line.decisionValidTo && line.decisionValidTo.slice(0, 7) === month && line.decisionValidTo < lastDayOf(month)) {
    return <p>{t('budget:lines.changedTo', { date: formatDate(line.decisionValidTo, lang) })}</p>;
  }
  return null;
}

/** Never "0 € left" without why and what to do: whom to ask for a change. */
function UsedUp({ name, view }: { name: string; view: BudgetView }) {
  const { t, lang } = useT();
  if (!view.isCurrent) return <p className="used-up-past">{t('budget:lines.usedUpPast')}</p>;
  return (
    <div className="notice notice--warning used-up">
      <p>
        <strong>{t('budget:lines.usedUpTitle', { service: capitalized(name) })}</strong>
      </p>
      <p>{t(view.self ? 'budget:lines.usedUpSelf' : 'budget:lines.usedUpRepresentative', { next: formatDate(view.nextMonthStarts, lang) })}</p>
      <WorkerContact client={view.client} self={view.self} />
    </div>
  );
}

function MonthLinks({ view }: { view: BudgetView }) {
  const { t, lang } = useT();
  if (view.months.length <= 1 && view.months[0] === view.month) return null;
  return (
    <nav aria-labelledby="months-title" className="month-links">
      <h2 id="months-title">{t('budget:months.title')}</h2>
      <p>{t('budget:months.intro')}</p>
      <ul className="plain-list">
        {view.months.map((month) => {
          const name = capitalized(formatMonth(month, lang));
          return (
            <li key={month}>
              <Link to={budgetHref('/budget', { client: view.clientParam, month })} aria-current={month === view.month ? 'page' : undefined}>
                {month === view.currentMonth ? t('budget:months.current', { month: name }) : name}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** Month errors explain themselves and lead back; anything else looks like the site's own error page. */
export function ErrorBoundary() {
  return <GeneralErrorBoundary statusHandlers={{ 400: monthError, 404: monthError }} />;
}

function monthError({ reason }: ErrorInfo) {
  return reason === 'badMonth' || reason === 'futureMonth' ? <MonthError reason={reason} /> : null;
}

function MonthError({ reason }: { reason: 'badMonth' | 'futureMonth' }) {
  const { t } = useT();
  return (
    <div className="error-page">
      <h1>{t(`budget:errors.${reason}.title`)}</h1>
      <p>{t(`budget:errors.${reason}.text`)}</p>
      <p>
        <Link className="target-link" to="/budget">
          {t('budget:errors.back')}
        </Link>
      </p>
    </div>
  );
}
