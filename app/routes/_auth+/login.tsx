import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { useActionData, useSearchParams } from '@remix-run/react';
import { authenticator, SignInFailure } from '../../auth/auth.server';
import { START_PAGES, startPageFor } from '../../auth/roles.server';
import { hasSecondFactor, needsSecondFactor, startPendingSignIn } from '../../auth/secondFactor.server';
import { clearSessionCookie, createUserSession, destroySession, getSessionUser } from '../../auth/session.server';
import { CsrfField, ErrorSummary, Field } from '../../components/forms';
import { useT } from '../../i18n/i18n';
import { readForm, type FieldErrors, type FormValues } from '../../utils/forms.server';
import { clientIp, safeReturnPath } from '../../utils/http.server';

export const handle = { title: 'auth:login.title' };

export function loader({ request }: LoaderFunctionArgs) {
  const user = getSessionUser(request);
  if (user) throw redirect(START_PAGES[user.role], { status: 303 });
  return null;
}

type ActionResult = { errors: FieldErrors; values: FormValues };

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request.clone()); // size, encoding and CSRF checks
  try {
    const user = await authenticator.authenticate('form', request);
    destroySession(request); // a new session id at every sign-in
    if (needsSecondFactor(user)) {
      // No session yet: the code page (or enrolment) comes first.
      const redirectTo = form.get('redirectTo');
      const pending = startPendingSignIn(user.id, clientIp(request), typeof redirectTo === 'string' && redirectTo ? redirectTo : null);
      const headers = new Headers();
      headers.append('Set-Cookie', pending);
      headers.append('Set-Cookie', clearSessionCookie());
      return redirect(hasSecondFactor(user.id) ? '/auth/code' : '/auth/enrol', { status: 303, headers });
    }
    const cookie = createUserSession(user.id, clientIp(request));
    const asked = form.get('redirectTo');
    const target = startPageFor(user, asked ? safeReturnPath(asked, START_PAGES[user.role]) : null);
    return redirect(target, {
      status: 303,
      headers: { 'Set-Cookie': cookie },
    });
  } catch (error) {
    if (error instanceof SignInFailure) {
      const headers: Record<string, string> = error.retryAfterSeconds ? { 'Retry-After': String(error.retryAfterSeconds) } : {};
      return data<ActionResult>({ errors: error.errors, values: error.values }, { status: error.status === 401 ? 400 : error.status, headers });
    }
    throw error;
  }
}

export default function Login() {
  const { t } = useT();
  const result = useActionData<ActionResult>();
  const [params] = useSearchParams();
  const redirectTo = result?.values.redirectTo ?? params.get('redirectTo') ?? '';
  const errors = result?.errors ?? {};
  return (
    <div className="narrow">
      <ErrorSummary errors={errors} />
      <h1>{t('auth:login.title')}</h1>
      <h2>{t('auth:suomifi.heading')}</h2>
      <p>{t('auth:suomifi.text')}</p>
      <p>
        <a className="button" href="/auth/suomifi/login">
          {t('auth:suomifi.button')}
        </a>
      </p>
      <h3>{t('auth:suomifi.noEidTitle')}</h3>
      <p>{t('auth:suomifi.noEidText')}</p>
      <h2>{t('auth:suomifi.staffHeading')}</h2>
      <p>{t('auth:login.intro')}</p>
      <form method="post" action="/login" noValidate>
        <CsrfField />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          name="email"
          type="email"
          label={t('auth:login.email')}
          autoComplete="username"
          spellCheck={false}
          autoCapitalize="none"
          defaultValue={result?.values.email ?? ''}
          error={errors.email}
        />
        <Field
          name="password"
          type="password"
          label={t('auth:login.password')}
          autoComplete="current-password"
          error={errors.password}
        />
        <button type="submit" className="button">
          {t('auth:login.submit')}
        </button>
      </form>
      <h2>{t('auth:login.helpTitle')}</h2>
      <p>{t('auth:login.helpText')}</p>
    </div>
  );
}
