// Link a representative to one of the worker's own clients: an existing representative by e-mail,
// by identity code, or a new representative (who signs in with Suomi.fi; no password is made). Also
// where access ends: unlink a representative, deactivate or reactivate a representative (only a
// login whose every client is this worker's own; a shared one is 409).
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { requireOwnClient } from '../../auth/guards.server';
import { ActionButton, ChoiceGroup, CsrfField, ErrorSummary, Field } from '../../components/forms';
import { REPRESENTATION_BASES } from '../../../db/schema';
import { formatDate } from '../../i18n/format';
import {
  clientLogins,
  linkRepresentative,
  linkSchema,
  loginActionSchema,
  setRepresentativeActive,
  unlinkRepresentative,
} from '../../domain/clientAccounts.server';
import { useT } from '../../i18n/i18n';
import { readForm, validateForm, type FieldErrors, type FormValues } from '../../utils/forms.server';
import { fail } from '../../utils/http.server';

export const handle = { title: 'backoffice:accounts.manageTitle' };

const DONE = ['representativeUnlinked', 'representativeDeactivated', 'representativeReactivated'] as const;
type Done = (typeof DONE)[number];

export function loader({ request, params }: LoaderFunctionArgs) {
  const { user, client } = requireOwnClient(request, params.id, 'representatives');
  const done = new URL(request.url).searchParams.get('done');
  const logins = clientLogins(client.id, user.id);
  return {
    client: { id: client.id, firstName: client.firstName, lastName: client.lastName },
    login: logins.login,
    representatives: logins.representatives,
    done: DONE.includes(done as Done) ? (done as Done) : null,
  };
}

type ActionResult = { kind: 'form'; errors: FieldErrors; values: FormValues };

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, client } = requireOwnClient(request, params.id, 'representatives');
  const form = await readForm(request);
  if (form.has('intent')) {
    // Unlink, deactivate, reactivate: one login of this client's, else 404.
    const parsed = validateForm(form, loginActionSchema);
    if (!parsed.ok) {
      const error = parsed.errors.confirm && Object.keys(parsed.errors).length === 1 ? parsed.errors.confirm : 'common:errors.invalid';
      return data<ActionResult>({ kind: 'form', errors: { form: error }, values: {} }, { status: 400 });
    }
    const { intent, userId, confirm } = parsed.data;
    const back = `/worker/clients/${client.id}/representatives`;
    if (intent === 'unlink') {
      if (confirm !== 'yes') return data<ActionResult>({ kind: 'form', errors: { form: 'backoffice:accounts.errors.notConfirmed' }, values: {} }, { status: 400 });
      if (unlinkRepresentative(actor, client.id, userId) === 'notFound') fail(404);
      return redirect(`${back}?done=representativeUnlinked`, { status: 303 });
    }
    // A login that also reaches another worker's client is not this worker's to turn off.
    const result = setRepresentativeActive(actor, client.id, userId, intent === 'reactivate');
    if (result === 'notFound') fail(404);
    if (result === 'shared') return data<ActionResult>({ kind: 'form', errors: { form: 'backoffice:accounts.errors.sharedLogin' }, values: {} }, { status: 409 });
    return redirect(`${back}?done=${intent === 'reactivate' ? 'representativeReactivated' : 'representativeDeactivated'}`, { status: 303 });
  }
  const parsed = validateForm(form, linkSchema);
  if (!parsed.ok) return data<ActionResult>({ kind: 'form', errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = await linkRepresentative(actor, client.id, parsed.data);
  if (result.kind === 'notFound') fail(404);
  if (result.kind === 'invalid') return data<ActionResult>({ kind: 'form', errors: result.errors, values: parsed.values }, { status: 400 });
  return redirect(`/worker/clients/${client.id}?done=representativeLinked#representatives-title`, { status: 303 });
}

export default function LinkRepresentative() {
  const { t, lang } = useT();
  const { client, login, representatives, done } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const name = `${client.firstName} ${client.lastName}`;
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
      {done ? (
        <div className="notice notice--success" role="status">
          <p>{t(`backoffice:notices.${done}`)}</p>
        </div>
      ) : null}
      <h1>{t('backoffice:accounts.manageHeading', { name })}</h1>

      <section aria-labelledby="client-login-title">
        <h2 id="client-login-title">{t('backoffice:accounts.clientLogin')}</h2>
        {login ? (
          <>
            <p>
              {t('backoffice:accounts.suomifiLogin')}: {t(login.active ? 'backoffice:users.active' : 'backoffice:users.inactive')}
              {login.email ? ` (${login.email})` : ''}
            </p>
            {login.shared ? <p className="hint">{t('backoffice:accounts.sharedLoginHint')}</p> : null}
          </>
        ) : (
          <p>{t('backoffice:client.noLogin')}</p>
        )}
      </section>

      <section aria-labelledby="linked-title">
        <h2 id="linked-title">{t('backoffice:client.representatives')}</h2>
        {representatives.length === 0 ? (
          <p>{t('backoffice:client.noRepresentatives')}</p>
        ) : (
          <ul className="plain-list">
            {representatives.map((rep) => {
              const repName = `${rep.firstName} ${rep.lastName}`;
              return (
                <li key={rep.userId}>
                  <h3>
                    {repName}
                    {rep.relationship ? ` (${rep.relationship})` : ''}
                  </h3>
                  <p>
                    {t('backoffice:accounts.validity', {
                      basis: t(`backoffice:accounts.basis.${rep.basis}`),
                      from: rep.validFrom ? formatDate(rep.validFrom, lang) : t('backoffice:accounts.validityStart'),
                      until: rep.validUntil ? formatDate(rep.validUntil, lang) : t('backoffice:accounts.validityOpen'),
                    })}
                    {rep.decisionDate ? ` (${t('backoffice:accounts.decisionDate')} ${formatDate(rep.decisionDate, lang)})` : ''}
                  </p>
                  <p>
                    {t('backoffice:accounts.suomifiLogin')}: {t(rep.active ? 'backoffice:users.active' : 'backoffice:users.inactive')}
                    {rep.email ? ` (${rep.email})` : ''}
                  </p>
                  <p className="hint">{t(rep.shared ? 'backoffice:accounts.sharedLoginHint' : 'backoffice:accounts.loginHint')}</p>
                  {rep.shared ? null : (
                    <div className="inline-actions">
                      {rep.active ? (
                        <ActionButton intent="deactivate" values={{ userId: rep.userId }} className="link-button">
                          {t('backoffice:users.deactivate', { name: repName })}
                        </ActionButton>
                      ) : (
                        <ActionButton intent="reactivate" values={{ userId: rep.userId }} className="link-button">
                          {t('backoffice:accounts.reactivate', { name: repName })}
                        </ActionButton>
                      )}
                    </div>
                  )}
                  <form method="post">
                    <CsrfField />
                    <input type="hidden" name="userId" value={rep.userId} />
                    <input type="hidden" name="intent" value="unlink" />
                    <div className="choice">
                      <input type="checkbox" id={`confirm-unlink-${rep.userId}`} name="confirm" value="yes" required />
                      <label htmlFor={`confirm-unlink-${rep.userId}`}>{t('backoffice:accounts.confirmUnlink', { representative: repName, client: name })}</label>
                    </div>
                    <button type="submit" className="button button--secondary">
                      {t('backoffice:accounts.unlink', { name: repName })}
                    </button>
                  </form>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <h2>{t('backoffice:accounts.linkHeading', { name })}</h2>
      <p className="lead">{t('backoffice:accounts.linkLead')}</p>
      <form method="post" noValidate>
        <CsrfField />
        <Field name="nationalId" label={t('backoffice:accounts.nationalId')} hint={t('backoffice:accounts.representativeNationalIdHint')} autoComplete="off" spellCheck={false} defaultValue={values.nationalId ?? ''} error={errors.nationalId} />
        <Field name="relationship" label={t('backoffice:accounts.relationship')} hint={t('backoffice:accounts.relationshipHint')} defaultValue={values.relationship ?? ''} error={errors.relationship} />
        <ChoiceGroup
          name="basis"
          legend={t('backoffice:accounts.basisLegend')}
          hint={t('backoffice:accounts.basisHint')}
          error={errors.basis}
          choices={REPRESENTATION_BASES.map((basis) => ({ value: basis, label: t(`backoffice:accounts.basis.${basis}`) }))}
          checked={values.basis ? [values.basis] : []}
        />
        <fieldset className="field">
          <legend>{t('backoffice:accounts.validityLegend')}</legend>
          <Field name="decisionDate" label={t('backoffice:accounts.decisionDate')} hint={t('backoffice:accounts.decisionDateHint')} inputMode="numeric" autoComplete="off" defaultValue={values.decisionDate ?? ''} error={errors.decisionDate} />
          <Field name="validFrom" label={t('backoffice:accounts.validFrom')} hint={t('backoffice:accounts.validFromHint')} inputMode="numeric" autoComplete="off" defaultValue={values.validFrom ?? ''} error={errors.validFrom} />
          <Field name="validUntil" label={t('backoffice:accounts.validUntil')} hint={t('backoffice:accounts.validUntilHint')} inputMode="numeric" autoComplete="off" defaultValue={values.validUntil ?? ''} error={errors.validUntil} />
        </fieldset>
        <fieldset className="field">
          <legend>{t('backoffice:accounts.newPerson')}</legend>
          <p className="hint">{t('backoffice:accounts.newPersonHint')}</p>
          <Field name="firstName" label={t('backoffice:users.firstName')} autoComplete="off" defaultValue={values.firstName ?? ''} error={errors.firstName} />
          <Field name="lastName" label={t('backoffice:users.lastName')} autoComplete="off" defaultValue={values.lastName ?? ''} error={errors.lastName} />
          <Field name="email" type="email" label={t('backoffice:accounts.contactEmail')} hint={t('backoffice:accounts.contactEmailHint')} autoComplete="off" spellCheck={false} defaultValue={values.email ?? ''} error={errors.email} />
        </fieldset>
        <button type="submit" className="button">
          {t('backoffice:accounts.link')}
        </button>
      </form>
    </div>
  );
}
