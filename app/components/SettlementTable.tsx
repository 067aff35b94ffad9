import type { Settlement } from '../domain/settlement.server';
import { formatEuros } from '../domain/money';
import { useT } from '../i18n/i18n';
import { capitalized } from '../i18n/format';
import { localName } from '../i18n/localName';

/** A month's settlement per service (count, charges, refunds, net) with its total row. */
export function SettlementTable({ settlement, caption, captionId }: { settlement: Pick<Settlement, 'lines' | 'total'>; caption: string; captionId: string }) {
  const { t, lang } = useT();
  const name = (line: Settlement['lines'][number]) => capitalized(localName(line, lang, 'serviceName'));
  const lines = [...settlement.lines].sort((a, b) => name(a).localeCompare(name(b), lang));
  const money = (cents: number) => formatEuros(cents, lang);
  return (
    <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table>
        <caption id={captionId}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('provider:settlement.service')}</th>
            <th scope="col" className="numeric">
              {t('provider:settlement.chargeCount')}
            </th>
            <th scope="col" className="numeric">
              {t('provider:settlement.charges')}
            </th>
            <th scope="col" className="numeric">
              {t('provider:settlement.refunds')}
            </th>
            <th scope="col" className="numeric">
              {t('provider:settlement.net')}
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.serviceId}>
              <th scope="row">{name(line)}</th>
              <td className="numeric">{line.chargeCount}</td>
              <td className="numeric">{money(line.chargesCents)}</td>
              <td className="numeric">{money(line.refundsCents)}</td>
              <td className="numeric">{money(line.netCents)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="total-row">
            <th scope="row">{t('provider:settlement.total')}</th>
            <td className="numeric">{settlement.total.chargeCount}</td>
            <td className="numeric">{money(settlement.total.chargesCents)}</td>
            <td className="numeric">{money(settlement.total.refundsCents)}</td>
            <td className="numeric">
              <strong>{money(settlement.total.netCents)}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
