// Avain pages render on the server and work without JavaScript; routes do not load <Scripts/>.
// This entry exists because the Remix compiler requires one; it hydrates only if a route ever
// opts in to client scripts.
import { RemixBrowser } from '@remix-run/react';
import { startTransition } from 'react';
import { hydrateRoot } from 'react-dom/client';

startTransition(() => {
  hydrateRoot(document, <RemixBrowser />);
});
