// The region's settlement for a month across all providers, with the invoiced mark per provider.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { actorOf, requireUser } from '../../auth/guards.server';
import { CsrfField, ErrorSummary } from '../../components/forms';
import { OpenDisputesList } from '../../components/disputes';
import { openDisputesInMonth } from '../../domain/disputes.server';
import { markInvoiced, regionSettlement, type ProviderSettlement } from '../../domain/adminSettlement.server';
import { helsinkiMonth, isMonth } from '../../domain/months';
import { monthFromQuery } from '../../domain/settlement.server';
import { formatDateTime, formatMonth } from '../../i18n/format';
import { formatEuros } from '../../domain/money';
import { SettlementTable } from '../../components/SettlementTable';
import { MonthNav } from '../../components/MonthNav';
import { useT } from '../../i18n/i18n';
import { readForm, validateForm, type FieldErrors } from '../../utils/forms.server';

export const handle = { title: 'backoffice:settlement.title' };

export function loader({ request }: LoaderFunctionArgs) {
  requireUser(request, ['admin']);
  const url = new URL(request.url);
  const month = monthFromQuery(url);
  const currentMonth = helsinkiMonth();
  const done = url.searchParams.get('done');
  if (!month || month > currentMonth) {
    return data({ month: null, currentMonth, settlement: null, disputes: [], done: null, errors: { form: 'provider:month.bad' } as FieldErrors }, { status: 400 });
  }
  return { month, currentMonth, settlement: regionSettlement(month), disputes: openDisputesInMonth(month), done: done === 'invoiced' ? done : null, errors: {} as FieldErrors };
}

const invoiceSchema = z.object({
  providerId: z.coerce.number('common:errors.invalid').int('common:errors.invalid').positive('common:errors.invalid'),
  month: z.string().refine(isMonth, 'provider:month.bad'),
  // Marking a month invoiced cannot be undone: the administrator ticks that the totals are checked.
  confirm: z.literal('yes', 'backoffice:settlement.errors.notConfirmed'),
});

type ActionResult = { errors: FieldErrors };

export async function action({ request }: ActionFunctionArgs) {
  const user = requireUser(request, ['admin']);
  const form = await readForm(request);
  const parsed = validateForm(form, invoiceSchema);
  if (!parsed.ok) {
    return data<ActionResult>({ errors: { form: parsed.errors.confirm && Object.keys(parsed.errors).length === 1 ? parsed.errors.confirm : 'common:errors.invalid' } }, { status: 400 });
  }
  const { providerId, month } = parsed.data;
  const result = markInvoiced(actorOf(user, request), providerId, month);
  if (result === 'invoiced') return redirect(`/admin/settlement?month=${month}&done=invoiced#provider-${providerId}`, { status: 303 });
  const status = result === 'alreadyInvoiced' ? 409 : 400;
  return data<ActionResult>({ errors: { form: `backoffice:settlement.errors.${result}` } }, { status });
}

export default function AdminSettlement() {
  const { t, lang } = useT();
  const { month, currentMonth, settlement, disputes, done, errors } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  if (!month || !settlement) {
    return (
      <div className="narrow">
        <ErrorSummary errors={errors} />
        <h1>{t('backoffice:settlement.title')}</h1>
        <p>
          <Link to="/admin/settlement">{t('provider:month.toCurrent')}</Link>
        </p>
      </div>
    );
  }
  const monthName = formatMonth(month, lang);
  const money = (cents: number) => formatEuros(cents, lang);
  return (
    <>
      <ErrorSummary errors={result?.errors} />
      {done ? (
        <div className="notice notice--success" role="status">
          <p>{t('backoffice:settlement.invoicedDone')}</p>
        </div>
      ) : null}
      <h1>{t('backoffice:settlement.heading', { month: monthName })}</h1>
      <p className="lead">{t('backoffice:settlement.lead')}</p>
      <MonthNav month={month} currentMonth={currentMonth} href={(m) => `/admin/settlement?month=${m}`} />
      {month === currentMonth ? (
        <div className="notice">
          <p>{t('backoffice:settlement.inProgress')}</p>
        </div>
      ) : null}
      <p>
        <a href={`/admin/settlement.csv?month=${month}`} className="button button--secondary" download>
          {t('backoffice:settlement.download')}
        </a>
      </p>
      <OpenDisputesList disputes={disputes} title={t('notifications:admin.openTitle')} intro={t('notifications:admin.openIntro')} none={t('notifications:admin.openNone')} showProvider />
      {settlement.providers.length === 0 ? <p className="notice">{t('backoffice:settlement.empty')}</p> : null}
      {settlement.providers.map((provider) => (
        <ProviderSection key={provider.providerId} provider={provider} month={month} />
      ))}
      {settlement.providers.length > 0 ? (
        <section className="card" aria-labelledby="region-total">
          <h2 id="region-total">{t('backoffice:settlement.regionTotal')}</h2>
          <dl className="summary-list">
            <div>
              <dt>{t('provider:settlement.chargeCount')}</dt>
              <dd>{settlement.total.chargeCount}</dd>
            </div>
            <div>
              <dt>{t('provider:settlement.charges')}</dt>
              <dd>{money(settlement.total.chargesCents)}</dd>
            </div>
            <div>
              <dt>{t('provider:settlement.refunds')}</dt>
              <dd>{money(settlement.total.refundsCents)}</dd>
            </div>
            <div>
              <dt>{t('provider:settlement.net')}</dt>
              <dd>
                <strong>{money(settlement.total.netCents)}</strong>
              </dd>
            </div>
          </dl>
        </section>
      ) : null}
    </>
  );
}

function ProviderSection({ provider, month }: { provider: ProviderSettlement; month: string }) {
  const { t, lang } = useT();
  const money = (cents: number) => formatEuros(cents, lang);
  const id = `provider-${provider.providerId}`;
  const matches = provider.invoice ? provider.invoice.netCents === provider.total.netCents : true;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>
        {provider.providerName} <span className="hint">({provider.businessId})</span>
      </h2>
      <SettlementTable settlement={provider} caption={t('backoffice:settlement.caption', { provider: provider.providerName })} captionId={`${id}-caption`} />
      {provider.invoice ? (
        <p>
          <span className="tag">{t('backoffice:settlement.invoicedTag')}</span>
          {t('backoffice:settlement.invoicedBy', {
            when: formatDateTime(provider.invoice.invoicedAt, lang),
            name: provider.invoice.invoicedByName,
            amount: money(provider.invoice.netCents),
          })}
          {matches ? '' : ` ${t('backoffice:settlement.mismatch')}`}
        </p>
      ) : (
        <form method="post" action="/admin/settlement" className="inline-actions">
          <CsrfField />
          <input type="hidden" name="providerId" value={provider.providerId} />
          <input type="hidden" name="month" value={month} />
          <div className="choice">
            <input type="checkbox" id={`confirm-${provider.providerId}`} name="confirm" value="yes" required />
            <label htmlFor={`confirm-${provider.providerId}`}>{t('backoffice:settlement.confirmInvoiced', { provider: provider.providerName })}</label>
          </div>
          <button type="submit" className="button button--secondary">
            {t('backoffice:settlement.markInvoiced', { provider: provider.providerName })}
          </button>
        </form>
      )}
    </section>
  );
}
