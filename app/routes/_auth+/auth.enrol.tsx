// Enrolment of the second factor at a worker's or administrator's first sign-in (or after an
// administrator reset it): a QR code drawn on the server as SVG and the same secret typed out,
// confirmed by a first code; then the recovery codes, shown once in the answer to that POST.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { START_PAGES } from '../../auth/roles.server';
import { afterSignIn, codeSchema, confirmEnrolment, enrolment, groupedSecret, hasSecondFactor, pendingSignIn, signedInHeaders } from '../../auth/secondFactor.server';
import { getSessionUser } from '../../auth/session.server';
import { CsrfField, ErrorSummary, Field } from '../../components/forms';
import { useT } from '../../i18n/i18n';
import { readForm, validateForm, type FieldErrors, type FormValues } from '../../utils/forms.server';
import { clientIp } from '../../utils/http.server';

export const handle = { title: 'auth:enrol.title' };

/** The pending sign-in of someone with no factor yet; anyone else is sent where they belong. */
function requirePendingWithoutFactor(request: Request) {
  const user = getSessionUser(request);
  if (user) throw redirect(START_PAGES[user.role], { status: 303 });
  const pending = pendingSignIn(request);
  if (!pending) throw redirect('/login', { status: 303 });
  if (hasSecondFactor(pending.userId)) throw redirect('/auth/code', { status: 303 });
  return pending;
}

async function enrolmentView(pending: ReturnType<typeof requirePendingWithoutFactor>) {
  const { secret, qrSvg } = await enrolment(pending);
  return { secret: groupedSecret(secret), qrSvg, email: pending.user.email };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = getSessionUser(request);
  if (user) throw redirect(START_PAGES[user.role], { status: 303 });
  // After a successful POST the loader runs with the request's old cookies and the pending sign-in
  // already ended; the page then shows the action's recovery codes. A plain GET gets "sign in again".
  const pending = pendingSignIn(request);
  if (!pending) return data({ kind: 'gone' as const }, { headers: { 'Cache-Control': 'no-store' } });
  if (hasSecondFactor(pending.userId)) throw redirect('/auth/code', { status: 303 });
  return data({ kind: 'enrol' as const, ...(await enrolmentView(pending)) }, { headers: { 'Cache-Control': 'no-store' } });
}

// The session and pending-sign-in cookies set by the action must reach the browser.
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => {
  const merged = new Headers(loaderHeaders);
  actionHeaders.forEach((value, name) => (name === 'set-cookie' ? undefined : merged.set(name, value)));
  for (const cookie of actionHeaders.getSetCookie()) merged.append('Set-Cookie', cookie);
  return merged;
};

type ActionResult =
  | { kind: 'error'; errors: FieldErrors; values: FormValues }
  | { kind: 'enrolled'; recoveryCodes: string[]; next: string };

export async function action({ request }: ActionFunctionArgs) {
  // The form is checked first (size, encoding, CSRF, fields), so bad input is 4xx whoever sends it.
  const parsed = validateForm(await readForm(request), codeSchema);
  if (!parsed.ok) return data<ActionResult>({ kind: 'error', errors: parsed.errors, values: parsed.values }, { status: 400 });
  const pending = requirePendingWithoutFactor(request);
  const ip = clientIp(request);
  const result = confirmEnrolment(pending, parsed.data.code, ip);
  if (result.kind === 'refused') {
    const headers: Record<string, string> = result.retryAfterSeconds ? { 'Retry-After': String(result.retryAfterSeconds) } : {};
    return data<ActionResult>({ kind: 'error', errors: result.errors, values: parsed.values }, { status: result.status, headers });
  }
  // Shown once, in the answer to this POST, and never stored in clear: no redirect.
  return data<ActionResult>(
    { kind: 'enrolled', recoveryCodes: result.recoveryCodes, next: afterSignIn(pending.user.role, result.redirectTo) },
    { headers: signedInHeaders(result.userId, ip) },
  );
}

export default function SecondFactorEnrolment() {
  const { t } = useT();
  const view = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  if (result?.kind === 'enrolled') {
    return (
      <div className="narrow">
        <div className="notice notice--success" role="status">
          <h1>{t('auth:enrol.doneTitle')}</h1>
        </div>
        <p>{t('auth:enrol.recoveryIntro')}</p>
        <h2 id="recovery-title">{t('auth:enrol.recoveryTitle')}</h2>
        <ul aria-labelledby="recovery-title" className="recovery-codes">
          {result.recoveryCodes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ul>
        <p>
          <Link className="button" to={result.next}>
            {t('auth:enrol.continue')}
          </Link>
        </p>
      </div>
    );
  }
  if (view.kind === 'gone') {
    return (
      <div className="narrow">
        <h1>{t('auth:enrol.title')}</h1>
        <p>{t('auth:errors.codeExpired')}</p>
        <p>
          <Link to="/login">{t('auth:login.title')}</Link>
        </p>
      </div>
    );
  }
  const errors = result?.errors ?? {};
  return (
    <div className="narrow">
      <ErrorSummary errors={errors} />
      <h1>{t('auth:enrol.title')}</h1>
      <p>{t('auth:enrol.intro')}</p>
      <ol>
        <li>{t('auth:enrol.step1')}</li>
        <li>
          {t('auth:enrol.step2')}
          {/* Drawn on the server by qrcode: plain SVG with no script, so the CSP and JS-off hold. */}
          <div className="qr-code" role="img" aria-label={t('auth:enrol.qrLabel')} dangerouslySetInnerHTML={{ __html: view.qrSvg }} />
          <p>{t('auth:enrol.secretIntro')}</p>
          <p>
            <code className="secret" id="secret">
              {view.secret}
            </code>
          </p>
        </li>
        <li>{t('auth:enrol.step3')}</li>
      </ol>
      <form method="post" action="/auth/enrol" noValidate>
        <CsrfField />
        <Field
          name="code"
          label={t('auth:code.label')}
          autoComplete="one-time-code"
          inputMode="numeric"
          spellCheck={false}
          autoCapitalize="none"
          className="input input--short"
          defaultValue={result?.values.code ?? ''}
          error={errors.code}
        />
        <button type="submit" className="button">
          {t('auth:enrol.submit')}
        </button>
      </form>
      <p>{t('auth:code.expires')}</p>
    </div>
  );
}
