// The provider's e-invoices to the region: every invoice and credit note with its state, and a
// form that builds the draft of a closed month from the ledger (or rebuilds one not yet accepted).
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { currentTime } from '../../domain/clock';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { requireProviderStaff } from '../../auth/guards.server';
import { CsrfField, ErrorSummary, Select } from '../../components/forms';
import { InvoiceList } from '../../components/InvoiceList';
import { invoicesOfProvider, missingDetails, runErrors, runInvoicing } from '../../domain/invoicing.server';
import { addMonths, helsinkiMonth, isMonth } from '../../domain/months';
import { formatMonth } from '../../i18n/format';
import { useT } from '../../i18n/i18n';
import { readForm, validateForm, type FieldErrors } from '../../utils/forms.server';
import { clientIp } from '../../utils/http.server';

export const handle = { title: 'invoicing:provider.title' };

/** The twelve months before this one: those that can be invoiced. */
function closedMonths(now = currentTime()): string[] {
  const current = helsinkiMonth(now);
  return Array.from({ length: 12 }, (_, i) => addMonths(current, -(i + 1)));
}

export function loader({ request }: LoaderFunctionArgs) {
  const { provider } = requireProviderStaff(request);
  return { invoices: invoicesOfProvider(provider.id), months: closedMonths(), missing: missingDetails(provider) };
}

const buildSchema = z.object({ month: z.string('invoicing:errors.month').refine((value) => isMonth(value) && closedMonths().includes(value), 'invoicing:errors.month') });

type ActionResult = { errors: FieldErrors; month: string };

export async function action({ request }: ActionFunctionArgs) {
  const { user, provider } = requireProviderStaff(request);
  const form = await readForm(request);
  const parsed = validateForm(form, buildSchema);
  if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors, month: parsed.values.month ?? '' }, { status: 400 });
  const result = runInvoicing({ id: user.id, ip: clientIp(request) }, provider.id, parsed.data.month);
  if (result.kind !== 'built') {
    const { errors, status } = runErrors(result);
    return data<ActionResult>({ errors, month: parsed.data.month }, { status });
  }
  const first = [...result.created, ...result.rebuilt, ...result.unchanged][0];
  return redirect(first ? `/invoices/${first}` : '/provider/invoices', { status: 303 });
}

export default function ProviderInvoices() {
  const { t, lang } = useT();
  const { invoices, months, missing } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  return (
    <>
      <ErrorSummary errors={result?.errors} />
      <h1>{t('invoicing:provider.title')}</h1>
      <p className="lead">{t('invoicing:provider.lead')}</p>
      {missing.length > 0 ? (
        <div className="notice">
          <p>{t('invoicing:provider.detailsMissing')}</p>
          <p>
            <Link to="/provider/profile#invoicing-title">{t('invoicing:provider.toProfile')}</Link>
          </p>
        </div>
      ) : null}
      <h2 id="build-title">{t('invoicing:provider.buildTitle')}</h2>
      <p>{t('invoicing:provider.buildLead')}</p>
      <form method="post" action="/provider/invoices" noValidate aria-labelledby="build-title">
        <CsrfField />
        <Select
          name="month"
          label={t('invoicing:provider.month')}
          options={months.map((month) => ({ value: month, label: formatMonth(month, lang) }))}
          defaultValue={result?.month || months[0]}
          error={result?.errors.month}
        />
        <button type="submit" className="button">
          {t('invoicing:provider.build')}
        </button>
      </form>
      <h2>{t('invoicing:provider.listTitle')}</h2>
      {invoices.length === 0 ? <p className="notice">{t('invoicing:provider.empty')}</p> : <InvoiceList invoices={invoices} caption={t('invoicing:provider.listCaption')} showProvider={false} />}
    </>
  );
}
