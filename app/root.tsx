import type { LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, Outlet, useMatches, useRouteLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import type { Role } from '../db/schema';
import { actingForInHeader } from './auth/guards.server';
import { getSessionUser } from './auth/session.server';
import { errorPageStatus, GeneralErrorBoundary, isErrorPageStatus } from './components/ErrorBoundary';
import { CsrfField } from './components/forms';
import { LanguageChoices } from './components/LanguageChoices';
import { NAVIGATION } from './components/navigation';
import { unreadConversationCount } from './domain/messages.server';
import { usePageContext, useT, type Language, type T, type TranslationKey } from './i18n/i18n';
import { csrfTokenFor } from './utils/csrf.server';

export type RootData = {
  user: { firstName: string; lastName: string; role: Role } | null;
  /** Whom a client or representative acts for (shown in the header), if chosen and still allowed. */
  actingFor: { name: string } | null;
  csrfToken: string;
  /** Conversations with a message the user has not read (0 for roles without messages). */
  unreadMessages: number;
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = getSessionUser(request);
  const csrf = csrfTokenFor(request);
  const root: RootData = {
    user: user ? { firstName: user.firstName, lastName: user.lastName, role: user.role } : null,
    actingFor: user ? actingForInHeader(user) : null,
    csrfToken: csrf.token,
    unreadMessages: user ? unreadConversationCount(user) : 0,
  };
  return data(root, csrf.setCookie ? { headers: { 'Set-Cookie': csrf.setCookie } } : undefined);
}

/** A route's title: a locale key, or a function of its loader data (and the other routes' data). */
export type TitleHandle = {
  title?: TranslationKey | ((page: { t: T; lang: Language; data: unknown; matches: ReturnType<typeof useMatches> }) => string | undefined);
};

function usePageTitle(): string {
  const { t, lang } = useT();
  const { status } = usePageContext();
  const matches = useMatches();
  const service = t('common:serviceName');
  if (isErrorPageStatus(status)) return `${t(`common:errorPages.${status >= 500 ? 500 : errorPageStatus(status)}.title`)} – ${service}`;
  let title = '';
  for (const match of matches) {
    const fromData = (match.data as { pageTitle?: string } | undefined)?.pageTitle;
    const handle = (match.handle as TitleHandle | undefined)?.title;
    const fromHandle = typeof handle === 'function' ? handle({ t, lang, data: match.data, matches }) : handle ? t(handle) : undefined;
    if (fromData) title = fromData;
    else if (fromHandle) title = fromHandle;
  }
  // 400 (form errors) and 422 (a refused charge or refund) show the page again with a message.
  const prefix = status === 400 || status === 422 ? `${t('common:errors.prefix')} ` : '';
  return `${prefix}${title ? `${title} – ` : ''}${service}`;
}

function LanguageSwitch() {
  const { t } = useT();
  const page = usePageContext();
  return (
    <nav className="language-switch" aria-label={t('common:language.label')}>
      <LanguageChoices current={page} returnTo={page.url} />
    </nav>
  );
}

/** "Asioit: Aino Korhonen" with a link to change it, on every page while acting for someone. */
function ActingForBar({ actingFor }: { actingFor: RootData['actingFor'] }) {
  const { t } = useT();
  if (!actingFor) return null;
  return (
    <div className="acting-for container">
      <p>
        <strong>{t('common:nav.actingFor', { name: actingFor.name })}</strong>{' '}
        <Link to="/act-for" aria-label={t('common:nav.actingForChangeLabel')}>
          {t('common:nav.actingForChange')}
        </Link>
      </p>
    </div>
  );
}

function Header({ user, actingFor = null, unreadMessages = 0 }: { user: RootData['user']; actingFor?: RootData['actingFor']; unreadMessages?: number }) {
  const { t } = useT();
  const { path } = usePageContext();
  const items = NAVIGATION[user?.role ?? 'guest'];
  return (
    <header className="site-header">
      <div className="header-top container">
        <Link to="/" className="service-name">
          {/* The letter comes from CSS: a text browser reads "Avain Kainuun hyvinvointialue". */}
          <span className="logo" aria-hidden="true" />
          {t('common:serviceName')} <span className="region">{t('common:region')}</span>
        </Link>
        <LanguageSwitch />
      </div>
      <nav className="main-nav container" aria-label={t('common:nav.label')}>
        <ul>
          {items.map((item) => (
            <li key={item.to}>
              <Link to={item.to} aria-current={path === item.to ? 'page' : undefined}>
                {item.to === '/messages' && unreadMessages > 0 ? t('common:nav.messagesUnread', { count: unreadMessages }) : t(item.key)}
              </Link>
            </li>
          ))}
          <li>
            <Link to="/settings" aria-current={path === '/settings' ? 'page' : undefined}>
              {t('common:nav.settings')}
            </Link>
          </li>
          {user ? (
            <li className="nav-account">
              <span className="signed-in-as">
                {t('common:nav.signedInAs', { name: `${user.firstName} ${user.lastName}` })}
              </span>
              <form method="post" action="/logout">
                <CsrfField />
                <button type="submit" className="link-button">
                  {t('common:nav.signOut')}
                </button>
              </form>
            </li>
          ) : (
            <li className="nav-account">
              <Link to="/login" aria-current={path === '/login' ? 'page' : undefined}>
                {t('common:nav.signIn')}
              </Link>
            </li>
          )}
        </ul>
      </nav>
      <ActingForBar actingFor={actingFor} />
    </header>
  );
}

function Footer() {
  const { t } = useT();
  return (
    <footer className="site-footer">
      <div className="container">
        <h2 className="footer-title">{t('common:footer.helpTitle')}</h2>
        <p>{t('common:footer.helpText')}</p>
        <p>
          {t('common:footer.phoneLabel')} <a href="tel:+358861550000">{t('common:footer.phone')}</a>
          {' · '}
          {t('common:footer.emailLabel')} <a href="mailto:avain@kainuu.example.fi">avain@kainuu.example.fi</a>
        </p>
        <ul className="footer-links">
          <li>
            <Link to="/accessibility">{t('common:footer.accessibility')}</Link>
          </li>
          <li>
            <Link to="/help">{t('common:footer.help')}</Link>
          </li>
          <li>
            <Link to="/settings">{t('common:footer.settings')}</Link>
          </li>
        </ul>
        <p className="footer-owner">{t('common:footer.owner')}</p>
      </div>
    </footer>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const page = usePageContext();
  const { t } = useT();
  const root = useRouteLoaderData<RootData>('root');
  const title = usePageTitle();
  const classes = [`text-${page.textSize}`, page.highContrast ? 'contrast-high' : '', page.plain ? 'plain-language' : ''].filter(Boolean).join(' ');
  return (
    <html lang={page.lang} className={classes}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="description" content={t('common:description')} />
        <title>{title}</title>
        <link rel="stylesheet" href="/styles.css" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="manifest" href={`/manifest.${page.lang}.webmanifest`} />
        <link rel="apple-touch-icon" href="/icons/icon-192.png" />
        <meta name="theme-color" content="#12365e" />
        {/* Registers the service worker (offline page); every page works the same without it. */}
        <script src="/sw-register.js" defer nonce={page.nonce} />
      </head>
      <body>
        <a href="#main" className="skip-link">
          {t('common:skipLink')}
        </a>
        <Header user={root?.user ?? null} actingFor={root?.actingFor ?? null} unreadMessages={root?.unreadMessages} />
        <main id="main" className="container" tabIndex={-1}>
          {children}
        </main>
        <Footer />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
