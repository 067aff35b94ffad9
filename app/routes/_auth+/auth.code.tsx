// The second step of a worker's or administrator's sign-in: the code from the authenticator app
// (or a recovery code). Reachable only with a pending sign-in (app/auth/secondFactor.server.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData } from '@remix-run/react';
import { START_PAGES } from '../../auth/roles.server';
import { afterSignIn, codeSchema, hasSecondFactor, pendingSignIn, signedInHeaders, verifyCode } from '../../auth/secondFactor.server';
import { getSessionUser } from '../../auth/session.server';
import { CsrfField, ErrorSummary, Field } from '../../components/forms';
import { useT } from '../../i18n/i18n';
import { readForm, validateForm, type FieldErrors, type FormValues } from '../../utils/forms.server';
import { clientIp } from '../../utils/http.server';

export const handle = { title: 'auth:code.title' };

/** The pending sign-in with a factor to check; anyone else is sent where they belong. */
function requirePendingWithFactor(request: Request) {
  const user = getSessionUser(request);
  if (user) throw redirect(START_PAGES[user.role], { status: 303 });
  const pending = pendingSignIn(request);
  if (!pending) throw redirect('/login', { status: 303 });
  if (!hasSecondFactor(pending.userId)) throw redirect('/auth/enrol', { status: 303 });
  return pending;
}

export function loader({ request }: LoaderFunctionArgs) {
  requirePendingWithFactor(request);
  return data(null, { headers: { 'Cache-Control': 'no-store' } });
}

type ActionResult = { errors: FieldErrors; values: FormValues };

export async function action({ request }: ActionFunctionArgs) {
  // The form is checked first (size, encoding, CSRF, fields), so bad input is 4xx whoever sends it.
  const parsed = validateForm(await readForm(request), codeSchema);
  if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const pending = requirePendingWithFactor(request);
  const ip = clientIp(request);
  const result = verifyCode(pending, parsed.data.code, ip);
  if (result.kind === 'refused') {
    const headers: Record<string, string> = result.retryAfterSeconds ? { 'Retry-After': String(result.retryAfterSeconds) } : {};
    return data<ActionResult>({ errors: result.errors, values: parsed.values }, { status: result.status, headers });
  }
  return redirect(afterSignIn(pending.user.role, result.redirectTo), { status: 303, headers: signedInHeaders(result.userId, ip) });
}

export default function SecondFactorCode() {
  const { t } = useT();
  const result = useActionData<ActionResult>();
  const errors = result?.errors ?? {};
  return (
    <div className="narrow">
      <ErrorSummary errors={errors} />
      <h1>{t('auth:code.title')}</h1>
      <p>{t('auth:code.intro')}</p>
      <form method="post" action="/auth/code" noValidate>
        <CsrfField />
        <Field
          name="code"
          label={t('auth:code.label')}
          hint={t('auth:code.hint')}
          autoComplete="one-time-code"
          inputMode="text"
          spellCheck={false}
          autoCapitalize="none"
          className="input input--short"
          defaultValue={result?.values.code ?? ''}
          error={errors.code}
        />
        <button type="submit" className="button">
          {t('auth:code.submit')}
        </button>
      </form>
      <p>{t('auth:code.expires')}</p>
      <p>
        <Link to="/login">{t('auth:code.restart')}</Link>
      </p>
      <h2>{t('auth:code.lostTitle')}</h2>
      <p>{t('auth:code.lostText')}</p>
    </div>
  );
}
