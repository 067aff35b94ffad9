import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { useActionData } from '@remix-run/react';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '../db.server';
import { ROLES, users } from '../../db/schema';
import { hashPassword } from '../auth/password.server';
import { requireUser, START_PAGES } from '../auth/roles.server';
import { CsrfField, ErrorSummary, Field } from '../components/forms';
import { audit } from '../domain/audit.server';
import { useT } from '../i18n/i18n';
import { readForm, validateForm } from '../utils/forms.server';
import { clientIp } from '../utils/http.server';

export const handle = { title: 'auth:password.title' };

const passwordSchema = z
  .object({
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
  const passwordHash = await hashPassword(result.data.password);
  const db = getDb();
  db.transaction((tx) => {
    tx.update(users).set({ passwordHash, mustChangePassword: false }).where(eq(users.id, user.id)).run();
    audit(tx, { actorUserId: user.id, action: 'auth.password_changed', subjectType: 'user', subjectId: user.id, ip: clientIp(request) });
  });
  return redirect(`${START_PAGES[user.role]}`, { status: 303 });
}

export default function ChangePassword() {
  const { t } = useT();
  const errors = useActionData<typeof action>()?.errors ?? {};
  return (
    <div className="narrow">
      <ErrorSummary errors={errors} />
      <h1>{t('auth:password.title')}</h1>
      <p>{t('auth:password.intro')}</p>
      <form method="post" action="/account/password" noValidate>
        <CsrfField />
        <Field name="password" type="password" autoComplete="new-password" label={t('auth:password.new')} hint={t('auth:password.hint')} error={errors.password} />
        <Field name="confirm" type="password" autoComplete="new-password" label={t('auth:password.confirm')} error={errors.confirm} />
        <button type="submit" className="button">
          {t('auth:password.submit')}
        </button>
      </form>
    </div>
  );
}
