import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '../../auth/guards.server';
import { invoiceView } from '../../domain/invoicing.server';
import { fail } from '../../utils/http.server';

// /invoices/:id/xml: the invoice's newest build as a Finvoice 3.0 file; a provider only its own.
export function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request, ['provider', 'admin']);
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0 || String(id) !== params.id) fail(404);
  const view = invoiceView(id, { providerId: user.role === 'admin' ? null : (user.providerId ?? -1) });
  if (!view) fail(404);
  const name = `${view.businessId}-${view.kind === 'invoice' ? 'lasku' : 'hyvityslasku'}-${view.invoiceNumber}.xml`;
  return new Response(view.xml, {
    headers: {
      'Content-Type': 'application/xml; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
    },
  });
}
