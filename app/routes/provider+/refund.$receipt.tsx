import crypto from 'node:crypto';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { requireProviderReceipt } from '../../auth/guards.server';
import { TextArea } from '../../components/forms';
import { ChargeObjection } from '../../components/ChargeObjection';
import { refundCharge } from '../../domain/charge.server';
import { formatDateTime, formatHundredths } from '../../i18n/format';
import { formatEuros } from '../../domain/money';
import { useT } from '../../i18n/i18n';
import type { TitleHandle } from '../../root';
import { readForm, validateForm, type FieldErrors, type FormValues } from '../../utils/forms.server';
import { clientIp, fail } from '../../utils/http.server';
import { localName } from '../../i18n/localName';

export const handle: TitleHandle = {
  title: ({ t, data }) => {
    const receipt = (data as { charge?: { receiptNumber: string } } | undefined)?.charge?.receiptNumber;
    return receipt ? t('provider:refund.pageTitle', { receipt }) : t('provider:refund.title');
  },
};

const MAX_REASON_LENGTH = 500;

/** The signed-in provider's own charge named in the URL; 404 for anything else. */
function requireOwnCharge(request: Request, params: LoaderFunctionArgs['params']) {
  // Role first: other roles get 403 without learning whether the receipt exists.
  const { user, provider, receipt: charge } = requireProviderReceipt(request, params.receipt);
  if (charge.kind !== 'charge') fail(404);
  return { user, providerId: provider.id, charge, approved: provider.status === 'approved' };
}

type Refusal = 'tooLate' | 'alreadyRefunded' | 'notApproved';

export function loader({ request, params }: LoaderFunctionArgs) {
  const { charge, approved } = requireOwnCharge(request, params);
  const refusal: Refusal | null = charge.refundReceipt ? 'alreadyRefunded' : !charge.refundable ? 'tooLate' : approved ? null : 'notApproved';
  return {
    charge,
    refusal,
    // Made when the form is shown; travels in a hidden field so a resent form refunds once.
    idempotencyKey: crypto.randomUUID(),
  };
}

const refundSchema = z.object({
  reason: z.string('provider:refund.errors.reasonRequired').trim().min(1, 'provider:refund.errors.reasonRequired').max(MAX_REASON_LENGTH, 'provider:refund.errors.reasonTooLong'),
  idempotencyKey: z.uuid('common:errors.invalid'),
});

type ActionResult = { errors: FieldErrors; values: FormValues; refusal?: Refusal | 'invoiced' | 'formUsed' };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, providerId, charge } = requireOwnCharge(request, params);
  const form = await readForm(request);
  const parsed = validateForm(form, refundSchema);
  if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const actor = { userId: user.id, providerId, ip: clientIp(request) };
  const outcome = refundCharge(actor, charge.receiptNumber, parsed.data.reason, parsed.data.idempotencyKey);
  switch (outcome.kind) {
    case 'refunded':
      return redirect(`/provider/receipts/${outcome.receiptNumber}`, { status: 303 });
    case 'notFound':
      return fail(404);
    case 'tooLate':
    case 'alreadyRefunded':
    case 'invoiced':
      return data<ActionResult>({ errors: {}, values: parsed.values, refusal: outcome.kind }, { status: 409 });
    case 'notApproved':
      return data<ActionResult>({ errors: {}, values: parsed.values, refusal: outcome.kind }, { status: 403 });
    case 'formUsed':
      // Keep the reason typed, with a fresh form key, so a deliberate refund can still be made.
      return data<ActionResult>({ errors: {}, values: { ...parsed.values, idempotencyKey: crypto.randomUUID() }, refusal: outcome.kind }, { status: 409 });
  }
}

export default function Refund() {
  const { t, lang } = useT();
  const { charge, refusal: refusalNow, idempotencyKey } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  // After a refused post the loader already sees the new state; the action says why.
  const refusal = result?.refusal ?? refusalNow;
  const amount = formatEuros(charge.amountCents, lang);
  return (
    <ChargeObjection
      title={t('provider:refund.title')}
      intro={t('provider:refund.intro')}
      refusal={refusal ? t(`provider:refund.${refusal}`) : null}
      chargeTitle={t('provider:refund.chargeTitle')}
      rows={[
        { label: t('provider:receipt.receiptNumber'), value: charge.receiptNumber },
        { label: t('provider:receipt.client'), value: charge.clientName },
        { label: t('provider:receipt.service'), value: localName(charge, lang, 'serviceName') },
        {
          label: t('provider:receipt.quantity'),
          value: `${formatHundredths(charge.quantityHundredths, lang)} × ${formatEuros(charge.unitPriceCents, lang)} / ${t(`common:units.${charge.unit}`)}`,
        },
        { label: t('provider:receipt.amount'), value: <strong className="amount">{amount}</strong> },
        { label: t('provider:receipt.chargedAt'), value: formatDateTime(charge.createdAt, lang) },
      ]}
      action={`/provider/refund/${charge.receiptNumber}`}
      idempotencyKey={values.idempotencyKey ?? idempotencyKey}
      errors={errors}
      form={
        refusal === 'tooLate' || refusal === 'alreadyRefunded' || refusal === 'invoiced' || refusal === 'notApproved' ? null : (
          <>
            <TextArea
              name="reason"
              label={t('provider:refund.reason')}
              hint={t('provider:refund.reasonHint')}
              rows={4}
              defaultValue={values.reason ?? ''}
              error={errors.reason}
            />
            <button type="submit" className="button button--warning">
              {t('provider:refund.submit', { amount })}
            </button>
          </>
        )
      }
      back={
        charge.refundReceipt ? (
          <Link to={`/provider/receipts/${charge.refundReceipt}`}>{t('provider:receipt.refundReceipt', { receipt: charge.refundReceipt })}</Link>
        ) : (
          <Link to={`/provider/receipts/${charge.receiptNumber}`}>{t('provider:refund.back')}</Link>
        )
      }
    />
  );
}
