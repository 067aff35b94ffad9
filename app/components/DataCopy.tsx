// The client's own data in plain words: one access-log row as a sentence, and the whole data copy
// as a printable document (used by /my-data/copy and the own worker's /worker/clients/:id/copy).
import type { AccessBasis, AccessKind, AccessReason, Role } from '../../db/schema';
import { capitalized, formatDate, formatDateTime } from '../i18n/format';
import { formatEuros } from '../domain/money';
import { localName } from '../i18n/localName';
import { useT } from '../i18n/i18n';
import { PlanText } from './backoffice';

export type AccessRowView = {
  createdAt: string;
  who: string;
  role: Role;
  kind: AccessKind;
  basis: AccessBasis;
  reasonCode: AccessReason | null;
  reasonText: string | null;
  succeeded: boolean;
};

/** "Sanna Heikkinen, omatyöntekijä, avasi asiakassuunnitelmasi 3.12.2026 klo 9.14 – oma asiakas". */
export function AccessRowText({ row, self }: { row: AccessRowView; self: boolean }) {
  const { t, lang } = useT();
  const when = formatDateTime(row.createdAt, lang);
  const role = t(`mydata:roles.${row.role}`);
  if (!row.succeeded) return <>{t('mydata:access.refusedRow', { who: row.who, role, when })}</>;
  return (
    <>
      {t('mydata:access.row', {
        who: row.who,
        role,
        action: t(self ? `mydata:did.${row.kind}` : `mydata:didFor.${row.kind}`),
        when,
        basis: t(`mydata:bases.${row.basis}`),
      })}
      {row.reasonCode ? (
        <>
          <br />
          <span className="hint">{t('mydata:access.reason', { reason: t(`mydata:reasons.${row.reasonCode}`), text: row.reasonText ?? '' })}</span>
        </>
      ) : null}
    </>
  );
}

export type DataCopyView = {
  generatedAt: string;
  profile: {
    firstName: string;
    lastName: string;
    phone: string;
    language: 'fi' | 'sv';
    group: 'hb' | 'comparison';
    municipalityFi: string;
    municipalitySv: string;
    serviceEndedOn: string | null;
    createdAt: string;
    loginEmail: string | null;
    hasLogin: boolean;
    ownWorkerFirstName: string;
    ownWorkerLastName: string;
  };
  representatives: { firstName: string; lastName: string; email: string | null; phone: string | null; relationship: string }[];
  decisions: {
    id: number;
    validFrom: string;
    validTo: string | null;
    note: string;
    lines: { serviceNameFi: string; serviceNameSv: string; monthlyCents: number }[];
  }[];
  ledger: {
    kind: 'charge' | 'refund';
    receiptNumber: string;
    serviceDate: string;
    serviceNameFi: string;
    serviceNameSv: string;
    providerName: string;
    amountCents: number;
  }[];
  plans: { id: number; needs: string; goals: string; servicesAgreed: string; createdAt: string; workerFirstName: string; workerLastName: string }[];
  conversations: {
    id: number;
    topic: 'question' | 'budget_change' | 'provider_feedback' | 'accessibility' | 'other';
    subject: string | null;
    messages: { createdAt: string; body: string; authorFirstName: string; authorLastName: string }[];
  }[];
  accessLog: AccessRowView[];
};

function None() {
  const { t } = useT();
  return <p>{t('mydata:copy.none')}</p>;
}

/** The whole copy as one document: headings, definition lists and one data table for the ledger. */
export function DataCopyDocument({ copy, self, jsonHref }: { copy: DataCopyView; self: boolean; jsonHref: string }) {
  const { t, lang } = useT();
  const { profile } = copy;
  const name = `${profile.firstName} ${profile.lastName}`;
  return (
    <article className="statement">
      <h1>{self ? t('mydata:copy.title') : t('mydata:copy.titleFor', { name })}</h1>
      <p className="lead">{t('mydata:copy.generated', { when: formatDateTime(copy.generatedAt, lang) })}</p>
      <p className="no-print">
        {t('mydata:copy.print')} <a href={jsonHref}>{t('mydata:copy.json')}</a>
      </p>

      <section aria-labelledby="copy-profile">
        <h2 id="copy-profile">{t('mydata:copy.profile')}</h2>
        <dl className="summary-list">
          <div>
            <dt>{t('mydata:copy.name')}</dt>
            <dd>{name}</dd>
          </div>
          <div>
            <dt>{t('mydata:copy.phone')}</dt>
            <dd>{profile.phone}</dd>
          </div>
          <div>
            <dt>{t('mydata:copy.municipality')}</dt>
            <dd>{localName(profile, lang, 'municipality')}</dd>
          </div>
          <div>
            <dt>{t('mydata:copy.language')}</dt>
            <dd>{t(`common:languages.${profile.language}`)}</dd>
          </div>
          <div>
            <dt>{t('mydata:copy.group')}</dt>
            <dd>{t(`pages:people.groups.${profile.group}`)}</dd>
          </div>
          <div>
            <dt>{t('mydata:copy.login')}</dt>
            <dd>{profile.hasLogin ? (profile.loginEmail ?? t('mydata:copy.suomifiLogin')) : t('mydata:copy.noLogin')}</dd>
          </div>
          <div>
            <dt>{t('mydata:copy.ownWorker')}</dt>
            <dd>
              {profile.ownWorkerFirstName} {profile.ownWorkerLastName}
            </dd>
          </div>
          <div>
            <dt>{t('mydata:copy.since')}</dt>
            <dd>{formatDate(profile.createdAt, lang)}</dd>
          </div>
          {profile.serviceEndedOn ? (
            <div>
              <dt>{t('mydata:copy.ended')}</dt>
              <dd>{formatDate(profile.serviceEndedOn, lang)}</dd>
            </div>
          ) : null}
        </dl>
      </section>

      <section aria-labelledby="copy-representatives">
        <h2 id="copy-representatives">{t('mydata:copy.representatives')}</h2>
        {copy.representatives.length === 0 ? <None /> : null}
        <ul className="plain-list">
          {copy.representatives.map((rep) => (
            <li key={`${rep.firstName} ${rep.lastName} ${rep.email ?? ''}`}>
              {rep.firstName} {rep.lastName}
              {rep.relationship ? ` (${rep.relationship})` : ''}
              {rep.email ? `, ${rep.email}` : ''}
              {rep.phone ? `, ${rep.phone}` : ''}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="copy-decisions">
        <h2 id="copy-decisions">{t('mydata:copy.decisions')}</h2>
        {copy.decisions.length === 0 ? <None /> : null}
        {copy.decisions.map((decision) => (
          <section key={decision.id} aria-labelledby={`copy-decision-${decision.id}`}>
            <h3 id={`copy-decision-${decision.id}`}>
              {t('mydata:copy.decision', {
                id: decision.id,
                from: formatDate(decision.validFrom, lang),
                to: decision.validTo ? formatDate(decision.validTo, lang) : t('mydata:copy.untilFurther'),
              })}
            </h3>
            <ul className="plain-list">
              {decision.lines.map((line) => (
                <li key={line.serviceNameFi}>
                  {t('mydata:copy.monthly', {
                    service: capitalized(localName(line, lang, 'serviceName')),
                    amount: formatEuros(line.monthlyCents, lang),
                  })}
                </li>
              ))}
            </ul>
            {decision.note ? <p className="multiline">{t('mydata:copy.note', { note: decision.note })}</p> : null}
          </section>
        ))}
      </section>

      <section aria-labelledby="copy-ledger">
        <h2 id="copy-ledger">{t('mydata:copy.ledger')}</h2>
        {copy.ledger.length === 0 ? (
          <None />
        ) : (
          <div className="table-wrap" role="region" aria-labelledby="copy-ledger-caption" tabIndex={0}>
            <table>
              <caption id="copy-ledger-caption">{t('mydata:copy.ledgerCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('mydata:copy.date')}</th>
                  <th scope="col">{t('mydata:copy.receipt')}</th>
                  <th scope="col">{t('mydata:copy.service')}</th>
                  <th scope="col">{t('mydata:copy.provider')}</th>
                  <th scope="col" className="numeric">
                    {t('mydata:copy.amount')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {copy.ledger.map((row) => (
                  <tr key={row.receiptNumber}>
                    <td>{formatDate(row.serviceDate, lang)}</td>
                    <th scope="row">
                      {row.receiptNumber}
                      {row.kind === 'refund' ? ` (${t('mydata:copy.refund')})` : ''}
                    </th>
                    <td>{capitalized(localName(row, lang, 'serviceName'))}</td>
                    <td>{row.providerName}</td>
                    <td className="numeric">{formatEuros(row.kind === 'refund' ? -row.amountCents : row.amountCents, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="copy-plans">
        <h2 id="copy-plans">{t('mydata:copy.plans')}</h2>
        {copy.plans.length === 0 ? <None /> : null}
        {copy.plans.map((plan) => (
          <section key={plan.id} className="card" aria-label={formatDateTime(plan.createdAt, lang)}>
            <PlanText plan={plan} />
          </section>
        ))}
      </section>

      <section aria-labelledby="copy-messages">
        <h2 id="copy-messages">{t('mydata:copy.messages')}</h2>
        {copy.conversations.length === 0 ? <None /> : null}
        {copy.conversations.map((conversation) => (
          <section key={conversation.id} aria-labelledby={`copy-conversation-${conversation.id}`}>
            <h3 id={`copy-conversation-${conversation.id}`}>
              {t('mydata:copy.conversation', { topic: t(`messages:topics.${conversation.topic}`), subject: conversation.subject ?? '' })}
            </h3>
            {conversation.messages.map((message, i) => (
              <div key={i}>
                <h4>{t('mydata:copy.messageBy', { name: `${message.authorFirstName} ${message.authorLastName}`, when: formatDateTime(message.createdAt, lang) })}</h4>
                <p className="multiline">{message.body}</p>
              </div>
            ))}
          </section>
        ))}
      </section>

      <section aria-labelledby="copy-access">
        <h2 id="copy-access">{t('mydata:copy.accessLog')}</h2>
        {copy.accessLog.length === 0 ? <None /> : null}
        <ol className="plain-list access-log">
          {copy.accessLog.map((row, i) => (
            <li key={i}>
              <AccessRowText row={row} self={self} />
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
