// The demo identity provider's sign-in page (never Suomi.fi; only when no Suomi.fi metadata is set).
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { assertDemoIdp, buildSamlResponse, clearDemoIdpSession, demoIdpSessionCookie, demoPersons, idpLogoutRequestUrl, readAuthnRequest, readDemoIdpSession } from '../../auth/demoIdp.server';
import { ACS_PATH } from '../../auth/suomifi.server';
import { CsrfField } from '../../components/forms';
import { DemoBanner } from '../../components/demoIdp';
import { useT } from '../../i18n/i18n';
import { readForm } from '../../utils/forms.server';

export const handle = { title: 'auth:demoIdp.title' };

// The answer page sets the demo IdP's own cookie (whom it identified, for its logout button).
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => (actionHeaders.has('Set-Cookie') ? actionHeaders : loaderHeaders);

export async function loader({ request }: LoaderFunctionArgs) {
  assertDemoIdp();
  const url = new URL(request.url);
  if (!url.searchParams.has('SAMLRequest')) {
    const session = readDemoIdpSession(request);
    return { kind: 'home' as const, signedInAs: session?.name ?? null };
  }
  const authn = await readAuthnRequest(url);
  if (!authn) return data({ kind: 'bad' as const }, { status: 400 });
  // The demo shows the whole test-range code: it is what the IdP sends.
  const persons = demoPersons();
  return { kind: 'choose' as const, requestId: authn.id, relayState: authn.relayState, persons };
}

const signInSchema = z.object({
  intent: z.literal('signIn'),
  person: z.coerce.number().int().positive(),
  requestId: z.string().regex(/^[A-Za-z_][\w.-]{0,200}$/),
  relayState: z.string().max(500).default(''),
});

export async function action({ request }: ActionFunctionArgs) {
  assertDemoIdp();
  const form = await readForm(request);
  if (form.get('intent') === 'logoutAll') {
    const session = readDemoIdpSession(request);
    if (!session) return redirect('/demo-idp', { status: 303 });
    return redirect(await idpLogoutRequestUrl(session.nameId, session.sessionIndex), { status: 303, headers: { 'Set-Cookie': clearDemoIdpSession() } });
  }
  const parsed = signInSchema.safeParse(Object.fromEntries(form));
  const person = parsed.success ? demoPersons().find((p) => p.userId === parsed.data.person) : undefined;
  if (!parsed.success || !person) return data({ kind: 'bad' as const }, { status: 400 });
  const name = `${person.givenName} ${person.surname}`;
  const answer = await buildSamlResponse({ person, inResponseTo: parsed.data.requestId });
  return data(
    { kind: 'send' as const, samlResponse: answer.samlResponse, relayState: parsed.data.relayState, name },
    { headers: { 'Set-Cookie': demoIdpSessionCookie({ nameId: answer.nameId, sessionIndex: answer.sessionIndex, name }), 'Cache-Control': 'no-store' } },
  );
}

export default function DemoIdp() {
  const { t } = useT();
  const loaded = useLoaderData<typeof loader>();
  const sent = useActionData<typeof action>();
  if (sent?.kind === 'send') {
    // HTTP-POST binding without JavaScript: the person presses Continue.
    return (
      <div className="narrow">
        <DemoBanner />
        <h1>{t('auth:demoIdp.sendTitle')}</h1>
        <p>{t('auth:demoIdp.signedInAs', { name: sent.name })}</p>
        <p>{t('auth:suomifi.continueText')}</p>
        <form method="post" action={ACS_PATH}>
          <input type="hidden" name="SAMLResponse" value={sent.samlResponse} />
          <input type="hidden" name="RelayState" value={sent.relayState} />
          <button type="submit" className="button">
            {t('auth:suomifi.continue')}
          </button>
        </form>
      </div>
    );
  }
  if (sent?.kind === 'bad' || loaded.kind === 'bad') {
    return (
      <div className="narrow">
        <DemoBanner />
        <h1>{t('auth:demoIdp.title')}</h1>
        <p>{t('auth:demoIdp.badRequest')}</p>
        <p>
          <Link to="/login">{t('auth:demoIdp.backToAvain')}</Link>
        </p>
      </div>
    );
  }
  if (loaded.kind === 'home') {
    return (
      <div className="narrow">
        <DemoBanner />
        <h1>{t('auth:demoIdp.title')}</h1>
        {loaded.signedInAs ? (
          <>
            <p>{t('auth:demoIdp.signedInAs', { name: loaded.signedInAs })}</p>
            <form method="post" action="/demo-idp">
              <CsrfField />
              <input type="hidden" name="intent" value="logoutAll" />
              <button type="submit" className="button button--secondary">
                {t('auth:demoIdp.logoutAll')}
              </button>
            </form>
          </>
        ) : (
          <p>{t('auth:demoIdp.notSignedIn')}</p>
        )}
        <p>
          <Link to="/">{t('auth:demoIdp.backToAvain')}</Link>
        </p>
      </div>
    );
  }
  return (
    <div>
      <DemoBanner />
      <h1>{t('auth:demoIdp.title')}</h1>
      <h2>{t('auth:demoIdp.choose')}</h2>
      {/* One form per person, the person in a hidden field: the button's text is all it says. */}
      <ul className="plain-list">
        {loaded.persons.map((p) => (
          <li key={p.userId} className="card">
            <form method="post" action="/demo-idp">
              <CsrfField />
              <input type="hidden" name="intent" value="signIn" />
              <input type="hidden" name="requestId" value={loaded.requestId} />
              <input type="hidden" name="relayState" value={loaded.relayState} />
              <input type="hidden" name="person" value={p.userId} />
              <button type="submit" className="button">
                {`${p.givenName} ${p.surname}`}
              </button>
            </form>
            <dl className="summary-list" aria-label={t('auth:demoIdp.attributes')}>
              <div>
                <dt>{t('auth:demoIdp.nationalId')}</dt>
                <dd>{p.nationalId}</dd>
              </div>
              <div>
                <dt>{t('auth:demoIdp.givenName')}</dt>
                <dd>{p.givenName}</dd>
              </div>
              <div>
                <dt>{t('auth:demoIdp.surname')}</dt>
                <dd>{p.surname}</dd>
              </div>
              <div>
                <dt>{t('auth:demoIdp.role')}</dt>
                <dd>{t(`auth:demoIdp.roles.${p.role === 'client' ? 'client' : 'representative'}`)}</dd>
              </div>
            </dl>
          </li>
        ))}
      </ul>
    </div>
  );
}
