import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '../db.server';
import { ROLES, users } from '../../db/schema';
import { hashPassword, verifyPassword } from '../auth/password.server';
import { createUserSession, endAllSessionsOf } from '../auth/session.server';
import { requireUser } from '../auth/guards.server';
import { START_PAGES } from '../auth/roles.server';
import { CsrfField, ErrorSummary, Field } from '../components/forms';
import { audit } from '../domain/audit.server';
import { useT } from '../i18n/i18n';
import { readForm, validateForm } from '../utils/forms.server';
import { clientIp } from '../utils/http.server';

export const handle = { title: 'auth:password.title' };

const passwordSchema = z
  .object({
    current: z.string().max(1024, 'auth:errors.passwordTooLong').optional(),
    password: z.string().min(12, 'auth:errors.passwordTooShort').max(1024, 'auth:errors.passwordTooLong'),
    confirm: z.string().min(1, 'auth:errors.confirmRequired'),
  })
  .refine((form) => form.password === form.confirm, { message: 'auth:errors.passwordsDiffer', path: ['confirm'] });

export function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request, ROLES);
  return { mustChange: user.mustChangePassword };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = requireUser(request, ROLES);
  const result = validateForm(await readForm(request), passwordSchema);
  if (!result.ok) return data({ errors: result.errors }, { status: 400 });
  // Someone who finds a signed-in tablet must not be able to take the account over.
  if (!user.mustChangePassword && !(await verifyPassword(user.passwordHash, result.data.current ?? ''))) {
    return data({ errors: { current: 'auth:errors.currentWrong' } }, { status: 400 });
  }
  const passwordHash = await hashPassword(result.data.password);
  const db = getDb();
  db.transaction((tx) => {
    tx.update(users).set({ passwordHash, mustChangePassword: false }).where(eq(users.id, user.id)).run();
    audit(tx, { actorUserId: user.id, action: 'auth.password_changed', subjectType: 'user', subjectId: user.id, ip: clientIp(request) });
  });
  // Every other session of this user ends; this one continues under a new id.
  endAllSessionsOf(user.id);
  const cookie = createUserSession(user.id, clientIp(request));
  return redirect(`${START_PAGES[user.role]}`, { status: 303, headers: { 'Set-Cookie': cookie } });
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
