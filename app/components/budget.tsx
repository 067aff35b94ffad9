// Pieces shared by the budget page and its printable statement. Money arrives as integer cents and
// is formatted only here, at the edge.
import { Link } from '@remix-run/react';
import type { BudgetLineView, TransactionView } from '../domain/budget.server';
import { formatDate, formatHundredths, formatMonth } from '../i18n/format';
import { formatEuros } from '../domain/money';
import { useT, type Language } from '../i18n/i18n';
import { localName } from '../i18n/localName';
import type { ServiceUnit } from '../../db/schema';
import type { TranslationKey } from '../i18n/i18n';

export function serviceName(item: { serviceNameFi: string; serviceNameSv: string }, lang: Language): string {
  return localName(item, lang, 'serviceName');
}

/** Where to see a month of a client's budget; a representative's links carry the client's id. */
export function budgetHref(path: '/budget' | '/budget/statement', query: { client?: number | null; month?: string | null }): string {
  const params = new URLSearchParams();
  if (query.client) params.set('client', String(query.client));
  if (query.month) params.set('month', query.month);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** What to say when a month has no budget lines: comparison group, this month, or a past month. */
export function noLinesKey(view: { client: { group: string }; isCurrent: boolean; self: boolean }): TranslationKey {
  const who = view.self ? ('Self' as const) : ('Representative' as const);
  if (view.client.group === 'comparison') return `budget:noLines.comparison${who}`;
  return view.isCurrent ? `budget:noLines.current${who}` : 'budget:noLines.past';
}

export type WorkerContactDetails = {
  workerFirstName: string;
  workerLastName: string;
  workerEmail: string;
  workerPhone: string | null;
};

/** "Your own worker: name, phone, e-mail": who to ask for a change. */
export function WorkerContact({ client, self }: { client: WorkerContactDetails; self: boolean }) {
  const { t } = useT();
  return (
    <p className="worker-contact">
      <strong>{t(self ? 'budget:worker.titleSelf' : 'budget:worker.titleRepresentative')}:</strong> {client.workerFirstName}{' '}
      {client.workerLastName}
      {client.workerPhone ? (
        <>
          <br />
          {t('budget:worker.phone')}: <a href={`tel:${client.workerPhone}`}>{client.workerPhone}</a>
        </>
      ) : null}
      <br />
      {t('budget:worker.email')}: <a href={`mailto:${client.workerEmail}`}>{client.workerEmail}</a>
    </p>
  );
}

/** The clients a representative may choose from, as plain links (works without JavaScript). */
export function ClientChoice({
  clients,
  path,
  month,
}: {
  clients: { id: number; firstName: string; lastName: string }[];
  path: '/budget' | '/budget/statement';
  month: string | null;
}) {
  const { t } = useT();
  if (clients.length === 0) return <p>{t('budget:choose.none')}</p>;
  return (
    <>
      <p className="lead">{t('budget:choose.lead')}</p>
      <ul className="plain-list client-choice" aria-label={t('budget:choose.listLabel')}>
        {clients.map((client) => (
          <li key={client.id}>
            <Link to={budgetHref(path, { client: client.id, month })}>
              {client.firstName} {client.lastName}
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}

export function QuantityText({ hundredths, unit }: { hundredths: number; unit: ServiceUnit }) {
  const { t, lang } = useT();
  // The plural form only: the number itself is formatted for the language.
  return <>{t(`budget:quantity.${unit}`, { count: hundredths / 100, amount: formatHundredths(hundredths, lang) })}</>;
}

/** Charges minus refunds, in cents. */
export function netOf(transactions: TransactionView[]): number {
  return transactions.reduce((net, row) => net + (row.kind === 'charge' ? row.amountCents : -row.amountCents), 0);
}

/** A month's charges and refunds; refunds say so and give their reason. */
export function TransactionsTable({ transactions, month }: { transactions: TransactionView[]; month: string }) {
  const { t, lang } = useT();
  if (transactions.length === 0) return <p>{t('budget:transactions.none')}</p>;
  const hasRefunds = transactions.some((row) => row.kind === 'refund');
  return (
    <>
      <div className="table-wrap" role="region" aria-labelledby="transactions-caption" tabIndex={0}>
        <table className="transactions">
          <caption id="transactions-caption">{t('budget:transactions.caption', { month: formatMonth(month, lang) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('budget:transactions.date')}</th>
              <th scope="col">{t('budget:transactions.kind')}</th>
              <th scope="col">{t('budget:transactions.provider')}</th>
              <th scope="col">{t('budget:transactions.service')}</th>
              <th scope="col" className="numeric">
                {t('budget:transactions.quantity')}
              </th>
              <th scope="col" className="numeric">
                {t('budget:transactions.amount')}
              </th>
              <th scope="col">{t('budget:transactions.receipt')}</th>
            </tr>
          </thead>
          <tbody>
            {transactions.map((row) => (
              <tr key={row.receiptNumber} className={row.kind === 'refund' ? 'transaction--refund' : undefined}>
                <th scope="row" className="nowrap">
                  {formatDate(row.serviceDate, lang)}
                </th>
                <td>
                  {row.kind === 'refund' ? (
                    <>
                      <strong>{t('budget:transactions.refund')}</strong>
                      {row.reason ? (
                        <>
                          <br />
                          {t('budget:transactions.refundReason', { reason: row.reason })}
                        </>
                      ) : null}
                    </>
                  ) : (
                    t('budget:transactions.charge')
                  )}
                </td>
                <td>{row.providerName}</td>
                <td>{serviceName(row, lang)}</td>
                <td className="numeric">
                  <QuantityText hundredths={row.quantityHundredths} unit={row.unit} />
                </td>
                <td className="numeric">
                  {row.kind === 'refund'
                    ? t('budget:transactions.refundAmount', { amount: formatEuros(row.amountCents, lang) })
                    : formatEuros(row.amountCents, lang)}
                </td>
                <td className="receipt-number">{row.receiptNumber}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={5}>
                {t('budget:transactions.netTotal')}
              </th>
              <td className="numeric">{formatEuros(netOf(transactions), lang)}</td>
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
      {hasRefunds ? <p className="hint">{t('budget:transactions.refundNote')}</p> : null}
    </>
  );
}

/** The lines as one table: for the printable statement, where cards would waste paper. */
export function BudgetLinesTable({ lines, month }: { lines: BudgetLineView[]; month: string }) {
  const { t, lang } = useT();
  const total = (pick: (line: BudgetLineView) => number) => lines.reduce((sum, line) => sum + pick(line), 0);
  return (
    <div className="table-wrap" role="region" aria-labelledby="lines-caption" tabIndex={0}>
      <table>
        <caption id="lines-caption">{t('budget:statement.linesCaption', { month: formatMonth(month, lang) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('budget:statement.service')}</th>
            <th scope="col" className="numeric">
              {t('budget:lines.monthly')}
            </th>
            <th scope="col" className="numeric">
              {t('budget:lines.used')}
            </th>
            <th scope="col" className="numeric">
              {t('budget:lines.remaining')}
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.lineId}>
              <th scope="row">{serviceName(line, lang)}</th>
              <td className="numeric">{formatEuros(line.monthlyCents, lang)}</td>
              <td className="numeric">{formatEuros(line.usedCents, lang)}</td>
              <td className="numeric">{formatEuros(line.remainingCents, lang)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('budget:statement.totalsTitle')}</th>
            <td className="numeric">{formatEuros(total((line) => line.monthlyCents), lang)}</td>
            <td className="numeric">{formatEuros(total((line) => line.usedCents), lang)}</td>
            <td className="numeric">{formatEuros(total((line) => line.remainingCents), lang)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
