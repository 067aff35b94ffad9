import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '../../auth/guards.server';
import { invoicesCsv, invoicesOfMonth } from '../../domain/invoicing.server';
import { helsinkiMonth } from '../../domain/months';
import { monthFromQuery } from '../../domain/settlement.server';
import { keyFromData, getT } from '../../i18n/i18n';
import { languageOf } from '../../i18n/language.server';
import { INVOICE_STATES } from '../../../db/schema';

// /admin/invoices.csv?month=YYYY-MM: the month's invoices for the region's ledger system.
export function loader({ request }: LoaderFunctionArgs) {
  requireUser(request, ['admin']);
  const lang = languageOf(request);
  const t = getT(lang);
  const month = monthFromQuery(new URL(request.url));
  if (!month || month > helsinkiMonth()) {
    return new Response(t('provider:month.bad'), { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
  }
  const column = (key: string) => t(keyFromData(`invoicing:csv.${key}`));
  const csv = invoicesCsv(invoicesOfMonth(month), {
    provider: column('provider'),
    businessId: column('businessId'),
    kind: column('kind'),
    invoiceNumber: column('invoiceNumber'),
    originalInvoiceNumber: column('originalInvoiceNumber'),
    invoiceDate: column('invoiceDate'),
    dueDate: column('dueDate'),
    reference: column('reference'),
    state: column('state'),
    charges: column('charges'),
    refunds: column('refunds'),
    total: column('total'),
    monthTotal: column('monthTotal'),
    kinds: { invoice: t('invoicing:kinds.invoice'), credit_note: t('invoicing:kinds.credit_note') },
    states: Object.fromEntries(INVOICE_STATES.map((state) => [state, t(keyFromData(`invoicing:states.${state}`))])) as Record<(typeof INVOICE_STATES)[number], string>,
  });
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${t('invoicing:csv.filename')}-${month}.csv"`,
      'Content-Language': lang,
      'Cache-Control': 'no-store',
      Vary: 'Cookie, Accept-Language',
    },
  });
}
