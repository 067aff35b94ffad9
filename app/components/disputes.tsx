// The client's side of disputes on the budget page: the charges of the dispute period with a link
// to object to each, and every dispute with its state and the worker's reason when closed.
import { Link } from '@remix-run/react';
import type { DisputeView } from '../domain/disputes.server';
import { formatDate } from '../i18n/format';
import { formatEuros } from '../domain/money';
import { useT } from '../i18n/i18n';

type DisputableRow = {
  receiptNumber: string;
  amountCents: number;
  serviceDate: string;
  serviceNameFi: string;
  serviceNameSv: string;
  providerName: string;
};

export type DisputesPanel = { days: number; disputable: DisputableRow[]; disputes: DisputeView[] };

export function DisputesSection({ panel, clientParam }: { panel: DisputesPanel; clientParam: number | null }) {
  const { t, lang } = useT();
  const query = clientParam === null ? '' : `?client=${clientParam}`;
  return (
    <section aria-labelledby="disputes-title">
      <h2 id="disputes-title">{t('notifications:dispute.sectionTitle')}</h2>
      <p>{t('notifications:dispute.sectionIntro', { days: panel.days })}</p>
      {panel.disputable.length === 0 ? (
        <p>{t('notifications:dispute.none')}</p>
      ) : (
        <ul className="plain-list">
          {panel.disputable.map((row) => (
            <li key={row.receiptNumber}>
              {formatDate(row.serviceDate, lang)}, {row.providerName}, {lang === 'sv' ? row.serviceNameSv : row.serviceNameFi},{' '}
              {formatEuros(row.amountCents, lang)}:{' '}
              <Link to={`/budget/dispute/${row.receiptNumber}${query}`}>{t('notifications:dispute.link', { receipt: row.receiptNumber })}</Link>
            </li>
          ))}
        </ul>
      )}
      {panel.disputes.length > 0 ? (
        <ul className="plain-list disputes">
          {panel.disputes.map((dispute) => (
            <li key={dispute.id} className="card">
              <p>
                <strong>{t(`notifications:dispute.status.${dispute.status}`)}</strong>: {dispute.receiptNumber}, {dispute.providerName},{' '}
                {lang === 'sv' ? dispute.serviceNameSv : dispute.serviceNameFi}, {formatEuros(dispute.amountCents, lang)} (
                {t(`notifications:dispute.reasons.${dispute.reason}`)})
              </p>
              {dispute.status === 'closed' && dispute.resolutionReason ? (
                <p>{t('notifications:dispute.resolution', { reason: dispute.resolutionReason })}</p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** "Kiistetty" beside a provider's charge. */
export function DisputedTag() {
  const { t } = useT();
  return <strong className="tag">{t('notifications:provider.disputed')}</strong>;
}

/** A month's open disputes: on the provider's and the region's settlement pages. */
export function OpenDisputesList({ disputes, title, intro, none, showProvider }: { disputes: DisputeView[]; title: string; intro?: string; none: string; showProvider?: boolean }) {
  const { t, lang } = useT();
  return (
    <section aria-labelledby="open-disputes-title">
      <h2 id="open-disputes-title">{title}</h2>
      {intro ? <p>{intro}</p> : null}
      {disputes.length === 0 ? (
        <p>{none}</p>
      ) : (
        <ul className="plain-list">
          {disputes.map((dispute) => (
            <li key={dispute.id}>
              <DisputedTag /> {dispute.receiptNumber}
              {showProvider ? `, ${dispute.providerName}` : ''}, {lang === 'sv' ? dispute.serviceNameSv : dispute.serviceNameFi},{' '}
              {formatEuros(dispute.amountCents, lang)}: {t(`notifications:dispute.reasons.${dispute.reason}`)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
