// Link a representative to one of the worker's own clients: an existing representative by e-mail,
// or a new representative account.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { requireUser } from '../auth/roles.server';
import { CsrfField, ErrorSummary, Field } from '../components/forms';
import { linkRepresentative, linkSchema } from '../domain/clientAccounts.server';
import { clientRecord } from '../domain/clientRecords.server';
import { useT } from '../i18n/i18n';
import { readForm, validateForm, type FieldErrors, type FormValues } from '../utils/forms.server';
import { clientIp, fail } from '../utils/http.server';
import { idParam } from '../utils/worker.server';

export const handle = { title: 'backoffice:accounts.linkTitle' };

function requireOwn(request: Request, params: LoaderFunctionArgs['params']) {
  const user = requireUser(request, ['worker']);
  const client = clientRecord(user.id, idParam(params.id));
  if (!client) fail(404);
  return { user, client };
}

export function loader({ request, params }: LoaderFunctionArgs) {
  const { client } = requireOwn(request, params);
  return { client: { id: client.id, firstName: client.firstName, lastName: client.lastName, representatives: client.representatives } };
}

type ActionResult =
  | { kind: 'form'; errors: FieldErrors; values: FormValues }
  | { kind: 'created'; email: string; temporaryPassword: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, client } = requireOwn(request, params);
  const form = await readForm(request);
  const parsed = validateForm(form, linkSchema);
  if (!parsed.ok) return data<ActionResult>({ kind: 'form', errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = await linkRepresentative({ id: user.id, ip: clientIp(request) }, client.id, parsed.data);
  if (result.kind === 'notFound') fail(404);
  if (result.kind === 'invalid') return data<ActionResult>({ kind: 'form', errors: result.errors, values: parsed.values }, { status: 400 });
  if (!result.temporaryPassword) return redirect(`/worker/clients/${client.id}?done=representativeLinked#representatives-title`, { status: 303 });
  // A new representative's one-time password is shown once and never stored in clear.
  return data<ActionResult>({ kind: 'created', email: result.email, temporaryPassword: result.temporaryPassword }, { headers: { 'Cache-Control': 'no-store' } });
}

export default function LinkRepresentative() {
  const { t } = useT();
  const { client } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const name = `${client.firstName} ${client.lastName}`;
  if (result?.kind === 'created') {
    return (
      <div className="narrow">
        <div className="panel panel--confirmation" role="status">
          <h1 className="panel-title">{t('backoffice:notices.representativeLinked')}</h1>
          <div className="panel-body">
            <p>{t('backoffice:users.createdFor', { email: result.email })}</p>
            <p>
              {t('backoffice:users.temporaryPassword')} <strong className="receipt-number">{result.temporaryPassword}</strong>
            </p>
          </div>
        </div>
        <p>{t('backoffice:users.temporaryHint')}</p>
        <p>
          <Link to={`/worker/clients/${client.id}`}>{t('backoffice:client.backTo', { name })}</Link>
        </p>
      </div>
    );
  }
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  return (
    <div className="narrow">
      <p>
        <Link className="back-link" to={`/worker/clients/${client.id}`}>
          {t('backoffice:client.backTo', { name })}
        </Link>
      </p>
      <ErrorSummary errors={errors} />
      <h1>{t('backoffice:accounts.linkHeading', { name })}</h1>
      <p className="lead">{t('backoffice:accounts.linkLead')}</p>
      <form method="post" noValidate>
        <CsrfField />
        <Field name="email" type="email" label={t('backoffice:users.email')} autoComplete="off" spellCheck={false} defaultValue={values.email ?? ''} error={errors.email} />
        <Field name="relationship" label={t('backoffice:accounts.relationship')} hint={t('backoffice:accounts.relationshipHint')} defaultValue={values.relationship ?? ''} error={errors.relationship} />
        <fieldset className="field">
          <legend>{t('backoffice:accounts.newPerson')}</legend>
          <p className="hint">{t('backoffice:accounts.newPersonHint')}</p>
          <Field name="firstName" label={t('backoffice:users.firstName')} autoComplete="off" defaultValue={values.firstName ?? ''} error={errors.firstName} />
          <Field name="lastName" label={t('backoffice:users.lastName')} autoComplete="off" defaultValue={values.lastName ?? ''} error={errors.lastName} />
        </fieldset>
        <button type="submit" className="button">
          {t('backoffice:accounts.link')}
        </button>
      </form>
    </div>
  );
}
