// Whom a client or representative acts for: chosen actively after sign-in and whenever they
// change it from the header (Suomi.fi-valtuudet: no jump from sign-in straight to a principal).
// A client who represents nobody skips this page (docs/decisions/021-acting-for.md).
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { actorOf, parseId, requireUser, skipsChooser, actingForChoices } from '../../auth/guards.server';
import { START_PAGES } from '../../auth/roles.server';
import { ChoiceGroup, CsrfField, ErrorSummary } from '../../components/forms';
import { actingForOptions, actingForSchema, chooseActingFor, type ActingForChoice } from '../../domain/actingFor.server';
import { formatDate } from '../../i18n/format';
import { useT } from '../../i18n/i18n';
import { readForm, validateForm, type FieldErrors } from '../../utils/forms.server';
import { safeReturnPath } from '../../utils/http.server';

export const handle = { title: 'auth:actingFor.title' };

const CLIENT_SIDE = ['client', 'representative'] as const;

/** After choosing: the page asked for, else the start page that fits the choice. */
function nextPage(role: 'client' | 'representative', chosen: ActingForChoice | undefined, redirectTo: unknown): string {
  const fallback = chosen?.self ? START_PAGES.client : role === 'representative' ? START_PAGES.representative : '/budget';
  const target = typeof redirectTo === 'string' && redirectTo !== '' ? safeReturnPath(redirectTo, fallback) : fallback;
  return target.startsWith('/act-for') || target === '/login' ? fallback : target;
}

export function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request, CLIENT_SIDE);
  const actor = actorOf(user, request);
  const url = new URL(request.url);
  const redirectTo = url.searchParams.get('redirectTo') ?? '';
  const own = skipsChooser(user, actingForChoices(user));
  if (own && user.actingForClientId === null) {
    chooseActingFor(request, actor, own.id, { skipped: true });
    throw redirect(nextPage(user.role, { id: own.id, name: '', self: true, basis: null, validUntil: null }, redirectTo), { status: 303 });
  }
  const options = actingForOptions(user);
  const offered = parseId(url.searchParams.get('client'), null);
  const offer = options.find((option) => option.id === offered);
  return {
    options,
    redirectTo,
    ended: url.searchParams.get('ended') === '1',
    offer: offer ? offer.name : null,
    checked: String(offer?.id ?? user.actingForClientId ?? ''),
  };
}

type ActionResult = { errors: FieldErrors; checked: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = requireUser(request, CLIENT_SIDE);
  const form = await readForm(request);
  const parsed = validateForm(form, actingForSchema);
  if (!parsed.ok) return data<ActionResult>({ errors: { clientId: 'auth:actingFor.errors.choose' }, checked: '' }, { status: 400 });
  const actor = actorOf(user, request);
  if (chooseActingFor(request, actor, parsed.data.clientId) === 'notAllowed') {
    return data<ActionResult>({ errors: { clientId: 'auth:actingFor.errors.choose' }, checked: '' }, { status: 400 });
  }
  const chosen = actingForOptions(user).find((option) => option.id === parsed.data.clientId);
  return redirect(nextPage(user.role, chosen, form.get('redirectTo')), { status: 303 });
}

export default function ActingFor() {
  const { t, lang } = useT();
  const { options, redirectTo, ended, offer, checked } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const errors = result?.errors ?? {};
  const label = (option: ActingForChoice) => {
    if (option.self) return t('auth:actingFor.self', { name: option.name });
    const basis = t(`auth:actingFor.basis.${option.basis ?? 'authorised'}`);
    const text = t('auth:actingFor.forOther', { name: option.name, basis });
    return option.validUntil ? `${text}, ${t('auth:actingFor.until', { date: formatDate(option.validUntil, lang) })}` : text;
  };
  return (
    <div className="narrow">
      <ErrorSummary errors={errors} />
      {ended ? (
        <div className="notice notice--warning" role="status">
          <p>{t('auth:actingFor.ended')}</p>
        </div>
      ) : null}
      <h1>{t('auth:actingFor.title')}</h1>
      {options.length === 0 ? (
        <p>{t('auth:actingFor.none')}</p>
      ) : (
        <>
          <p className="lead">{t('auth:actingFor.lead')}</p>
          {offer ? <p>{t('auth:actingFor.switchTo', { name: offer })}</p> : null}
          <form method="post" action="/act-for" noValidate>
            <CsrfField />
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <ChoiceGroup
              name="clientId"
              legend={t('auth:actingFor.legend')}
              error={errors.clientId}
              choices={options.map((option) => ({ value: String(option.id), label: label(option) }))}
              checked={result ? [result.checked] : [checked]}
            />
            <button type="submit" className="button">
              {t('auth:actingFor.submit')}
            </button>
          </form>
        </>
      )}
    </div>
  );
}
