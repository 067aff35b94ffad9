import type { LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { choiceCode, LANGUAGE_CHOICES, LANGUAGE_PARAM, languageCookies, returnPathOf } from '../../i18n/language.server';
import { fail, safeReturnPath } from '../../utils/http.server';

/**
 * A plain link switches the language (fi, sv, or their plain-language versions fi-x-selko and
 * sv-x-ll): it sets the preference cookies and goes back to the same page with its query. The
 * page's address gets `?lang=<code>`, so it differs from the one just left: a text browser such
 * as lynx would otherwise show its cached copy of the old language. Only a path on this site is
 * accepted as the way back.
 */
export function loader({ request, params }: LoaderFunctionArgs) {
  const code = params.lang ?? '';
  if (!Object.hasOwn(LANGUAGE_CHOICES, code)) fail(404);
  const choice = LANGUAGE_CHOICES[code];
  const back = new URL(safeReturnPath(new URL(request.url).searchParams.get('returnTo')), 'http://avain.invalid');
  const target = new URLSearchParams(returnPathOf(back).split('?')[1] ?? '');
  target.set(LANGUAGE_PARAM, choiceCode(choice));
  const headers = new Headers();
  for (const cookie of languageCookies(choice)) headers.append('Set-Cookie', cookie);
  return redirect(`${back.pathname}?${target.toString()}`, { status: 303, headers });
}
