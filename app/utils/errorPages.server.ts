// Error pages that app/server.ts answers itself, before a request reaches Remix (unsupported
// method, a path that cannot be decoded, a body over the limit). One page in Finnish with the
// Swedish text below it, as the server cannot yet know the visitor's language; the strings come
// from the same locale files as the rest of the app.
import fiCommon from '../../locales/fi/common.json';
import svCommon from '../../locales/sv/common.json';

export type ServerErrorStatus = 400 | 405 | 413 | 415 | 500;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function serverErrorPage(status: ServerErrorStatus): string {
  const fi = fiCommon.errorPages[status];
  const sv = svCommon.errorPages[status];
  const home = (label: string) => `<a href="/">${escapeHtml(label)}</a>`;
  return (
    `<!DOCTYPE html><html lang="fi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(fi.title)} – ${escapeHtml(fiCommon.serviceName)}</title><link rel="stylesheet" href="/styles.css"></head>` +
    `<body><main id="main" class="container error-page"><h1>${escapeHtml(fi.title)}</h1><p>${escapeHtml(fi.text)}</p><p>${home(fiCommon.errorPages.home)}</p>` +
    `<h2 lang="sv">${escapeHtml(sv.title)}</h2><p lang="sv">${escapeHtml(sv.text)}</p><p lang="sv">${home(svCommon.errorPages.home)}</p></main></body></html>`
  );
}
