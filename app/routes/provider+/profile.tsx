// A provider's own catalogue entry: description (fi and sv), accessibility, contact details, areas
// and languages in one form; prices in another, each change applying from a chosen date. The
// provider is always the signed-in user's own: no id travels in the form.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { requireProviderStaff } from '../../auth/guards.server';
import { AreaAndLanguageChoices } from '../../components/catalogue';
import { localName } from '../../i18n/localName';
import { CsrfField, ErrorSummary, Field, TextArea } from '../../components/forms';
import { activeServices, allMunicipalities, currentOfferings } from '../../domain/catalogue.server';
import { MAX_DESCRIPTION_LENGTH, priceFieldName } from '../../domain/catalogueLimits';
import { helsinkiDate, parseDate } from '../../domain/months';
import { municipalityCodes } from '../../domain/providerApplication.server';
import { offeringHistory } from '../../domain/ledger.server';
import { changePrices, offeredServiceIds, providerAreas, providerLanguageCodes, updateProfile } from '../../domain/providerProfile.server';
import { description, email, languagesField, municipalitiesField, optionalPhone, readPrices, requiredText, website } from '../../domain/providerForms.server';
import { formatIban, normalizeBic, normalizeIban } from '../../domain/iban';
import { updateInvoicingDetails } from '../../domain/invoicing.server';
import { readForm, validateForm, type FieldErrors, type FormValues } from '../../utils/forms.server';
import { formatDate } from '../../i18n/format';
import { formatEuros } from '../../domain/money';
import { keyFromData, useT } from '../../i18n/i18n';
import { clientIp } from '../../utils/http.server';
import { isOneOf } from '../../utils/oneOf';

export const handle = { title: 'catalogue:profile.title' };

export function loader({ request }: LoaderFunctionArgs) {
  const { provider } = requireProviderStaff(request);
  const today = helsinkiDate();
  const saved = new URL(request.url).searchParams.get('saved');
  const current = currentOfferings([provider.id], today).get(provider.id) ?? [];
  // Only services the provider already offers: a new service is added by the administration.
  const offered = offeredServiceIds(provider.id);
  return {
    provider,
    areas: providerAreas(provider.id),
    languages: providerLanguageCodes(provider.id),
    municipalities: allMunicipalities(),
    services: activeServices()
      .filter((service) => offered.has(service.id))
      .map((service) => ({ ...service, current: current.find((o) => o.serviceId === service.id) ?? null })),
    upcoming: offeringHistory(provider.id).filter((o) => o.validFrom > today && !o.retired),
    today,
    saved: isOneOf(['details', 'prices', 'invoicing'], saved) ? saved : null,
  };
}

function detailsSchema() {
  return z.object({
    descriptionFi: description,
    descriptionSv: description,
    accessibilityFi: description,
    accessibilitySv: description,
    contactName: requiredText(200, 'catalogue:errors.contactNameRequired'),
    email,
    phone: optionalPhone,
    streetAddress: z.string().trim().max(200, 'common:errors.tooLong').default(''),
    website,
    municipalities: municipalitiesField(municipalityCodes()),
    languages: languagesField,
  });
}

const pricesSchema = z.object({
  validFrom: z
    .string('catalogue:errors.validFromInvalid')
    .trim()
    .transform((value, ctx) => {
      const date = parseDate(value);
      if (!date) {
        ctx.addIssue({ code: 'custom', message: 'catalogue:errors.validFromInvalid' });
        return z.NEVER;
      }
      if (date < helsinkiDate()) {
        ctx.addIssue({ code: 'custom', message: 'catalogue:errors.validFromPast' });
        return z.NEVER;
      }
      return date;
    }),
});

const electronicAddress = (key: string) =>
  z
    .string()
    .trim()
    .max(35, key)
    .default('')
    .refine((value) => value === '' || /^[A-Za-z0-9:._-]{2,35}$/.test(value), key)
    .transform((value) => (value === '' ? null : value));

const invoicingSchema = z
  .object({
    iban: z
      .string('invoicing:errors.iban')
      .max(50, 'invoicing:errors.iban')
      .transform((value, ctx) => {
        const iban = normalizeIban(value);
        if (!iban) {
          ctx.addIssue({ code: 'custom', message: 'invoicing:errors.iban' });
          return z.NEVER;
        }
        return iban;
      }),
    bic: z
      .string('invoicing:errors.bic')
      .max(20, 'invoicing:errors.bic')
      .transform((value, ctx) => {
        const bic = normalizeBic(value);
        if (!bic) {
          ctx.addIssue({ code: 'custom', message: 'invoicing:errors.bic' });
          return z.NEVER;
        }
        return bic;
      }),
    einvoiceAddress: electronicAddress('invoicing:errors.einvoiceAddress'),
    einvoiceOperator: electronicAddress('invoicing:errors.einvoiceOperator'),
  })
  .refine((value) => value.einvoiceOperator === null || value.einvoiceAddress !== null, { message: 'invoicing:errors.operatorWithoutAddress', path: ['einvoiceAddress'] });

type ActionResult = { intent: 'details' | 'prices' | 'invoicing'; errors: FieldErrors; values: FormValues; checked: Record<string, string[]> };

export async function action({ request }: ActionFunctionArgs) {
  const { user, provider } = requireProviderStaff(request);
  const form = await readForm(request);
  const actor = { userId: user.id, ip: clientIp(request) };
  const intent = form.get('intent') === 'prices' ? 'prices' : form.get('intent') === 'invoicing' ? 'invoicing' : 'details';
  if (intent === 'invoicing') {
    const parsed = validateForm(form, invoicingSchema);
    if (!parsed.ok) return data<ActionResult>({ intent, errors: parsed.errors, values: parsed.values, checked: { municipalities: [], languages: [] } }, { status: 400 });
    updateInvoicingDetails({ id: user.id, ip: actor.ip }, provider.id, parsed.data);
    return redirect('/provider/profile?saved=invoicing', { status: 303 });
  }
  const checked = { municipalities: form.getAll('municipalities').map(String), languages: form.getAll('languages').map(String) };
  if (intent === 'details') {
    const parsed = validateForm(form, detailsSchema());
    if (!parsed.ok) return data<ActionResult>({ intent, errors: parsed.errors, values: parsed.values, checked }, { status: 400 });
    updateProfile(actor, provider.id, parsed.data);
    return redirect('/provider/profile?saved=details', { status: 303 });
  }
  const parsed = validateForm(form, pricesSchema);
  const activeIds = activeServices().map((s) => s.id);
  const { prices, errors: priceErrors } = readPrices(form, activeIds);
  // The form lists only offered services; a price for any other (a tampered form) is refused.
  const offered = offeredServiceIds(provider.id);
  const notOffered = activeIds.filter((id) => !offered.has(id) && String(form.get(priceFieldName(id)) ?? '').trim() !== '');
  if (notOffered.length > 0) {
    for (const id of notOffered) delete priceErrors[priceFieldName(id)];
    priceErrors.prices = 'catalogue:errors.serviceNotOffered';
  }
  const errors: FieldErrors = { ...(parsed.ok ? {} : parsed.errors), ...priceErrors };
  if (prices.length === 0 && Object.keys(priceErrors).length === 0) errors.prices = 'catalogue:errors.priceChangeRequired';
  if (!parsed.ok || Object.keys(errors).length > 0) return data<ActionResult>({ intent, errors, values: parsed.values, checked }, { status: 400 });
  const outcome = changePrices(actor, provider.id, parsed.data.validFrom, prices);
  if (outcome.kind === 'saved') return redirect('/provider/profile?saved=prices', { status: 303 });
  const error: FieldErrors =
    outcome.kind === 'sameDay'
      ? { validFrom: 'catalogue:errors.sameDay' }
      : outcome.kind === 'pastDate'
        ? { validFrom: 'catalogue:errors.validFromPast' }
        : outcome.kind === 'notOffered'
          ? { prices: 'catalogue:errors.serviceNotOffered' }
          : { prices: 'catalogue:errors.priceChangeRequired' };
  return data<ActionResult>({ intent, errors: error, values: parsed.values, checked }, { status: 400 });
}

export default function Profile() {
  const { t, lang } = useT();
  const view = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const { provider } = view;
  const detailErrors = result?.intent === 'details' ? result.errors : {};
  const priceErrors = result?.intent === 'prices' ? result.errors : {};
  const typed = result?.intent === 'details' ? result.values : null;
  const value = (name: keyof typeof provider & string) => typed?.[name] ?? String(provider[name] ?? '');
  const checked = result?.intent === 'details' ? result.checked : { municipalities: view.areas, languages: view.languages };
  const priceValues = result?.intent === 'prices' ? result.values : {};
  const invoicingErrors = result?.intent === 'invoicing' ? result.errors : {};
  const invoicingTyped = result?.intent === 'invoicing' ? result.values : null;
  const invoicingValue = (name: 'iban' | 'bic' | 'einvoiceAddress' | 'einvoiceOperator') =>
    invoicingTyped?.[name] ?? (name === 'iban' && provider.iban ? formatIban(provider.iban) : String(provider[name] ?? ''));
  return (
    <div className="narrow">
      <ErrorSummary errors={result?.errors} />
      {view.saved ? (
        <div className="notice notice--success" role="status">
          <p>{view.saved === 'invoicing' ? t('invoicing:profile.saved') : t(`catalogue:profile.saved.${view.saved}`)}</p>
        </div>
      ) : null}
      <h1>{t('catalogue:profile.title')}</h1>
      <p className="lead">{t('catalogue:profile.lead', { name: provider.name })}</p>
      <p>
        <a href={`/providers/${provider.id}`}>{t('catalogue:profile.publicPage')}</a>
      </p>

      <h2 id="details-title">{t('catalogue:profile.detailsTitle')}</h2>
      <form method="post" action="/provider/profile" noValidate aria-labelledby="details-title">
        <CsrfField />
        <input type="hidden" name="intent" value="details" />
        <TextArea
          name="descriptionFi"
          lang="fi"
          label={t('catalogue:profile.descriptionFi')}
          hint={t('catalogue:profile.descriptionHint', { max: MAX_DESCRIPTION_LENGTH })}
          defaultValue={value('descriptionFi')}
          error={detailErrors.descriptionFi}
        />
        <TextArea
          name="descriptionSv"
          lang="sv"
          label={t('catalogue:profile.descriptionSv')}
          hint={t('catalogue:profile.descriptionHint', { max: MAX_DESCRIPTION_LENGTH })}
          defaultValue={value('descriptionSv')}
          error={detailErrors.descriptionSv}
        />
        <TextArea
          name="accessibilityFi"
          lang="fi"
          rows={3}
          label={t('catalogue:profile.accessibilityFi')}
          hint={t('catalogue:profile.accessibilityHint')}
          defaultValue={value('accessibilityFi')}
          error={detailErrors.accessibilityFi}
        />
        <TextArea
          name="accessibilitySv"
          lang="sv"
          rows={3}
          label={t('catalogue:profile.accessibilitySv')}
          hint={t('catalogue:profile.accessibilityHint')}
          defaultValue={value('accessibilitySv')}
          error={detailErrors.accessibilitySv}
        />
        <Field name="contactName" label={t('catalogue:provider.contactName')} autoComplete="name" defaultValue={value('contactName')} error={detailErrors.contactName} />
        <Field name="email" type="email" label={t('catalogue:provider.email')} autoComplete="email" spellCheck={false} defaultValue={value('email')} error={detailErrors.email} />
        <Field name="phone" type="tel" label={t('catalogue:provider.phone')} autoComplete="tel" defaultValue={value('phone')} error={detailErrors.phone} />
        <Field name="streetAddress" label={t('catalogue:provider.address')} autoComplete="street-address" defaultValue={value('streetAddress')} error={detailErrors.streetAddress} />
        <Field
          name="website"
          type="url"
          label={t('catalogue:provider.website')}
          hint={t('catalogue:profile.websiteHint')}
          spellCheck={false}
          defaultValue={value('website')}
          error={detailErrors.website}
        />
        <AreaAndLanguageChoices municipalities={view.municipalities} errors={detailErrors} checked={checked} />
        <button type="submit" className="button">
          {t('catalogue:profile.saveDetails')}
        </button>
      </form>

      <h2 id="invoicing-title">{t('invoicing:profile.title')}</h2>
      <p>{t('invoicing:profile.lead')}</p>
      <form method="post" action="/provider/profile" noValidate aria-labelledby="invoicing-title">
        <CsrfField />
        <input type="hidden" name="intent" value="invoicing" />
        <Field name="iban" label={t('invoicing:profile.iban')} hint={t('invoicing:profile.ibanHint')} autoComplete="off" spellCheck={false} defaultValue={invoicingValue('iban')} error={invoicingErrors.iban} />
        <Field name="bic" className="input input--short" label={t('invoicing:profile.bic')} hint={t('invoicing:profile.bicHint')} autoComplete="off" spellCheck={false} defaultValue={invoicingValue('bic')} error={invoicingErrors.bic} />
        <Field
          name="einvoiceAddress"
          label={t('invoicing:profile.einvoiceAddress')}
          hint={t('invoicing:profile.einvoiceAddressHint')}
          autoComplete="off"
          spellCheck={false}
          defaultValue={invoicingValue('einvoiceAddress')}
          error={invoicingErrors.einvoiceAddress}
        />
        <Field
          name="einvoiceOperator"
          label={t('invoicing:profile.einvoiceOperator')}
          hint={t('invoicing:profile.einvoiceOperatorHint')}
          autoComplete="off"
          spellCheck={false}
          defaultValue={invoicingValue('einvoiceOperator')}
          error={invoicingErrors.einvoiceOperator}
        />
        <button type="submit" className="button">
          {t('invoicing:profile.save')}
        </button>
      </form>

      <h2 id="prices-title">{t('catalogue:profile.pricesTitle')}</h2>
      <p>{t('catalogue:profile.pricesLead')}</p>
      <p>{t('catalogue:profile.addServiceHint')}</p>
      {view.upcoming.length > 0 ? (
        <div className="table-wrap" role="region" aria-labelledby="upcoming-caption" tabIndex={0}>
          <table>
            <caption id="upcoming-caption">{t('catalogue:profile.upcomingCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('catalogue:provider.service')}</th>
                <th scope="col" className="numeric">
                  {t('catalogue:provider.price')}
                </th>
                <th scope="col">{t('catalogue:admin.validFrom')}</th>
              </tr>
            </thead>
            <tbody>
              {view.upcoming.map((o) => (
                <tr key={`${o.serviceId}-${o.validFrom}`}>
                  <th scope="row">{localName(o, lang)}</th>
                  <td className="numeric">
                    {formatEuros(o.priceCents, lang)} / {t(keyFromData(`common:units.${o.unit}`))}
                  </td>
                  <td>{formatDate(o.validFrom, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {view.services.length === 0 ? (
        <p>{t('catalogue:profile.noServices')}</p>
      ) : (
        <form method="post" action="/provider/profile" noValidate aria-labelledby="prices-title">
          <CsrfField />
          <input type="hidden" name="intent" value="prices" />
          <Field
            name="validFrom"
            type="date"
            className="input input--short"
            label={t('catalogue:profile.validFrom')}
            hint={t('catalogue:profile.validFromHint')}
            min={view.today}
            defaultValue={priceValues.validFrom ?? view.today}
            error={priceErrors.validFrom}
          />
          <fieldset className={`field price-inputs${priceErrors.prices ? ' field--error' : ''}`} id="prices" aria-describedby={`prices-hint${priceErrors.prices ? ' prices-error' : ''}`}>
            <legend>{t('catalogue:profile.newPrices')}</legend>
            <p className="hint" id="prices-hint">
              {t('catalogue:profile.newPricesHint')}
            </p>
            {priceErrors.prices ? (
              <p id="prices-error" className="field-error">
                <span className="visually-hidden">{t('common:errors.prefix')}</span> {t(keyFromData(priceErrors.prices))}
              </p>
            ) : null}
            {view.services.map((service) => {
              const name = priceFieldName(service.id);
              return (
                <Field
                  key={service.id}
                  name={name}
                  inputMode="decimal"
                  autoComplete="off"
                  className="input input--short"
                  label={t('catalogue:apply.priceLabel', { service: localName(service, lang), unit: t(keyFromData(`common:units.${service.unit}`)) })}
                  hint={
                    service.current
                      ? t('catalogue:profile.currentPrice', { price: formatEuros(service.current.priceCents, lang) })
                      : t('catalogue:profile.notOffered')
                  }
                  defaultValue={priceValues[name] ?? ''}
                  error={priceErrors[name]}
                />
              );
            })}
          </fieldset>
          <button type="submit" className="button">
            {t('catalogue:profile.savePrices')}
          </button>
        </form>
      )}
    </div>
  );
}
