// The service catalogue: code, Finnish and Swedish names, unit. A new service can be added; a
// service nothing refers to can be deleted; one in use (prices, budget lines, ledger) can only be
// retired, and a retired one brought back.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { SERVICE_UNITS } from '../../../db/schema';
import { requireUser } from '../../auth/guards.server';
import { ActionButton, ChoiceGroup, CsrfField, ErrorSummary, Field, Select } from '../../components/forms';
import { addService, changeService, serviceCatalogue } from '../../domain/serviceCatalogue.server';
import { useT } from '../../i18n/i18n';
import { readForm, validateForm, type FieldErrors, type FormValues } from '../../utils/forms.server';
import { clientIp, fail } from '../../utils/http.server';
import { localName } from '../../i18n/localName';
import { isOneOf } from '../../utils/oneOf';

export const handle = { title: 'catalogue:services.title' };

const DONE = ['added', 'retire', 'reinstate', 'delete'] as const;

export function loader({ request }: LoaderFunctionArgs) {
  requireUser(request, ['admin']);
  const done = new URL(request.url).searchParams.get('done');
  return { services: serviceCatalogue(), done: isOneOf(DONE, done) ? done : null };
}

const addSchema = z.object({
  code: z
    .string('catalogue:services.errors.codeRequired')
    .trim()
    .min(1, 'catalogue:services.errors.codeRequired')
    .max(40, 'catalogue:services.errors.codeInvalid')
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'catalogue:services.errors.codeInvalid'),
  nameFi: z.string('catalogue:services.errors.nameRequired').trim().min(1, 'catalogue:services.errors.nameRequired').max(100, 'common:errors.tooLong'),
  nameSv: z.string('catalogue:services.errors.nameRequired').trim().min(1, 'catalogue:services.errors.nameRequired').max(100, 'common:errors.tooLong'),
  unit: z.enum(SERVICE_UNITS, 'catalogue:services.errors.unit'),
  category: z.enum(['hb', 'caregiver'], 'catalogue:services.errors.category'),
});

const changeSchema = z.object({
  intent: z.enum(['retire', 'reinstate', 'delete'], 'common:errors.invalid'),
  serviceId: z.coerce.number('common:errors.invalid').int('common:errors.invalid').positive('common:errors.invalid'),
});

type ActionResult = { errors: FieldErrors; values: FormValues };

export async function action({ request }: ActionFunctionArgs) {
  const user = requireUser(request, ['admin']);
  const form = await readForm(request);
  const actor = { userId: user.id, ip: clientIp(request) };
  if (form.get('intent') === 'add') {
    const parsed = validateForm(form, addSchema);
    if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
    const outcome = addService(actor, parsed.data);
    if (outcome.kind === 'duplicate') {
      return data<ActionResult>({ errors: { code: 'catalogue:services.errors.codeTaken' }, values: parsed.values }, { status: 400 });
    }
    return redirect('/admin/services?done=added', { status: 303 });
  }
  const parsed = validateForm(form, changeSchema);
  if (!parsed.ok) return data<ActionResult>({ errors: { form: 'common:errors.invalid' }, values: {} }, { status: 400 });
  const outcome = changeService(actor, parsed.data.serviceId, parsed.data.intent);
  if (outcome.kind === 'notFound') fail(404);
  if (outcome.kind === 'inUse') return data<ActionResult>({ errors: { form: 'catalogue:services.errors.inUse' }, values: {} }, { status: 409 });
  return redirect(`/admin/services?done=${parsed.data.intent}`, { status: 303 });
}

export default function AdminServices() {
  const { t, lang } = useT();
  const { services, done } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const addErrors = errors.form ? {} : errors;
  return (
    <>
      <ErrorSummary errors={errors} />
      {done ? (
        <div className="notice notice--success" role="status">
          <p>{t(`catalogue:services.done.${done}`)}</p>
        </div>
      ) : null}
      <h1>{t('catalogue:services.title')}</h1>
      <p className="lead">{t('catalogue:services.lead')}</p>
      <div className="table-wrap" role="region" aria-labelledby="services-caption" tabIndex={0}>
        <table className="services-table">
          <caption id="services-caption">{t('catalogue:services.caption', { count: services.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('catalogue:services.nameFi')}</th>
              <th scope="col">{t('catalogue:services.nameSv')}</th>
              <th scope="col">{t('catalogue:services.code')}</th>
              <th scope="col">{t('catalogue:services.unit')}</th>
              <th scope="col">{t('catalogue:services.state')}</th>
              <th scope="col">{t('catalogue:services.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {services.map((service) => (
              <tr key={service.id} className={service.retiredAt ? 'service--retired' : undefined}>
                <th scope="row" lang="fi">
                  {service.nameFi}
                </th>
                <td lang="sv">{service.nameSv}</td>
                <td>
                  <code>{service.code}</code>
                </td>
                <td>{t(`common:units.${service.unit}`)}</td>
                <td>
                  {t(service.retiredAt ? 'catalogue:services.retired' : 'catalogue:services.active')}
                  {service.inUse ? `, ${t('catalogue:services.inUse')}` : ''}
                </td>
                <td>
                  <div className="inline-actions">
                    {service.retiredAt ? (
                      <ActionButton action="/admin/services" intent="reinstate" values={{ serviceId: service.id }} className="button button--secondary">
                        {t('catalogue:services.reinstate', { name: localName(service, lang) })}
                      </ActionButton>
                    ) : (
                      <ActionButton action="/admin/services" intent="retire" values={{ serviceId: service.id }} className="button button--secondary">
                        {t('catalogue:services.retire', { name: localName(service, lang) })}
                      </ActionButton>
                    )}
                    {service.inUse ? null : (
                      <ActionButton action="/admin/services" intent="delete" values={{ serviceId: service.id }} className="button button--warning">
                        {t('catalogue:services.delete', { name: localName(service, lang) })}
                      </ActionButton>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{t('catalogue:services.addTitle')}</h2>
      <form method="post" action="/admin/services" noValidate className="narrow">
        <CsrfField />
        <input type="hidden" name="intent" value="add" />
        <Field
          name="code"
          label={t('catalogue:services.code')}
          hint={t('catalogue:services.codeHint')}
          className="input input--short"
          autoComplete="off"
          spellCheck={false}
          defaultValue={values.code ?? ''}
          error={addErrors.code}
        />
        <Field name="nameFi" lang="fi" label={t('catalogue:services.nameFi')} defaultValue={values.nameFi ?? ''} error={addErrors.nameFi} />
        <Field name="nameSv" lang="sv" label={t('catalogue:services.nameSv')} defaultValue={values.nameSv ?? ''} error={addErrors.nameSv} />
        <Select
          name="unit"
          label={t('catalogue:services.unit')}
          defaultValue={values.unit ?? 'hour'}
          error={addErrors.unit}
          options={SERVICE_UNITS.map((unit) => ({ value: unit, label: t(`common:units.${unit}`) }))}
        />
        <ChoiceGroup
          name="category"
          legend={t('catalogue:services.category')}
          error={addErrors.category}
          checked={[values.category ?? '']}
          choices={[
            { value: 'hb', label: t('catalogue:services.categories.hb') },
            { value: 'caregiver', label: t('catalogue:services.categories.caregiver') },
          ]}
        />
        <button type="submit" className="button">
          {t('catalogue:services.add')}
        </button>
      </form>
    </>
  );
}
