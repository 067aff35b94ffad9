import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '../../auth/guards.server';
import { regionSettlement, regionSettlementCsv } from '../../domain/adminSettlement.server';
import { helsinkiMonth } from '../../domain/months';
import { monthFromQuery, type SettlementLine } from '../../domain/settlement.server';
import { getT } from '../../i18n/i18n';
import { languageOf } from '../../i18n/language.server';
import { localName } from '../../i18n/localName';

// /admin/settlement.csv?month=YYYY-MM: the region's settlement as a file for a spreadsheet.
export function loader({ request }: LoaderFunctionArgs) {
  requireUser(request, ['admin']);
  const lang = languageOf(request);
  const t = getT(lang);
  const month = monthFromQuery(new URL(request.url));
  if (!month || month > helsinkiMonth()) {
    return new Response(t('provider:month.bad'), { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
  }
  const serviceName = (line: SettlementLine) => localName(line, lang, 'serviceName');
  const csv = regionSettlementCsv(
    regionSettlement(month),
    {
      provider: t('backoffice:settlement.csv.provider'),
      businessId: t('backoffice:settlement.csv.businessId'),
      service: t('provider:settlement.csv.service'),
      chargeCount: t('provider:settlement.csv.chargeCount'),
      charges: t('provider:settlement.csv.charges'),
      refunds: t('provider:settlement.csv.refunds'),
      net: t('provider:settlement.csv.net'),
      invoiced: t('backoffice:settlement.csv.invoiced'),
      providerTotal: t('backoffice:settlement.csv.providerTotal'),
      total: t('provider:settlement.csv.total'),
    },
    serviceName,
  );
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${t('backoffice:settlement.csv.filename')}-${month}.csv"`,
      'Content-Language': lang,
      'Cache-Control': 'no-store',
      Vary: 'Cookie, Accept-Language',
    },
  });
}
