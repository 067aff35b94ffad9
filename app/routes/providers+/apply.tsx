// The public application to become a provider: company, Y-tunnus (check digit validated), contact,
// services with prices and areas. A valid application creates a pending provider for the
// administrators' queue and leads to a "received" page. At most MAX_APPLICATIONS_PER_ADDRESS a day
// from one address (429 after that).
import type { ActionFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { CsrfField, ErrorSummary, Field, TextArea } from '../../components/forms';
import { AreaAndLanguageChoices } from '../../components/catalogue';
import { localName } from '../../i18n/localName';
import { activeServices, allMunicipalities } from '../../domain/catalogue.server';
import { MAX_DESCRIPTION_LENGTH, priceFieldName } from '../../domain/catalogueLimits';
import { APPLICATION_WINDOW_HOURS, municipalityCodes, submitApplication } from '../../domain/providerApplication.server';
import {
  businessId,
  description,
  email,
  languagesField,
  municipalitiesField,
  optionalPhone,
  readPrices,
  requiredText,
} from '../../domain/providerForms.server';
import { keyFromData, useT } from '../../i18n/i18n';
import { readForm, validateForm, type FieldErrors, type FormValues } from '../../utils/forms.server';
import { clientIp } from '../../utils/http.server';
import type { ServiceUnit } from '../../../db/schema';

export const handle = { title: 'catalogue:apply.title' };

export function loader() {
  return { services: activeServices(), municipalities: allMunicipalities() };
}

function applicationSchema() {
  return z.object({
    name: requiredText(200, 'catalogue:errors.nameRequired'),
    businessId,
    contactName: requiredText(200, 'catalogue:errors.contactNameRequired'),
    email,
    phone: optionalPhone,
    descriptionFi: description,
    descriptionSv: description,
    municipalities: municipalitiesField(municipalityCodes()),
    languages: languagesField,
  });
}

type ActionResult = { errors: FieldErrors; values: FormValues; checked: Record<string, string[]> };

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const parsed = validateForm(form, applicationSchema());
  const services = activeServices();
  const { prices, errors: priceErrors } = readPrices(form, services.map((s) => s.id));
  const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
  Object.assign(errors, priceErrors);
  if (prices.length === 0 && Object.keys(priceErrors).length === 0) errors.prices = 'catalogue:errors.pricesRequired';
  const checked = { municipalities: form.getAll('municipalities').map(String), languages: form.getAll('languages').map(String) };
  const fail = (status: number, extra: FieldErrors = {}, headers: Record<string, string> = {}) =>
    data<ActionResult>({ errors: { ...errors, ...extra }, values: parsed.values, checked }, { status, headers });
  if (!parsed.ok || Object.keys(errors).length > 0) return fail(400);
  const outcome = submitApplication({ ...parsed.data, prices }, { userId: null, ip: clientIp(request) });
  if (outcome.kind === 'duplicate') return fail(400, { businessId: 'catalogue:errors.businessIdTaken' });
  if (outcome.kind === 'tooMany') return fail(429, { form: 'catalogue:errors.tooManyApplications' }, { 'Retry-After': String(APPLICATION_WINDOW_HOURS * 3600) });
  if (outcome.kind === 'badService') return fail(400, { prices: 'catalogue:errors.pricesRequired' });
  return redirect(`/providers/apply/received?ref=${outcome.providerId}`, { status: 303 });
}

export default function Apply() {
  const { t } = useT();
  const { services, municipalities } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const checked = result?.checked ?? { municipalities: [], languages: [] };
  return (
    <div className="narrow">
      <ErrorSummary errors={errors} />
      <h1>{t('catalogue:apply.title')}</h1>
      <p className="lead">{t('catalogue:apply.lead')}</p>
      <p>{t('catalogue:apply.process')}</p>
      <form method="post" action="/providers/apply" noValidate>
        <CsrfField />
        <h2>{t('catalogue:apply.companyTitle')}</h2>
        <Field name="name" label={t('catalogue:apply.name')} autoComplete="organization" maxLength={200} defaultValue={values.name ?? ''} error={errors.name} />
        <Field
          name="businessId"
          label={t('catalogue:apply.businessId')}
          hint={t('catalogue:apply.businessIdHint')}
          className="input input--short"
          autoComplete="off"
          spellCheck={false}
          defaultValue={values.businessId ?? ''}
          error={errors.businessId}
        />
        <Field name="contactName" label={t('catalogue:apply.contactName')} autoComplete="name" maxLength={200} defaultValue={values.contactName ?? ''} error={errors.contactName} />
        <Field
          name="email"
          type="email"
          label={t('catalogue:apply.email')}
          autoComplete="email"
          spellCheck={false}
          defaultValue={values.email ?? ''}
          error={errors.email}
        />
        <Field
          name="phone"
          type="tel"
          label={t('catalogue:apply.phone')}
          hint={t('catalogue:apply.phoneHint')}
          autoComplete="tel"
          defaultValue={values.phone ?? ''}
          error={errors.phone}
        />
        <TextArea
          name="descriptionFi"
          label={t('catalogue:profile.descriptionFi')}
          hint={t('catalogue:profile.descriptionHint', { max: MAX_DESCRIPTION_LENGTH })}
          defaultValue={values.descriptionFi ?? ''}
          error={errors.descriptionFi}
          lang="fi"
        />
        <TextArea
          name="descriptionSv"
          label={t('catalogue:profile.descriptionSv')}
          hint={t('catalogue:profile.descriptionHint', { max: MAX_DESCRIPTION_LENGTH })}
          defaultValue={values.descriptionSv ?? ''}
          error={errors.descriptionSv}
          lang="sv"
        />
        <h2>{t('catalogue:apply.servicesTitle')}</h2>
        <PriceInputs services={services} values={values} errors={errors} legend={t('catalogue:apply.pricesLegend')} hint={t('catalogue:apply.pricesHint')} />
        <h2>{t('catalogue:apply.areasTitle')}</h2>
        <AreaAndLanguageChoices municipalities={municipalities} errors={errors} checked={checked} />
        <button type="submit" className="button">
          {t('catalogue:apply.submit')}
        </button>
      </form>
    </div>
  );
}

/** One price input per service inside a fieldset; empty means the service is not offered. */
export function PriceInputs({
  services,
  values,
  errors,
  legend,
  hint,
}: {
  services: { id: number; nameFi: string; nameSv: string; unit: ServiceUnit }[];
  values: FormValues;
  errors: FieldErrors;
  legend: string;
  hint: string;
}) {
  const { t, lang } = useT();
  return (
    <fieldset className={`field price-inputs${errors.prices ? ' field--error' : ''}`} id="prices" aria-describedby={`prices-hint${errors.prices ? ' prices-error' : ''}`}>
      <legend>{legend}</legend>
      <p className="hint" id="prices-hint">
        {hint}
      </p>
      {errors.prices ? (
        <p id="prices-error" className="field-error">
          <span className="visually-hidden">{t('common:errors.prefix')}</span> {t(keyFromData(errors.prices))}
        </p>
      ) : null}
      {services.map((service) => {
        const name = priceFieldName(service.id);
        return (
          <Field
            key={service.id}
            name={name}
            inputMode="decimal"
            autoComplete="off"
            className="input input--short"
            label={t('catalogue:apply.priceLabel', { service: localName(service, lang), unit: t(`common:units.${service.unit}`) })}
            defaultValue={values[name] ?? ''}
            error={errors[name]}
          />
        );
      })}
    </fieldset>
  );
}
