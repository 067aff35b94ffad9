// The region's e-invoices of a month across providers: states and totals beside the settlement,
// a run that builds every provider's draft (and credit notes for corrections to accepted months),
// all XML in one archive and the CSV for the region's ledger system.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { requireUser } from '../../auth/guards.server';
import { CsrfField, ErrorSummary } from '../../components/forms';
import { InvoiceList } from '../../components/InvoiceList';
import { MonthNav } from '../../components/MonthNav';
import { regionSettlement } from '../../domain/adminSettlement.server';
import { invoicesOfMonth, runInvoicingForMonth } from '../../domain/invoicing.server';
import { addMonths, helsinkiMonth, isMonth } from '../../domain/months';
import { monthFromQuery } from '../../domain/settlement.server';
import { formatMonth } from '../../i18n/format';
import { formatEuros } from '../../domain/money';
import { useT } from '../../i18n/i18n';
import { readForm, validateForm, type FieldErrors } from '../../utils/forms.server';
import { clientIp } from '../../utils/http.server';

export const handle = { title: 'invoicing:region.title' };

export function loader({ request }: LoaderFunctionArgs) {
  requireUser(request, ['admin']);
  const url = new URL(request.url);
  const currentMonth = helsinkiMonth();
  const asked = url.searchParams.has('month') ? monthFromQuery(url) : addMonths(currentMonth, -1);
  if (!asked || asked > currentMonth) {
    return data({ month: null, currentMonth, invoices: [], invoicedCents: 0, settlementCents: 0, notInvoiced: [], done: null, errors: { form: 'provider:month.bad' } as FieldErrors }, { status: 400 });
  }
  const invoices = invoicesOfMonth(asked);
  const done = url.searchParams.get('done');
  // Reconciliation: the invoiced providers' invoices against their settlement; the rest are listed.
  const settlement = regionSettlement(asked);
  const invoiced = new Set(invoices.map((invoice) => invoice.providerId));
  return {
    month: asked,
    currentMonth,
    invoices,
    invoicedCents: invoices.reduce((sum, invoice) => sum + invoice.totalCents, 0),
    settlementCents: settlement.providers.filter((p) => invoiced.has(p.providerId)).reduce((sum, p) => sum + p.total.netCents, 0),
    notInvoiced: settlement.providers.filter((p) => !invoiced.has(p.providerId)).map((p) => ({ providerId: p.providerId, name: p.providerName, netCents: p.total.netCents })),
    done: done === 'run' ? done : null,
    errors: {} as FieldErrors,
  };
}

const runSchema = z.object({ month: z.string('invoicing:errors.month').refine((value) => isMonth(value) && value < helsinkiMonth(), 'invoicing:errors.month') });

export async function action({ request }: ActionFunctionArgs) {
  const user = requireUser(request, ['admin']);
  const form = await readForm(request);
  const parsed = validateForm(form, runSchema);
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  runInvoicingForMonth({ id: user.id, ip: clientIp(request) }, parsed.data.month);
  return redirect(`/admin/invoices?month=${parsed.data.month}&done=run`, { status: 303 });
}

export default function RegionInvoices() {
  const { t, lang } = useT();
  const { month, currentMonth, invoices, invoicedCents, settlementCents, notInvoiced, done, errors } = useLoaderData<typeof loader>();
  const result = useActionData<{ errors: FieldErrors }>();
  if (!month) {
    return (
      <div className="narrow">
        <ErrorSummary errors={errors} />
        <h1>{t('invoicing:region.title')}</h1>
      </div>
    );
  }
  const monthName = formatMonth(month, lang);
  const closed = month < currentMonth;
  return (
    <>
      <ErrorSummary errors={result?.errors} />
      {done ? (
        <div className="notice notice--success" role="status">
          <p>{t('invoicing:region.runDone')}</p>
        </div>
      ) : null}
      <h1>{t('invoicing:region.heading', { month: monthName })}</h1>
      <p className="lead">{t('invoicing:region.lead')}</p>
      <MonthNav month={month} currentMonth={currentMonth} href={(m) => `/admin/invoices?month=${m}`} />
      {closed ? (
        <form method="post" action="/admin/invoices" aria-labelledby="run-title">
          <h2 id="run-title">{t('invoicing:region.runTitle')}</h2>
          <p>{t('invoicing:region.runLead')}</p>
          <CsrfField />
          <input type="hidden" name="month" value={month} />
          <button type="submit" className="button">
            {t('invoicing:region.run', { month: monthName })}
          </button>
        </form>
      ) : (
        <div className="notice">
          <p>{t('invoicing:region.monthOpen')}</p>
        </div>
      )}
      <h2>{t('invoicing:region.listTitle')}</h2>
      {notInvoiced.length > 0 ? (
        <>
          <h2 id="not-invoiced-title">{t('invoicing:region.notInvoicedTitle')}</h2>
          <ul aria-labelledby="not-invoiced-title">
            {notInvoiced.map((provider) => (
              <li key={provider.providerId}>
                {provider.name}: {formatEuros(provider.netCents, lang)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {invoices.length === 0 ? (
        <p className="notice">{t('invoicing:region.empty')}</p>
      ) : (
        <>
          <InvoiceList invoices={invoices} caption={t('invoicing:region.listCaption', { month: monthName })} showProvider />
          <dl className="summary-list">
            <div>
              <dt>{t('invoicing:region.invoicedTotal')}</dt>
              <dd>{formatEuros(invoicedCents, lang)}</dd>
            </div>
            <div>
              <dt>{t('invoicing:region.settlementTotal')}</dt>
              <dd>{formatEuros(settlementCents, lang)}</dd>
            </div>
          </dl>
          <p>{invoicedCents === settlementCents ? t('invoicing:region.reconciled') : t('invoicing:region.notReconciled')}</p>
          <ul className="plain-list">
            <li>
              <a href={`/admin/invoices.zip?month=${month}`} download>
                {t('invoicing:region.downloadZip')}
              </a>
            </li>
            <li>
              <a href={`/admin/invoices.csv?month=${month}`} download>
                {t('invoicing:region.downloadCsv')}
              </a>
            </li>
          </ul>
        </>
      )}
    </>
  );
}
