import crypto from 'node:crypto';
import type { EntryContext, HandleDataRequestFunction, HandleErrorFunction } from '@remix-run/node';
import { isRouteErrorResponse, RemixServer } from '@remix-run/react';
import { renderToString } from 'react-dom/server';
import { BUSY_RETRY_AFTER_SECONDS, isDatabaseBusy } from './domain/transaction.server';
import { PageContextValue, type PageContext } from './i18n/i18n';
import { languageChoiceOf, returnPathOf } from './i18n/language.server';
import { preferencesOf } from './utils/preferences.server';
import { contentSecurityPolicy } from './utils/security.server';
import { identityProviderFormTargets } from './auth/suomifi.server';

// A busy database is the one fault the user can fix by waiting: whichever loader or action met it,
// the answer is 503 with Retry-After, not the 500 page. handleError sees the error itself (before
// Remix hides its details in production) and marks the request; the response is changed here.
const busyRequests = new WeakSet<Request>();

function busyAnswer(request: Request, status: number, headers: Headers): number {
  if (!busyRequests.has(request)) return status;
  headers.set('Retry-After', String(BUSY_RETRY_AFTER_SECONDS));
  return 503;
}

// Pages are small and never stream: render the whole document, then send it.
export default function handleRequest(
  request: Request,
  statusFromRemix: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  const responseStatusCode = busyAnswer(request, statusFromRemix, responseHeaders);
  const nonce = crypto.randomBytes(16).toString('base64');
  const url = new URL(request.url);
  const page: PageContext = {
    ...languageChoiceOf(request),
    ...preferencesOf(request),
    nonce,
    status: responseStatusCode,
    path: url.pathname,
    url: returnPathOf(url),
  };
  const html = renderToString(
    <PageContextValue.Provider value={page}>
      <RemixServer context={remixContext} url={request.url} nonce={nonce} />
    </PageContextValue.Provider>,
  );
  responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
  responseHeaders.set('Content-Security-Policy', contentSecurityPolicy(nonce, identityProviderFormTargets()));
  // Documents may hold personal data: never store them in any cache (shared tablets, proxies).
  responseHeaders.set('Cache-Control', 'no-store');
  responseHeaders.set('Content-Language', page.lang);
  responseHeaders.append('Vary', 'Cookie, Accept-Language');
  return new Response(`<!DOCTYPE html>${html}`, { status: responseStatusCode, headers: responseHeaders });
}

/** `.data` requests (single fetch) skip handleRequest: they carry personal data too. */
export const handleDataRequest: HandleDataRequestFunction = (response, { request }) => {
  response.headers.set('Cache-Control', 'no-store');
  response.headers.append('Vary', 'Cookie');
  const status = busyAnswer(request, response.status, response.headers);
  return status === response.status ? response : new Response(response.body, { status, headers: response.headers });
};

export const handleError: HandleErrorFunction = (error, { request }) => {
  if (isDatabaseBusy(error)) {
    busyRequests.add(request);
    console.warn(`[avain] ${request.method} ${new URL(request.url).pathname}: database busy, answered 503`);
    return;
  }
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return; // 404s and refusals are not faults
  // Logged on the server only; the user sees a localized error page without details.
  console.error(`[avain] ${request.method} ${new URL(request.url).pathname}:`, error);
};

/** app/server.ts runs each request in it: what the request's loaders read once (utils/requestScope.server). */
export { inRequestScope } from './utils/requestScope.server';

/** Called by app/server.ts on shutdown: closes this bundle's database connection cleanly. */
export { closeDb as closeDatabase } from '../db/client.server';

/** Scheduled by app/server.ts (croner, RETENTION_SCHEDULE): applies the retention rules. */
export { runRetention as retention } from './domain/retention.server';

/** Called by app/server.ts at start and every hour: removes ended sessions, computes closed evaluation months. */
export { housekeeping } from './domain/housekeeping.server';

// The notification delivery worker runs in the server process, on the build's own connection, so
// a request that queues a notification can wake it without waiting for it.
export { startDeliveryWorker } from './domain/delivery.server';
