import crypto from 'node:crypto';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { requireProviderStaff } from '../../auth/guards.server';
import { ChoiceGroup, CsrfField, ErrorSummary, Field } from '../../components/forms';
import { chargeBudget, previewCharge, type ChargePreview, type ProviderActor } from '../../domain/charge.server';
import { helsinkiDate, parseDate } from '../../domain/months';
import { offeredServices } from '../../domain/offerings.server';
import { toE164 } from '../../domain/phone';
import { parseQuantity } from '../../domain/quantity';
import { formatDate, formatHundredths } from '../../i18n/format';
import { formatEuros } from '../../domain/money';
import { useT } from '../../i18n/i18n';
import { readForm, validateForm, type FieldErrors, type FormValues } from '../../utils/forms.server';
import { clientIp, fail } from '../../utils/http.server';
import { currentTime } from '../../domain/clock';
import { localName } from '../../i18n/localName';

export const handle = { title: 'charge:title' };

export function loader({ request }: LoaderFunctionArgs) {
  const { provider } = requireProviderStaff(request);
  const today = helsinkiDate();
  return {
    approved: provider.status === 'approved',
    services: offeredServices(provider.id, today),
    today,
    // Made when the form is shown; travels in a hidden field so a resent form charges once.
    idempotencyKey: crypto.randomUUID(),
  };
}

const chargeSchema = z.object({
  intent: z.enum(['preview', 'confirm', 'edit'], 'common:errors.invalid'),
  phone: z
    .string()
    .trim()
    .min(1, 'charge:errors.phoneRequired')
    .max(32, 'charge:errors.phoneInvalid')
    .refine((value) => toE164(value) !== null, 'charge:errors.phoneInvalid'),
  serviceId: z.coerce.number('charge:errors.serviceRequired').int('charge:errors.serviceRequired').positive('charge:errors.serviceRequired'),
  quantity: z
    .string()
    .trim()
    .min(1, 'charge:errors.quantityRequired')
    .transform((value, ctx) => {
      const hundredths = parseQuantity(value);
      if (hundredths === null || hundredths > 100_00) {
        ctx.addIssue({ code: 'custom', message: 'charge:errors.quantityInvalid' });
        return z.NEVER;
      }
      return hundredths;
    }),
  serviceDate: z
    .string()
    .trim()
    .min(1, 'charge:errors.dateRequired')
    .transform((value, ctx) => {
      const date = parseDate(value);
      if (!date) {
        ctx.addIssue({ code: 'custom', message: 'charge:errors.dateInvalid' });
        return z.NEVER;
      }
      return date;
    }),
  idempotencyKey: z.uuid('common:errors.invalid'),
  // Set by the check page: the amount the provider confirmed, in cents.
  confirmedAmount: z.coerce.number('common:errors.invalid').int('common:errors.invalid').nonnegative('common:errors.invalid').optional(),
});

type ActionResult =
  | { step: 'form'; errors: FieldErrors; values: FormValues; notice?: 'refused' | 'locked' }
  | { step: 'confirm'; preview: ChargePreview; values: FormValues; amountChanged?: boolean };

export async function action({ request }: ActionFunctionArgs) {
  const { user, provider } = requireProviderStaff(request);
  if (provider.status !== 'approved') fail(403, 'providerNotApproved');
  const form = await readForm(request);
  const parsed = validateForm(form, chargeSchema);
  const values = parsed.values;
  if (!parsed.ok) return data<ActionResult>({ step: 'form', errors: parsed.errors, values }, { status: 400 });
  const { intent, quantity, confirmedAmount, ...rest } = parsed.data;
  const input = { ...rest, quantityHundredths: quantity };
  if (intent === 'edit') return data<ActionResult>({ step: 'form', errors: {}, values });
  if (!offeredServices(provider.id, input.serviceDate).some((service) => service.serviceId === input.serviceId)) {
    return data<ActionResult>({ step: 'form', errors: { serviceId: 'charge:errors.serviceRequired' }, values }, { status: 400 });
  }
  const actor: ProviderActor = { userId: user.id, providerId: provider.id, ip: clientIp(request) };
  const outcome =
    intent === 'preview' ? await previewCharge(actor, input) : await chargeBudget(actor, input, input.idempotencyKey, currentTime(), confirmedAmount);
  switch (outcome.kind) {
    case 'preview':
      return data<ActionResult>({ step: 'confirm', preview: outcome.preview, values });
    case 'charged':
      return redirect(`/provider/receipts/${outcome.receiptNumber}`, { status: 303 });
    case 'badDate':
      return data<ActionResult>({ step: 'form', errors: { serviceDate: 'charge:errors.dateNotThisMonth' }, values }, { status: 400 });
    case 'locked':
      return data<ActionResult>(
        { step: 'form', errors: { form: 'charge:errors.locked' }, values, notice: 'locked' },
        { status: 429, headers: { 'Retry-After': String(outcome.retryAfterSeconds) } },
      );
    case 'wholeUnitsOnly':
      return data<ActionResult>({ step: 'form', errors: { quantity: 'charge:errors.quantityWhole' }, values }, { status: 400 });
    case 'amountChanged':
      return data<ActionResult>({ step: 'confirm', preview: outcome.preview, values, amountChanged: true }, { status: 409 });
    case 'keyUsed':
      // The form already made another charge: start over with a fresh key, keeping what was typed.
      return data<ActionResult>(
        { step: 'form', errors: { form: 'charge:errors.keyUsed' }, values: { ...values, idempotencyKey: crypto.randomUUID() } },
        { status: 409 },
      );
    case 'formUsed':
      return data<ActionResult>(
        { step: 'form', errors: { form: 'charge:errors.formUsed' }, values: { ...values, idempotencyKey: crypto.randomUUID() } },
        { status: 409 },
      );
    case 'refused':
      return data<ActionResult>({ step: 'form', errors: { form: 'charge:errors.notPossible' }, values, notice: 'refused' }, { status: 422 });
  }
}

function HiddenValues({ values }: { values: FormValues }) {
  return (
    <>
      {['phone', 'serviceId', 'quantity', 'serviceDate', 'idempotencyKey'].map((name) => (
        <input key={name} type="hidden" name={name} value={values[name] ?? ''} />
      ))}
    </>
  );
}

function Confirmation({ preview, values, amountChanged }: { preview: ChargePreview; values: FormValues; amountChanged?: boolean }) {
  const { t, lang } = useT();
  return (
    <div className="narrow">
      {amountChanged ? (
        <div className="notice notice--warning" role="alert">
          <p>{t('charge:confirm.amountChanged')}</p>
        </div>
      ) : null}
      <h1>{t('charge:confirm.title')}</h1>
      <p>{t('charge:confirm.checkId')}</p>
      <dl className="summary-list">
        <div>
          <dt>{t('charge:confirm.client')}</dt>
          <dd>
            <strong>
              {preview.clientFirstName} {preview.clientLastInitial}.
            </strong>
          </dd>
        </div>
        <div>
          <dt>{t('charge:service')}</dt>
          <dd>{localName(preview, lang, 'serviceName')}</dd>
        </div>
        <div>
          <dt>{t('charge:quantity')}</dt>
          <dd>
            {formatHundredths(preview.quantityHundredths, lang)} × {formatEuros(preview.unitPriceCents, lang)} / {t(`common:units.${preview.unit}`)}
          </dd>
        </div>
        <div>
          <dt>{t('charge:serviceDate')}</dt>
          <dd>{formatDate(preview.serviceDate, lang)}</dd>
        </div>
        <div>
          <dt>{t('charge:confirm.amount')}</dt>
          <dd>
            <strong className="amount">{formatEuros(preview.amountCents, lang)}</strong>
          </dd>
        </div>
      </dl>
      {/* One form per choice, the intent in a hidden field: a text browser shows a button's value, not its text. */}
      <form method="post" action="/provider/charge" className="inline-form">
        <CsrfField />
        <HiddenValues values={values} />
        <input type="hidden" name="intent" value="confirm" />
        <input type="hidden" name="confirmedAmount" value={preview.amountCents} />
        <button type="submit" className="button">
          {t('charge:confirm.submit', { amount: formatEuros(preview.amountCents, lang) })}
        </button>
      </form>
      <form method="post" action="/provider/charge" className="inline-form">
        <CsrfField />
        <HiddenValues values={values} />
        <input type="hidden" name="intent" value="edit" />
        <button type="submit" className="button button--secondary">
          {t('charge:confirm.edit')}
        </button>
      </form>
    </div>
  );
}

export default function Charge() {
  const { t, lang } = useT();
  const { approved, services, today, idempotencyKey } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  if (result?.step === 'confirm') return <Confirmation preview={result.preview} values={result.values} amountChanged={result.amountChanged} />;
  const values = result?.values ?? {};
  const errors = result?.errors ?? {};
  if (!approved) {
    return (
      <div className="narrow">
        <h1>{t('charge:title')}</h1>
        <div className="notice notice--warning">
          <p>{t('charge:notApproved')}</p>
        </div>
      </div>
    );
  }
  return (
    <div className="narrow">
      <ErrorSummary errors={errors} />
      <h1>{t('charge:title')}</h1>
      <p>{t('charge:intro')}</p>
      <form method="post" action="/provider/charge" noValidate>
        <CsrfField />
        <input type="hidden" name="idempotencyKey" value={values.idempotencyKey ?? idempotencyKey} />
        <Field
          name="phone"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          label={t('charge:phone')}
          hint={t('charge:phoneHint')}
          defaultValue={values.phone ?? ''}
          error={errors.phone}
        />
        <ChoiceGroup
          name="serviceId"
          legend={t('charge:service')}
          error={errors.serviceId}
          checked={[values.serviceId ?? (services.length === 1 ? String(services[0].serviceId) : '')]}
          choices={services.map((service) => ({
            value: String(service.serviceId),
            label: `${localName(service, lang)}, ${formatEuros(service.priceCents, lang)} / ${t(`common:units.${service.unit}`)}`,
          }))}
        />
        <Field
          name="quantity"
          inputMode="decimal"
          autoComplete="off"
          className="input input--short"
          label={t('charge:quantity')}
          hint={t('charge:quantityHint')}
          defaultValue={values.quantity ?? '1'}
          error={errors.quantity}
        />
        <Field
          name="serviceDate"
          type="date"
          className="input input--short"
          label={t('charge:serviceDate')}
          hint={t('charge:serviceDateHint')}
          max={today}
          defaultValue={values.serviceDate ?? today}
          error={errors.serviceDate}
        />
        <input type="hidden" name="intent" value="preview" />
        <button type="submit" className="button">
          {t('charge:continue')}
        </button>
      </form>
      <p>
        <Link to="/provider/charges">{t('charge:ownCharges')}</Link>
      </p>
    </div>
  );
}
