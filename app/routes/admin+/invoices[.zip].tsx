import type { LoaderFunctionArgs } from '@remix-run/node';
import { strToU8, zipSync } from 'fflate';
import { requireUser } from '../../auth/guards.server';
import { monthXmlFiles } from '../../domain/invoicing.server';
import { helsinkiMonth } from '../../domain/months';
import { monthFromQuery } from '../../domain/settlement.server';
import { getT } from '../../i18n/i18n';
import { languageOf } from '../../i18n/language.server';

// /admin/invoices.zip?month=YYYY-MM: every invoice and credit note of the month as Finvoice XML.
export function loader({ request }: LoaderFunctionArgs) {
  requireUser(request, ['admin']);
  const month = monthFromQuery(new URL(request.url));
  if (!month || month > helsinkiMonth()) {
    const t = getT(languageOf(request));
    return new Response(t('provider:month.bad'), { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
  }
  const files = Object.fromEntries(monthXmlFiles(month).map((file) => [file.name, strToU8(file.xml)]));
  const archive = zipSync(files, { level: 6 });
  return new Response(archive, {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="finvoice-${month}.zip"`,
      'Cache-Control': 'no-store',
    },
  });
}
