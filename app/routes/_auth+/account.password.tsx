import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { ROLES } from '../../../db/schema';
import { changeOwnPassword, passwordChangeSchema } from '../../auth/account.server';
import { requireUser } from '../../auth/guards.server';
import { START_PAGES } from '../../auth/roles.server';
import { CsrfField, ErrorSummary, Field } from '../../components/forms';
import { useT } from '../../i18n/i18n';
import { readForm, validateForm } from '../../utils/forms.server';
import { clientIp } from '../../utils/http.server';

export const handle = { title: 'auth:password.title' };

export function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request, ROLES);
  return { mustChange: user.mustChangePassword };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = requireUser(request, ROLES);
  const parsed = validateForm(await readForm(request), passwordChangeSchema);
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  const result = await changeOwnPassword(user, parsed.data, clientIp(request));
  if (result.kind === 'invalid') {
    const headers: Record<string, string> = result.retryAfterSeconds ? { 'Retry-After': String(result.retryAfterSeconds) } : {};
    return data({ errors: result.errors }, { status: result.status, headers });
  }
  return redirect(START_PAGES[user.role], { status: 303, headers: { 'Set-Cookie': result.cookie } });
}

export default function ChangePassword() {
  const { t } = useT();
  const errors: Record<string, string> = useActionData<typeof action>()?.errors ?? {};
  const { mustChange } = useLoaderData<typeof loader>();
  return (
    <div className="narrow">
      <ErrorSummary errors={errors} />
      <h1>{t('auth:password.title')}</h1>
      <p>{t('auth:password.intro')}</p>
      <form method="post" action="/account/password" noValidate>
        <CsrfField />
        {mustChange ? null : (
          <Field name="current" type="password" autoComplete="current-password" label={t('auth:password.current')} error={errors.current} />
        )}
        <Field name="password" type="password" autoComplete="new-password" label={t('auth:password.new')} hint={t('auth:password.hint')} error={errors.password} />
        <Field name="confirm" type="password" autoComplete="new-password" label={t('auth:password.confirm')} error={errors.confirm} />
        <button type="submit" className="button">
          {t('auth:password.submit')}
        </button>
      </form>
    </div>
  );
}
