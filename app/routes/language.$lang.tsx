import type { LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { isLanguage } from '../i18n/i18n';
import { languageCookie } from '../i18n/language.server';
import { fail, safeReturnPath } from '../utils/http.server';

// A plain link switches the language: it only sets a preference cookie and goes back.
export function loader({ request, params }: LoaderFunctionArgs) {
  if (!isLanguage(params.lang)) fail(404);
  const back = safeReturnPath(new URL(request.url).searchParams.get('returnTo'));
  return redirect(back, { status: 303, headers: { 'Set-Cookie': languageCookie(params.lang) } });
}
