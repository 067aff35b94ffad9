import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireProviderStaff } from '../../auth/guards.server';
import { monthFromQuery, settlementFor, type SettlementLine } from '../../domain/settlement.server';
import { settlementCsv } from '../../domain/settlementCsv';
import { getT } from '../../i18n/i18n';
import { languageOf } from '../../i18n/language.server';
import { localName } from '../../i18n/localName';

// /provider/settlement.csv?month=YYYY-MM: the settlement page as a file for a spreadsheet.
export function loader({ request }: LoaderFunctionArgs) {
  const { provider } = requireProviderStaff(request);
  const lang = languageOf(request);
  const t = getT(lang);
  const month = monthFromQuery(new URL(request.url));
  if (!month) {
    return new Response(t('provider:month.bad'), {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  }
  const settlement = settlementFor(provider.id, month);
  const serviceName = (line: SettlementLine) => localName(line, lang, 'serviceName');
  settlement.lines.sort((a, b) => serviceName(a).localeCompare(serviceName(b), lang));
  const csv = settlementCsv(
    settlement,
    {
      service: t('provider:settlement.csv.service'),
      chargeCount: t('provider:settlement.csv.chargeCount'),
      charges: t('provider:settlement.csv.charges'),
      refunds: t('provider:settlement.csv.refunds'),
      net: t('provider:settlement.csv.net'),
      total: t('provider:settlement.csv.total'),
    },
    serviceName,
  );
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${t('provider:settlement.csv.filename')}-${month}.csv"`,
      'Content-Language': lang,
      'Cache-Control': 'no-store',
      Vary: 'Cookie, Accept-Language',
    },
  });
}
