import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireProviderReceipt } from '../../auth/guards.server';
import { DisputedTag } from '../../components/disputes';
import { formatDate, formatDateTime, formatHundredths } from '../../i18n/format';
import { formatEuros } from '../../domain/money';
import { getT, useT } from '../../i18n/i18n';
import { languageOf } from '../../i18n/language.server';
import { localName } from '../../i18n/localName';

// The confirmation page after a charge or a refund, and the receipt to come back to later.
export function loader({ request, params }: LoaderFunctionArgs) {
  // Who is asking first: another role gets 403 without learning whether the receipt exists.
  const { receipt } = requireProviderReceipt(request, params.receipt);
  const t = getT(languageOf(request));
  const title = receipt.kind === 'refund' ? 'provider:receipt.refundPageTitle' : 'provider:receipt.chargePageTitle';
  return { pageTitle: t(title, { receipt: receipt.receiptNumber }), receipt };
}

export default function Receipt() {
  const { t, lang } = useT();
  const { receipt } = useLoaderData<typeof loader>();
  const isRefund = receipt.kind === 'refund';
  const amount = formatEuros(receipt.amountCents, lang);
  return (
    <div className="narrow">
      <div className="panel panel--confirmation">
        <h1 className="panel-title">{t(isRefund ? 'provider:receipt.refundTitle' : 'provider:receipt.chargeTitle')}</h1>
        <p className="panel-body">
          {t('provider:receipt.receiptNumber')}
          <br />
          <strong className="receipt-number">{receipt.receiptNumber}</strong>
        </p>
      </div>
      {receipt.dispute?.status === 'open' ? (
        <div className="notice notice--warning">
          <p>
            <DisputedTag /> {t('notifications:provider.disputedNotice', { reason: t(`notifications:dispute.reasons.${receipt.dispute.reason}`) })}
          </p>
        </div>
      ) : null}
      <p>
        {isRefund
          ? t('provider:receipt.refundedText', { amount, receipt: receipt.refundOfReceipt ?? '' })
          : t('provider:receipt.chargedText', { amount })}
      </p>
      {receipt.refundReceipt ? (
        <div className="notice">
          <p>
            {t('provider:receipt.refundedNotice')}{' '}
            <Link to={`/provider/receipts/${receipt.refundReceipt}`}>{t('provider:receipt.refundReceipt', { receipt: receipt.refundReceipt })}</Link>
          </p>
        </div>
      ) : null}
      <h2>{t('provider:receipt.detailsTitle')}</h2>
      <dl className="summary-list">
        <div>
          <dt>{t('provider:receipt.client')}</dt>
          <dd>{receipt.clientName}</dd>
        </div>
        <div>
          <dt>{t('provider:receipt.service')}</dt>
          <dd>{localName(receipt, lang, 'serviceName')}</dd>
        </div>
        <div>
          <dt>{t('provider:receipt.quantity')}</dt>
          <dd>
            {formatHundredths(receipt.quantityHundredths, lang)} × {formatEuros(receipt.unitPriceCents, lang)} / {t(`common:units.${receipt.unit}`)}
          </dd>
        </div>
        <div>
          <dt>{t(isRefund ? 'provider:receipt.refundAmount' : 'provider:receipt.amount')}</dt>
          <dd>
            <strong className="amount">{amount}</strong>
          </dd>
        </div>
        <div>
          <dt>{t('provider:receipt.serviceDate')}</dt>
          <dd>{formatDate(receipt.serviceDate, lang)}</dd>
        </div>
        <div>
          <dt>{t(isRefund ? 'provider:receipt.refundedAt' : 'provider:receipt.chargedAt')}</dt>
          <dd>{formatDateTime(receipt.createdAt, lang)}</dd>
        </div>
        <div>
          <dt>{t('provider:receipt.provider')}</dt>
          <dd>{receipt.providerName}</dd>
        </div>
        {isRefund && receipt.refundOfReceipt ? (
          <div>
            <dt>{t('provider:receipt.refundOf')}</dt>
            <dd>
              <Link to={`/provider/receipts/${receipt.refundOfReceipt}`}>{receipt.refundOfReceipt}</Link>
            </dd>
          </div>
        ) : null}
        {isRefund ? (
          <div>
            <dt>{t('provider:receipt.reason')}</dt>
            <dd className="multiline">{receipt.reason}</dd>
          </div>
        ) : null}
      </dl>
      <h2>{t('provider:receipt.nextTitle')}</h2>
      <p>
        <Link to="/provider/charge" className="button">
          {t('provider:receipt.newCharge')}
        </Link>
      </p>
      <ul className="plain-list">
        <li>
          <Link to="/provider/charges">{t('provider:receipt.ownCharges')}</Link>
        </li>
      </ul>
      {receipt.refundable ? (
        <>
          <h2>{t('provider:receipt.refundQuestion')}</h2>
          <p>{t('provider:receipt.refundHint')}</p>
          <p>
            <Link to={`/provider/refund/${receipt.receiptNumber}`} className="button button--secondary">
              {t('provider:receipt.refundLink')}
            </Link>
          </p>
        </>
      ) : null}
    </div>
  );
}
