// Staff accounts: who works in Avain, deactivate an account, reset a password.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { actorOf, requireUser } from '../../auth/guards.server';
import { ActionButton, ErrorSummary } from '../../components/forms';
import { deactivateUser, resetPassword, staffUsers } from '../../domain/adminUsers.server';
import { enrolledUserIds, needsSecondFactor, resetSecondFactor } from '../../auth/secondFactor.server';
import { useT } from '../../i18n/i18n';
import { readForm, validateForm, type FieldErrors } from '../../utils/forms.server';

export const handle = { title: 'backoffice:users.title' };

export function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request, ['admin']);
  const done = new URL(request.url).searchParams.get('done');
  const enrolled = enrolledUserIds();
  return {
    selfId: user.id,
    users: staffUsers().map((staff) => ({ ...staff, secondFactor: needsSecondFactor(staff) ? enrolled.has(staff.id) : null })),
    done: done === 'deactivated' || done === 'secondFactorReset' ? done : null,
  };
}

const userActionSchema = z.object({
  intent: z.enum(['deactivate', 'reset', 'resetSecondFactor'], 'common:errors.invalid'),
  userId: z.coerce.number('common:errors.invalid').int('common:errors.invalid').positive('common:errors.invalid'),
});

type ActionResult = { errors: FieldErrors; reset?: { email: string; temporaryPassword: string } };

export async function action({ request }: ActionFunctionArgs) {
  const admin = requireUser(request, ['admin']);
  const actor = actorOf(admin, request);
  const form = await readForm(request);
  const parsed = validateForm(form, userActionSchema);
  if (!parsed.ok) return data<ActionResult>({ errors: { form: 'common:errors.invalid' } }, { status: 400 });
  const { intent, userId } = parsed.data;
  if (intent === 'resetSecondFactor') {
    const result = resetSecondFactor(actor, userId);
    if (result === 'reset') return redirect('/admin/users?done=secondFactorReset', { status: 303 });
    const key = result === 'self' ? 'selfSecondFactor' : result;
    return data<ActionResult>({ errors: { form: `backoffice:users.errors.${key}` } }, { status: result === 'notFound' ? 404 : 400 });
  }
  if (intent === 'deactivate') {
    const result = deactivateUser(actor, userId);
    if (result === 'deactivated') return redirect('/admin/users?done=deactivated', { status: 303 });
    return data<ActionResult>({ errors: { form: `backoffice:users.errors.${result}` } }, { status: result === 'notFound' ? 404 : 400 });
  }
  const result = await resetPassword(actor, userId);
  if (result.kind !== 'reset') return data<ActionResult>({ errors: { form: `backoffice:users.errors.${result.kind}` } }, { status: result.kind === 'notFound' ? 404 : 400 });
  // Shown once, in the answer to this POST, and never stored: no redirect, no cookie.
  return data<ActionResult>({ errors: {}, reset: { email: result.email, temporaryPassword: result.temporaryPassword } }, { headers: { 'Cache-Control': 'no-store' } });
}

export default function AdminUsers() {
  const { t } = useT();
  const { selfId, users, done } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  return (
    <>
      <ErrorSummary errors={result?.errors} />
      {done ? (
        <div className="notice notice--success" role="status">
          <p>{t(done === 'deactivated' ? 'backoffice:users.deactivatedDone' : 'backoffice:users.secondFactorResetDone')}</p>
        </div>
      ) : null}
      {result?.reset ? (
        <div className="notice notice--success" role="status">
          <p>{t('backoffice:users.resetDone', { email: result.reset.email })}</p>
          <p>
            {t('backoffice:users.temporaryPassword')} <strong className="receipt-number">{result.reset.temporaryPassword}</strong>
          </p>
          <p>{t('backoffice:users.temporaryHint')}</p>
        </div>
      ) : null}
      <h1>{t('backoffice:users.title')}</h1>
      <p className="lead">{t('backoffice:users.lead')}</p>
      <p>
        <Link className="button" to="/admin/users/new">
          {t('backoffice:users.new')}
        </Link>
      </p>
      <div className="table-wrap" role="region" aria-labelledby="users-caption" tabIndex={0}>
        <table>
          <caption id="users-caption">{t('backoffice:users.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('pages:people.name')}</th>
              <th scope="col">{t('backoffice:users.email')}</th>
              <th scope="col">{t('backoffice:users.role')}</th>
              <th scope="col">{t('backoffice:users.state')}</th>
              <th scope="col">{t('backoffice:users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => {
              const name = `${user.firstName} ${user.lastName}`;
              return (
                <tr key={user.id}>
                  <th scope="row">{name}</th>
                  <td>{user.email}</td>
                  <td>
                    {t(`backoffice:roles.${user.role}`)}
                    {user.providerName ? `, ${user.providerName}` : ''}
                  </td>
                  <td>
                    {t(user.active ? 'backoffice:users.active' : 'backoffice:users.inactive')}
                    {user.active && user.mustChangePassword ? `, ${t('backoffice:users.mustChange')}` : ''}
                    {user.secondFactor === null ? '' : `, ${t(user.secondFactor ? 'backoffice:users.secondFactorOn' : 'backoffice:users.secondFactorOff')}`}
                  </td>
                  <td>
                    {user.active && user.id !== selfId ? (
                      <div className="inline-actions">
                        <ActionButton action="/admin/users" intent="reset" values={{ userId: user.id }} className="link-button">
                          {t('backoffice:users.reset', { name })}
                        </ActionButton>
                        {user.secondFactor ? (
                          <ActionButton action="/admin/users" intent="resetSecondFactor" values={{ userId: user.id }} className="link-button">
                            {t('backoffice:users.resetSecondFactor', { name })}
                          </ActionButton>
                        ) : null}
                        <ActionButton action="/admin/users" intent="deactivate" values={{ userId: user.id }} className="link-button">
                          {t('backoffice:users.deactivate', { name })}
                        </ActionButton>
                      </div>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
