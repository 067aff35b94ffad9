// "I did not get this service" / "the amount is wrong": the client or a representative objects to
// a charge within the region's dispute period. A record of its own; the ledger row stays.
import crypto from 'node:crypto';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { actorOf, requireUser, viewableClients } from '../../auth/guards.server';
import { ChoiceGroup, TextArea } from '../../components/forms';
import { ChargeObjection } from '../../components/ChargeObjection';
import { chargeForDispute, disputeDays, disputeRefusal, MAX_DISPUTE_NOTE, raiseDispute, type DisputeRefusal } from '../../domain/disputes.server';
import { receiptNumberParam } from '../../domain/settlement.server';
import { DISPUTE_REASONS } from '../../../db/schema';
import { formatDate } from '../../i18n/format';
import { formatEuros } from '../../domain/money';
import { useT } from '../../i18n/i18n';
import { readForm, validateForm, type FieldErrors, type FormValues } from '../../utils/forms.server';
import { fail } from '../../utils/http.server';

export const handle = { title: 'notifications:dispute.title' };

/** The charge named in the URL, of a client the signed-in client or representative may see; else 404. */
function requireDisputableCharge(request: Request, receipt: string | undefined) {
  const user = requireUser(request, ['client', 'representative']);
  const receiptNumber = receiptNumberParam(receipt);
  if (!receiptNumber) fail(404);
  for (const client of viewableClients(user)) {
    const found = chargeForDispute(client.id, receiptNumber);
    if (found) return { user, client, found };
  }
  fail(404);
}

function backHref(role: string, clientId: number, receipt?: string) {
  const params = new URLSearchParams();
  if (role === 'representative') params.set('client', String(clientId));
  if (receipt) params.set('disputed', receipt);
  const query = params.toString();
  return `/budget${query ? `?${query}` : ''}`;
}

export function loader({ request, params }: LoaderFunctionArgs) {
  const { user, client, found } = requireDisputableCharge(request, params.receipt);
  return {
    charge: {
      receiptNumber: found.charge.receiptNumber,
      amountCents: found.charge.amountCents,
      serviceDate: found.charge.serviceDate,
      providerName: found.providerName,
      serviceNameFi: found.serviceNameFi,
      serviceNameSv: found.serviceNameSv,
    },
    refusal: disputeRefusal(found),
    days: disputeDays(),
    back: backHref(user.role, client.id),
    // Made when the form is shown; a resent form records one dispute.
    idempotencyKey: crypto.randomUUID(),
  };
}

const disputeSchema = z.object({
  reason: z.enum(DISPUTE_REASONS, 'notifications:dispute.errors.reason'),
  note: z.string().trim().max(MAX_DISPUTE_NOTE, 'notifications:dispute.errors.note').optional().default(''),
  idempotencyKey: z.uuid('common:errors.invalid'),
});

type ActionResult = { errors: FieldErrors; values: FormValues; refusal?: DisputeRefusal };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, client, found } = requireDisputableCharge(request, params.receipt);
  const form = await readForm(request);
  const parsed = validateForm(form, disputeSchema);
  if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  // A busy database is answered by entry.server (503 with Retry-After), as for every route.
  const outcome = raiseDispute(actorOf(user, request), client.id, found.charge.receiptNumber, parsed.data, parsed.data.idempotencyKey);
  if (outcome.kind === 'notFound') fail(404);
  if (outcome.kind === 'refused') return data<ActionResult>({ errors: {}, values: parsed.values, refusal: outcome.refusal }, { status: 409 });
  return redirect(backHref(user.role, client.id, found.charge.receiptNumber), { status: 303 });
}

export default function DisputeCharge() {
  const { t, lang } = useT();
  const { charge, refusal: refusalNow, days, back, idempotencyKey } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const refusal = result?.refusal ?? refusalNow;
  return (
    <ChargeObjection
      title={t('notifications:dispute.title')}
      intro={t('notifications:dispute.intro')}
      refusal={refusal ? t(`notifications:dispute.errors.${refusal}`, { days }) : null}
      chargeTitle={t('notifications:dispute.charge')}
      rows={[
        { label: t('provider:receipt.receiptNumber'), value: charge.receiptNumber },
        { label: t('notifications:inbox.provider'), value: charge.providerName },
        { label: t('notifications:inbox.service'), value: lang === 'sv' ? charge.serviceNameSv : charge.serviceNameFi },
        { label: t('notifications:inbox.amount'), value: formatEuros(charge.amountCents, lang) },
        { label: t('provider:receipt.serviceDate'), value: formatDate(charge.serviceDate, lang) },
      ]}
      action={`/budget/dispute/${charge.receiptNumber}`}
      idempotencyKey={values.idempotencyKey ?? idempotencyKey}
      errors={errors}
      form={
        refusal ? null : (
          <>
            <ChoiceGroup
              name="reason"
              legend={t('notifications:dispute.reason')}
              error={errors.reason}
              checked={values.reason ? [values.reason] : []}
              choices={DISPUTE_REASONS.map((reason) => ({ value: reason, label: t(`notifications:dispute.reasons.${reason}`) }))}
            />
            <TextArea
              name="note"
              label={t('notifications:dispute.note')}
              hint={t('notifications:dispute.noteHint')}
              rows={4}
              defaultValue={values.note ?? ''}
              error={errors.note}
            />
            <button type="submit" className="button">
              {t('notifications:dispute.submit')}
            </button>
          </>
        )
      }
      back={<Link to={back}>{t('notifications:dispute.back')}</Link>}
    />
  );
}
