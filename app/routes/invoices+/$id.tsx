// One e-invoice as a readable page that prints, in the reader's language: seller, buyer, dates,
// reference, rows, VAT exemption, total, the receipts it covers and its history. The provider
// approves its own draft here; the region accepts it and marks it sent and paid.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { requireUser } from '../../auth/guards.server';
import crypto from 'node:crypto';
import { CsrfField, ErrorSummary, Field, TextArea } from '../../components/forms';
import { formatIban } from '../../domain/iban';
import { changeInvoiceState, invoiceView, refundInvoicedCharge, splitAddress } from '../../domain/invoicing.server';
import { receiptNumberParam } from '../../domain/settlement.server';
import { helsinkiDate } from '../../domain/months';
import { formatReference } from '../../domain/referenceNumber';
import { formatDate, formatDateTime, formatHundredths, formatMonth } from '../../i18n/format';
import { formatEuros } from '../../domain/money';
import { keyFromData, useT } from '../../i18n/i18n';
import { languageOf } from '../../i18n/language.server';
import { readForm, validateForm, type FieldErrors, type FormValues } from '../../utils/forms.server';
import { clientIp, fail } from '../../utils/http.server';

export const handle = { title: 'invoicing:invoice.title' };

function invoiceId(params: { id?: string }): number {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0 || String(id) !== params.id) fail(404);
  return id;
}

export function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request, ['provider', 'admin']);
  const viewer = { providerId: user.role === 'admin' ? null : (user.providerId ?? -1) };
  const view = invoiceView(invoiceId(params), viewer, languageOf(request));
  // Another provider's invoice looks the same as one that does not exist.
  if (!view) fail(404);
  const done = new URL(request.url).searchParams.get('done');
  return {
    view,
    role: user.role,
    today: helsinkiDate(),
    idempotencyKey: crypto.randomUUID(),
    done: done && ['approved', 'accepted', 'sent', 'paid', 'corrected'].includes(done) ? done : null,
  };
}

const STEPS = { provider: ['approve'], admin: ['accept', 'send', 'pay'] } as const;

const stateSchema = z.object({
  intent: z.enum(['approve', 'accept', 'send', 'pay'], 'common:errors.invalid'),
  buildId: z.coerce.number('common:errors.invalid').int('common:errors.invalid').positive('common:errors.invalid'),
  date: z.string().trim().optional(),
});

// The region gives back a charge of an accepted month (a resolved dispute): a credit note follows.
const correctionSchema = z.object({
  receipt: z.string('invoicing:errors.receipt').transform((value, ctx) => {
    const receipt = receiptNumberParam(value);
    if (!receipt) {
      ctx.addIssue({ code: 'custom', message: 'invoicing:errors.receipt' });
      return z.NEVER;
    }
    return receipt;
  }),
  reason: z.string('invoicing:errors.reason').trim().min(1, 'invoicing:errors.reason').max(500, 'common:errors.tooLong'),
  idempotencyKey: z.uuid('common:errors.invalid'),
});

type ActionResult = { errors: FieldErrors; values: FormValues };

async function correct(user: { id: number; role: string }, request: Request, id: number, form: FormData) {
  if (user.role !== 'admin') fail(403, 'role');
  const parsed = validateForm(form, correctionSchema.extend({ intent: z.literal('correct') }));
  if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const view = invoiceView(id, { providerId: null });
  if (!view) fail(404);
  const own = view.receipts.some((receipt) => receipt.receiptNumber === parsed.data.receipt && receipt.kind === 'charge');
  if (!own || view.kind !== 'invoice') return data<ActionResult>({ errors: { receipt: 'invoicing:errors.receiptNotOnInvoice' }, values: parsed.values }, { status: 400 });
  const result = refundInvoicedCharge({ id: user.id, ip: clientIp(request) }, parsed.data.receipt, parsed.data.reason, parsed.data.idempotencyKey);
  if (result.kind === 'refunded') return redirect(`/invoices/${id}?done=corrected`, { status: 303 });
  return data<ActionResult>({ errors: { receipt: `invoicing:errors.correction.${result.kind}` }, values: parsed.values }, { status: 409 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = requireUser(request, ['provider', 'admin']);
  const id = invoiceId(params);
  const form = await readForm(request);
  if (form.get('intent') === 'correct') return correct(user, request, id, form);
  const parsed = validateForm(form, stateSchema);
  if (!parsed.ok) return data<ActionResult>({ errors: { form: 'common:errors.invalid' }, values: parsed.values }, { status: 400 });
  const { intent, buildId, date } = parsed.data;
  const role = user.role === 'admin' ? 'admin' : 'provider';
  if (!(STEPS[role] as readonly string[]).includes(intent)) fail(403, 'role');
  const needsDate = intent === 'send' || intent === 'pay';
  const actor = { id: user.id, ip: clientIp(request), providerId: role === 'admin' ? null : (user.providerId ?? -1) };
  const result = changeInvoiceState(actor, id, intent, { buildId, date: needsDate ? date : undefined });
  if (result === 'done') {
    const to = { approve: 'approved', accept: 'accepted', send: 'sent', pay: 'paid' }[intent];
    return redirect(`/invoices/${id}?done=${to}`, { status: 303 });
  }
  if (result === 'notFound') fail(404);
  if (result === 'badDate') return data<ActionResult>({ errors: { [`${intent}-date`]: 'invoicing:errors.date' }, values: parsed.values }, { status: 400 });
  return data<ActionResult>({ errors: { form: `invoicing:errors.${result}` }, values: parsed.values }, { status: 409 });
}

export default function InvoicePage() {
  const { t, lang } = useT();
  const { view, role, today, done, idempotencyKey } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const money = (cents: number) => formatEuros(cents, lang);
  const sellerAddress = splitAddress(view.seller.streetAddress);
  const credit = view.kind === 'credit_note';
  return (
    <>
      <ErrorSummary errors={result?.errors} />
      {done ? (
        <div className="notice notice--success no-print" role="status">
          <p>{t(keyFromData(`invoicing:invoice.done.${done}`))}</p>
        </div>
      ) : null}
      <p className="no-print">
        <Link to={role === 'admin' ? `/admin/invoices?month=${view.budgetMonth}` : '/provider/invoices'}>{t('invoicing:invoice.back')}</Link>
      </p>
      <h1>{t(credit ? 'invoicing:invoice.creditHeading' : 'invoicing:invoice.heading', { number: view.invoiceNumber, month: formatMonth(view.budgetMonth, lang) })}</h1>
      <p>
        <span className={`tag tag--${view.state}`}>{t(keyFromData(`invoicing:states.${view.state}`))}</span>
      </p>
      <div className="invoice-parties">
        <section aria-labelledby="seller-title">
          <h2 id="seller-title">{t('invoicing:invoice.seller')}</h2>
          <p>
            {view.seller.name}
            <br />
            {t('invoicing:invoice.businessId', { id: view.seller.businessId })}
            <br />
            {sellerAddress ? `${sellerAddress.street}, ${sellerAddress.postCode} ${sellerAddress.town}` : view.seller.streetAddress}
          </p>
        </section>
        <section aria-labelledby="buyer-title">
          <h2 id="buyer-title">{t('invoicing:invoice.buyer')}</h2>
          <p>
            {view.buyer.name}
            <br />
            {t('invoicing:invoice.businessId', { id: view.buyer.businessId })}
            <br />
            {`${view.buyer.streetAddress}, ${view.buyer.postCode} ${view.buyer.town}`}
          </p>
        </section>
      </div>
      <dl className="summary-list">
        <div>
          <dt>{t('invoicing:fields.invoiceNumber')}</dt>
          <dd>{view.invoiceNumber}</dd>
        </div>
        {view.originalInvoiceNumber ? (
          <div>
            <dt>{t('invoicing:fields.originalInvoiceNumber')}</dt>
            <dd>
              {view.originalInvoiceNumber}
              {view.originalInvoiceDate ? ` (${formatDate(view.originalInvoiceDate, lang)})` : ''}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t('invoicing:fields.invoiceDate')}</dt>
          <dd>{formatDate(view.invoiceDate, lang)}</dd>
        </div>
        <div>
          <dt>{t('invoicing:fields.dueDate')}</dt>
          <dd>{formatDate(view.dueDate, lang)}</dd>
        </div>
        <div>
          <dt>{t('invoicing:fields.reference')}</dt>
          <dd>{formatReference(view.referenceNumber)}</dd>
        </div>
        <div>
          <dt>{t('invoicing:fields.account')}</dt>
          <dd>
            {view.seller.iban ? formatIban(view.seller.iban) : '–'} {view.seller.bic ? `(${view.seller.bic})` : ''}
          </dd>
        </div>
      </dl>
      <div className="table-wrap" role="region" aria-labelledby="rows-caption" tabIndex={0}>
        <table>
          <caption id="rows-caption">{t('invoicing:invoice.rowsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('invoicing:fields.service')}</th>
              <th scope="col" className="numeric">
                {t('invoicing:fields.quantity')}
              </th>
              <th scope="col" className="numeric">
                {t('invoicing:fields.unitPrice')}
              </th>
              <th scope="col" className="numeric">
                {t('invoicing:fields.vat')}
              </th>
              <th scope="col" className="numeric">
                {t('invoicing:fields.amount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {view.rows.map((row) => (
              <tr key={`${row.articleId}-${row.unitPriceCents}`}>
                <th scope="row">{row.articleName}</th>
                <td className="numeric">
                  {formatHundredths(row.quantityHundredths, lang)} {row.unitText}
                </td>
                <td className="numeric">{money(row.unitPriceCents)}</td>
                <td className="numeric">0 %</td>
                <td className="numeric">{money(row.amountCents)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={4}>
                {t('invoicing:fields.total')}
              </th>
              <td className="numeric">
                <strong>{money(view.totalCents)}</strong>
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
      <p>{t('invoicing:invoice.vatNote')}</p>
      <p>
        <a href={`/invoices/${view.id}/xml`} className="button button--secondary" download>
          {t('invoicing:invoice.downloadXml')}
        </a>
      </p>
      <Actions view={view} role={role} today={today} errors={result?.errors ?? {}} values={result?.values ?? {}} />
      {role === 'admin' && view.kind === 'invoice' && ['accepted', 'sent', 'paid'].includes(view.state) ? (
        <Correction invoiceId={view.id} idempotencyKey={idempotencyKey} errors={result?.errors ?? {}} values={result?.values ?? {}} />
      ) : null}
      <div className="table-wrap" role="region" aria-labelledby="receipts-caption" tabIndex={0}>
        <table>
          <caption id="receipts-caption">{t('invoicing:invoice.receiptsCaption', { count: view.receipts.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('invoicing:fields.receipt')}</th>
              <th scope="col">{t('invoicing:fields.serviceDate')}</th>
              <th scope="col">{t('invoicing:fields.service')}</th>
              <th scope="col" className="numeric">
                {t('invoicing:fields.amount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {view.receipts.map((receipt) => (
              <tr key={receipt.id}>
                <th scope="row">
                  {receipt.receiptNumber}
                  {receipt.kind === 'refund' ? ` (${t('invoicing:xml.refund')})` : ''}
                </th>
                <td>{formatDate(receipt.serviceDate, lang)}</td>
                <td>{lang === 'sv' ? receipt.serviceNameSv : receipt.serviceNameFi}</td>
                <td className="numeric">{money(receipt.kind === 'charge' ? receipt.amountCents : -receipt.amountCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('invoicing:invoice.historyTitle')}</h2>
      <ol className="plain-list">
        {view.history.map((event, index) => (
          <li key={index}>
            {t('invoicing:invoice.historyLine', {
              state: t(keyFromData(`invoicing:states.${event.state}`)),
              when: formatDateTime(event.at, lang),
              name: event.byName,
            })}
            {event.eventDate ? ` (${formatDate(event.eventDate, lang)})` : ''}
          </li>
        ))}
      </ol>
    </>
  );
}

type ActionsProps = {
  view: { id: number; state: string; buildId: number };
  role: string;
  today: string;
  errors: FieldErrors;
  values: FormValues;
};

function Actions({ view, role, today, errors, values }: ActionsProps) {
  const { t } = useT();
  const step = role === 'admin' ? ({ approved: 'accept', accepted: 'send', sent: 'pay' } as Record<string, string>)[view.state] : view.state === 'draft' ? 'approve' : undefined;
  if (!step) return null;
  const withDate = step === 'send' || step === 'pay';
  return (
    <form method="post" action={`/invoices/${view.id}`} noValidate className="no-print" aria-labelledby="action-title">
      <h2 id="action-title">{t(keyFromData(`invoicing:invoice.actions.${step}.title`))}</h2>
      <p>{t(keyFromData(`invoicing:invoice.actions.${step}.lead`))}</p>
      <CsrfField />
      <input type="hidden" name="intent" value={step} />
      <input type="hidden" name="buildId" value={view.buildId} />
      {withDate ? (
        <Field name="date" id={`${step}-date`} type="date" className="input input--short" label={t(keyFromData(`invoicing:invoice.actions.${step}.date`))} max={today} defaultValue={values.date ?? today} error={errors[`${step}-date`]} />
      ) : null}
      <button type="submit" className="button">
        {t(keyFromData(`invoicing:invoice.actions.${step}.button`))}
      </button>
    </form>
  );
}

function Correction({ invoiceId, idempotencyKey, errors, values }: { invoiceId: number; idempotencyKey: string; errors: FieldErrors; values: FormValues }) {
  const { t } = useT();
  return (
    <form method="post" action={`/invoices/${invoiceId}`} noValidate className="no-print" aria-labelledby="correction-title">
      <h2 id="correction-title">{t('invoicing:invoice.correction.title')}</h2>
      <p>{t('invoicing:invoice.correction.lead')}</p>
      <CsrfField />
      <input type="hidden" name="intent" value="correct" />
      <input type="hidden" name="idempotencyKey" value={values.idempotencyKey ?? idempotencyKey} />
      <Field name="receipt" className="input input--short" label={t('invoicing:invoice.correction.receipt')} hint={t('invoicing:invoice.correction.receiptHint')} autoComplete="off" spellCheck={false} defaultValue={values.receipt ?? ''} error={errors.receipt} />
      <TextArea name="reason" rows={3} label={t('invoicing:invoice.correction.reason')} defaultValue={values.reason ?? ''} error={errors.reason} />
      <button type="submit" className="button button--secondary">
        {t('invoicing:invoice.correction.button')}
      </button>
    </form>
  );
}
