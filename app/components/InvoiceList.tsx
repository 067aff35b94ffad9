import { Link } from '@remix-run/react';
import { formatDate, formatMonth } from '../i18n/format';
import { formatEuros } from '../domain/money';
import { keyFromData, useT } from '../i18n/i18n';

export type InvoiceListItem = {
  id: number;
  providerName: string;
  budgetMonth: string;
  kind: 'invoice' | 'credit_note';
  invoiceNumber: string;
  originalInvoiceNumber: string | null;
  state: string;
  stateAt: string;
  totalCents: number;
};

/** Invoices and credit notes as a table: number, month, kind, state, total; each links to its page. */
export function InvoiceList({ invoices, caption, showProvider }: { invoices: InvoiceListItem[]; caption: string; showProvider: boolean }) {
  const { t, lang } = useT();
  return (
    <div className="table-wrap" role="region" aria-labelledby="invoices-caption" tabIndex={0}>
      <table>
        <caption id="invoices-caption">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('invoicing:fields.invoiceNumber')}</th>
            {showProvider ? <th scope="col">{t('invoicing:fields.provider')}</th> : null}
            <th scope="col">{t('invoicing:fields.month')}</th>
            <th scope="col">{t('invoicing:fields.kind')}</th>
            <th scope="col">{t('invoicing:fields.state')}</th>
            <th scope="col" className="numeric">
              {t('invoicing:fields.total')}
            </th>
          </tr>
        </thead>
        <tbody>
          {invoices.map((invoice) => (
            <tr key={invoice.id}>
              <th scope="row">
                <Link to={`/invoices/${invoice.id}`}>{t('invoicing:fields.numberLink', { number: invoice.invoiceNumber })}</Link>
              </th>
              {showProvider ? <td>{invoice.providerName}</td> : null}
              <td>{formatMonth(invoice.budgetMonth, lang)}</td>
              <td>
                {t(keyFromData(`invoicing:kinds.${invoice.kind}`))}
                {invoice.originalInvoiceNumber ? ` (${t('invoicing:fields.corrects', { number: invoice.originalInvoiceNumber })})` : ''}
              </td>
              <td>
                <span className={`tag tag--${invoice.state}`}>{t(keyFromData(`invoicing:states.${invoice.state}`))}</span> {formatDate(invoice.stateAt, lang)}
              </td>
              <td className="numeric">{formatEuros(invoice.totalCents, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
