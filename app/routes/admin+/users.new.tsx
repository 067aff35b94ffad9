// A new staff account: worker, provider staff or administrator, with a one-time password.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { actorOf, requireUser } from '../../auth/guards.server';
import { ChoiceGroup, CsrfField, ErrorSummary, Field, Select } from '../../components/forms';
import { createStaffUser, newUserSchema, providerChoices, STAFF_ROLES } from '../../domain/adminUsers.server';
import { TemporaryPasswordPanel } from '../../components/backoffice';
import { useT } from '../../i18n/i18n';
import { readForm, validateForm, type FieldErrors, type FormValues } from '../../utils/forms.server';

export const handle = { title: 'backoffice:users.newTitle' };

export function loader({ request }: LoaderFunctionArgs) {
  requireUser(request, ['admin']);
  return { providers: providerChoices() };
}

type ActionResult =
  | { kind: 'form'; errors: FieldErrors; values: FormValues }
  | { kind: 'created'; email: string; temporaryPassword: string };

export async function action({ request }: ActionFunctionArgs) {
  const admin = requireUser(request, ['admin']);
  const form = await readForm(request);
  const parsed = validateForm(form, newUserSchema);
  if (!parsed.ok) return data<ActionResult>({ kind: 'form', errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = await createStaffUser(actorOf(admin, request), parsed.data);
  if (result.kind === 'invalid') return data<ActionResult>({ kind: 'form', errors: result.errors, values: parsed.values }, { status: 400 });
  // The temporary password is shown once in the answer to this POST and never stored in clear.
  return data<ActionResult>({ kind: 'created', email: parsed.data.email, temporaryPassword: result.temporaryPassword }, { headers: { 'Cache-Control': 'no-store' } });
}

export default function NewUser() {
  const { t } = useT();
  const { providers } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  if (result?.kind === 'created') {
    return (
      <TemporaryPasswordPanel
        title={t('backoffice:users.createdTitle')}
        text={t('backoffice:users.createdFor', { email: result.email })}
        password={result.temporaryPassword}
        back={{ to: '/admin/users', label: t('backoffice:users.back') }}
      />
    );
  }
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  return (
    <div className="narrow">
      <p>
        <Link className="back-link" to="/admin/users">
          {t('backoffice:users.back')}
        </Link>
      </p>
      <ErrorSummary errors={errors} />
      <h1>{t('backoffice:users.newTitle')}</h1>
      <form method="post" action="/admin/users/new" noValidate>
        <CsrfField />
        <Field name="firstName" label={t('backoffice:users.firstName')} autoComplete="off" defaultValue={values.firstName ?? ''} error={errors.firstName} />
        <Field name="lastName" label={t('backoffice:users.lastName')} autoComplete="off" defaultValue={values.lastName ?? ''} error={errors.lastName} />
        <Field name="email" type="email" label={t('backoffice:users.email')} autoComplete="off" spellCheck={false} defaultValue={values.email ?? ''} error={errors.email} />
        <ChoiceGroup
          name="role"
          legend={t('backoffice:users.role')}
          error={errors.role}
          checked={[values.role ?? '']}
          choices={STAFF_ROLES.map((role) => ({ value: role, label: t(`backoffice:roles.${role}`) }))}
        />
        <Select
          name="providerId"
          label={t('backoffice:users.provider')}
          hint={t('backoffice:users.providerHint')}
          error={errors.providerId}
          defaultValue={values.providerId ?? ''}
          options={[{ value: '', label: t('backoffice:users.noProvider') }, ...providers.map((p) => ({ value: String(p.id), label: p.name }))]}
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
        <button type="submit" className="button">
          {t('backoffice:users.create')}
        </button>
      </form>
    </div>
  );
}
