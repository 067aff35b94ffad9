import crypto from 'node:crypto';
import type { EntryContext, HandleDataRequestFunction, HandleErrorFunction } from '@remix-run/node';
import { isRouteErrorResponse, RemixServer } from '@remix-run/react';
import { renderToString } from 'react-dom/server';
import { PageContextValue, type PageContext } from './i18n/i18n';
import { languageOf } from './i18n/language.server';
import { preferencesOf } from './utils/preferences.server';
import { contentSecurityPolicy } from './utils/security.server';

// Pages are small and never stream: render the whole document, then send it.
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  const nonce = crypto.randomBytes(16).toString('base64');
  const page: PageContext = {
    lang: languageOf(request),
    ...preferencesOf(request),
    nonce,
    status: responseStatusCode,
    path: new URL(request.url).pathname,
  };
  const html = renderToString(
    <PageContextValue.Provider value={page}>
      <RemixServer context={remixContext} url={request.url} nonce={nonce} />
    </PageContextValue.Provider>,
  );
  responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
  responseHeaders.set('Content-Security-Policy', contentSecurityPolicy(nonce));
  // Documents may hold personal data: never store them in any cache (shared tablets, proxies).
  responseHeaders.set('Cache-Control', 'no-store');
  responseHeaders.set('Content-Language', page.lang);
  responseHeaders.append('Vary', 'Cookie, Accept-Language');
  return new Response(`<!DOCTYPE html>${html}`, { status: responseStatusCode, headers: responseHeaders });
}

/** `.data` requests (single fetch) skip handleRequest: they carry personal data too. */
export const handleDataRequest: HandleDataRequestFunction = (response) => {
  response.headers.set('Cache-Control', 'no-store');
  response.headers.append('Vary', 'Cookie');
  return response;
};

export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return; // 404s and refusals are not faults
  // Logged on the server only; the user sees a localized error page without details.
  console.error(`[avain] ${request.method} ${new URL(request.url).pathname}:`, error);
};

/** Called by app/server.ts on shutdown: closes this bundle's database connection cleanly. */
export { closeDb as closeDatabase } from '../db/client.server';

/** Called by app/server.ts at start and every hour: removes ended sessions. */
export { deleteExpiredSessions as housekeeping } from './auth/session.server';

// The notification delivery worker runs in the server process, on the build's own connection, so
// a request that queues a notification can wake it without waiting for it.
export { startDeliveryWorker } from './domain/delivery.server';
