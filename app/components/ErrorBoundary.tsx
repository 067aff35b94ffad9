// The one error page. Routes that need a page of their own for a status pass a handler for it;
// every other status, and anything unexpected, falls to the localized default.
import type { ReactNode } from 'react';
import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react';
import { keyFromData, usePageContext, useT } from '../i18n/i18n';

/** Statuses with their own title and text in `common:errorPages`; anything else shows the 500 page. */
export const ERROR_PAGE_STATUSES = [400, 401, 403, 404, 405, 413, 415, 429, 500, 503] as const;
export type ErrorPageStatus = (typeof ERROR_PAGE_STATUSES)[number];

export function errorPageStatus(status: number): ErrorPageStatus {
  return (ERROR_PAGE_STATUSES as readonly number[]).includes(status) ? (status as ErrorPageStatus) : 500;
}

/**
 * Whether a document with this status is an error page (its title is the error's title). 400 is
 * not: a 400 document is a form shown again with its errors. Every 5xx is, as the 500 page.
 */
export function isErrorPageStatus(status: number): boolean {
  return status >= 500 || (status !== 400 && errorPageStatus(status) === status);
}

/** What a thrown `fail(status, reason)` carries. */
export type ErrorInfo = { status: number; reason: string | null };

/** Returns the page for this error, or null to fall back to the default page. */
export type StatusHandler = (info: ErrorInfo) => ReactNode | null;

export function GeneralErrorBoundary({ statusHandlers = {} }: { statusHandlers?: Partial<Record<number, StatusHandler>> }) {
  const error = useRouteError();
  const { status: documentStatus } = usePageContext();
  // A thrown error is a 500, unless entry.server found it was a busy database (503).
  const info: ErrorInfo = isRouteErrorResponse(error)
    ? { status: error.status, reason: (error.data as { reason?: string | null } | null)?.reason ?? null }
    : documentStatus === 503
      ? { status: 503, reason: 'busy' }
      : { status: 500, reason: null };
  return statusHandlers[info.status]?.(info) ?? <DefaultErrorPage {...info} />;
}

function DefaultErrorPage({ status, reason }: ErrorInfo) {
  const { t } = useT();
  const key = errorPageStatus(status);
  const text = t(`common:errorPages.${key}.text`);
  return (
    <div className="error-page">
      <h1>{t(`common:errorPages.${key}.title`)}</h1>
      <p>{reason ? t(keyFromData(`common:errorReasons.${reason}`), { defaultValue: text }) : text}</p>
      <p>
        <Link to="/">{t('common:errorPages.home')}</Link>
      </p>
    </div>
  );
}
