// A worker adds a new client, who becomes one of their own clients; optionally with a login.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { actorOf, requireUser } from '../../auth/guards.server';
import { ChoiceGroup, CsrfField, ErrorSummary, Field, Select } from '../../components/forms';
import { createClient, municipalityChoices, newClientSchema } from '../../domain/clientAccounts.server';
import { useT } from '../../i18n/i18n';
import { readForm, validateForm, type FieldErrors, type FormValues } from '../../utils/forms.server';
import { localName } from '../../i18n/localName';

export const handle = { title: 'backoffice:accounts.newClientTitle' };

export function loader({ request }: LoaderFunctionArgs) {
  requireUser(request, ['worker']);
  return { municipalities: municipalityChoices() };
}

type ActionResult = { kind: 'form'; errors: FieldErrors; values: FormValues };

export async function action({ request }: ActionFunctionArgs) {
  const user = requireUser(request, ['worker']);
  const form = await readForm(request);
  const parsed = validateForm(form, newClientSchema);
  if (!parsed.ok) return data<ActionResult>({ kind: 'form', errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = await createClient(actorOf(user, request), parsed.data);
  if (result.kind === 'invalid') return data<ActionResult>({ kind: 'form', errors: result.errors, values: parsed.values }, { status: 400 });
  return redirect(`/worker/clients/${result.clientId}?done=clientCreated`, { status: 303 });
}

export default function NewClient() {
  const { t, lang } = useT();
  const { municipalities } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  return (
    <div className="narrow">
      <p>
        <Link className="back-link" to="/worker">
          {t('backoffice:client.back')}
        </Link>
      </p>
      <ErrorSummary errors={errors} />
      <h1>{t('backoffice:accounts.newClientTitle')}</h1>
      <p className="lead">{t('backoffice:accounts.newClientLead')}</p>
      <form method="post" action="/worker/clients/new" noValidate>
        <CsrfField />
        <Field name="firstName" label={t('backoffice:users.firstName')} autoComplete="off" defaultValue={values.firstName ?? ''} error={errors.firstName} />
        <Field name="lastName" label={t('backoffice:users.lastName')} autoComplete="off" defaultValue={values.lastName ?? ''} error={errors.lastName} />
        <Field name="phone" type="tel" label={t('backoffice:client.phone')} hint={t('backoffice:accounts.phoneHint')} autoComplete="off" defaultValue={values.phone ?? ''} error={errors.phone} />
        <Select
          name="municipalityCode"
          label={t('pages:people.municipality')}
          error={errors.municipalityCode}
          defaultValue={values.municipalityCode ?? ''}
          options={[{ value: '', label: t('backoffice:accounts.chooseMunicipality') }, ...municipalities.map((m) => ({ value: m.code, label: localName(m, lang) }))]}
        />
        <ChoiceGroup
          name="language"
          legend={t('pages:people.language')}
          error={errors.language}
          checked={[values.language ?? 'fi']}
          choices={[
            { value: 'fi', label: t('common:languages.fi') },
            { value: 'sv', label: t('common:languages.sv') },
          ]}
        />
        <ChoiceGroup
          name="group"
          legend={t('pages:people.group')}
          hint={t('backoffice:accounts.groupHint')}
          error={errors.group}
          checked={[values.group ?? '']}
          choices={[
            { value: 'hb', label: t('pages:people.groups.hb') },
            { value: 'comparison', label: t('pages:people.groups.comparison') },
          ]}
        />
        <Field name="nationalId" label={t('backoffice:accounts.nationalId')} hint={t('backoffice:accounts.nationalIdHint')} autoComplete="off" spellCheck={false} defaultValue={values.nationalId ?? ''} error={errors.nationalId} />
        <Field name="email" type="email" label={t('backoffice:accounts.clientEmail')} hint={t('backoffice:accounts.clientEmailHint')} autoComplete="off" spellCheck={false} defaultValue={values.email ?? ''} error={errors.email} />
        <button type="submit" className="button">
          {t('backoffice:accounts.createClient')}
        </button>
      </form>
    </div>
  );
}
