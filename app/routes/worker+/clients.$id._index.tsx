// One of the worker's own clients: contact details, group, representatives, the current client
// plan, decisions and the ledger. Any other client id is 404, whether it exists or not.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { requireOwnClient } from '../../auth/guards.server';

import { DecisionLines, DecisionPeriod, PlanText, StatusTag } from '../../components/backoffice';
import { clientLedger, clientNationalId, clientRecord, recordServiceEnded } from '../../domain/clientRecords.server';
import { CsrfField, ErrorSummary, Field } from '../../components/forms';
import { helsinkiDate, parseDate } from '../../domain/months';
import { readForm, validateForm, type FieldErrors, type FormValues } from '../../utils/forms.server';
import { decisionsOf } from '../../domain/decisions.server';
import { currentPlan, planHistory } from '../../domain/plans.server';
import { capitalized, formatDate } from '../../i18n/format';
import { formatEuros } from '../../domain/money';
import { getT, useT } from '../../i18n/i18n';
import { languageOf } from '../../i18n/language.server';
import { fail } from '../../utils/http.server';
import { localName } from '../../i18n/localName';

export const handle = { title: 'backoffice:client.title' };

const NOTICES = ['serviceEnded', 'decisionCreated', 'decisionEnded', 'decisionReplaced', 'planSaved', 'planUnchanged', 'clientCreated', 'representativeLinked'] as const;

export function loader({ request, params }: LoaderFunctionArgs) {
  const { client: own } = requireOwnClient(request, params.id, 'record');
  const clientId = own.id;
  const client = clientRecord(clientId);
  if (!client) fail(404);
  const done = new URL(request.url).searchParams.get('done');
  const t = getT(languageOf(request));
  return {
    client,
    nationalId: clientNationalId(client.userId),
    plan: currentPlan(clientId),
    planVersions: planHistory(clientId).length,
    decisions: decisionsOf(clientId),
    ledger: clientLedger(clientId),
    notice: NOTICES.find((n) => n === done) ?? null,
    pageTitle: `${client.firstName} ${client.lastName} – ${t('backoffice:client.title')}`,
  };
}

const serviceEndSchema = z.object({
  serviceEndedOn: z
    .string('mydata:serviceEnd.errors.required')
    .trim()
    .min(1, 'mydata:serviceEnd.errors.required')
    .transform((value, ctx) => {
      const date = parseDate(value);
      if (!date) {
        ctx.addIssue({ code: 'custom', message: 'mydata:serviceEnd.errors.invalid' });
        return z.NEVER;
      }
      if (date > helsinkiDate()) {
        ctx.addIssue({ code: 'custom', message: 'mydata:serviceEnd.errors.future' });
        return z.NEVER;
      }
      return date;
    }),
});

type ActionResult = { errors: FieldErrors; values: FormValues };

/** The own worker records the day the client's matter closed (the retention period runs from it). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, client } = requireOwnClient(request, params.id, 'record');
  const form = await readForm(request);
  const parsed = validateForm(form, serviceEndSchema);
  if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  recordServiceEnded(actor, client.id, parsed.data.serviceEndedOn);
  return redirect(`/worker/clients/${client.id}?done=serviceEnded`, { status: 303 });
}

export default function WorkerClient() {
  const { t, lang } = useT();
  const { client, nationalId, plan, planVersions, decisions, ledger, notice } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const base = `/worker/clients/${client.id}`;
  return (
    <>
      <p>
        <Link className="back-link" to="/worker">
          {t('backoffice:client.back')}
        </Link>
      </p>
      {notice ? (
        <div className="notice notice--success" role="status">
          <p>{notice === 'serviceEnded' ? t('mydata:serviceEnd.saved') : t(`backoffice:notices.${notice}`)}</p>
        </div>
      ) : null}
      <ErrorSummary errors={result?.errors} />
      <h1>
        {client.firstName} {client.lastName}
      </h1>
      <section aria-labelledby="contact-title">
        <h2 id="contact-title">{t('backoffice:client.contact')}</h2>
        <dl className="summary-list">
          <div>
            <dt>{t('backoffice:client.phone')}</dt>
            <dd>
              <a href={`tel:${client.phone}`}>{client.phone}</a>
            </dd>
          </div>
          <div>
            <dt>{t('pages:people.municipality')}</dt>
            <dd>{localName(client, lang, 'municipality')}</dd>
          </div>
          <div>
            <dt>{t('pages:people.language')}</dt>
            <dd>{t(`common:languages.${client.language}`)}</dd>
          </div>
          <div>
            <dt>{t('pages:people.group')}</dt>
            <dd>{t(`pages:people.groups.${client.group}`)}</dd>
          </div>
          <div>
            <dt>{t('backoffice:client.login')}</dt>
            <dd>{client.hasLogin ? `${t('backoffice:accounts.suomifiLogin')}${client.loginEmail ? ` (${client.loginEmail})` : ''}` : t('backoffice:client.noLogin')}</dd>
          </div>
          {nationalId ? (
            <div>
              <dt>{t('backoffice:accounts.nationalIdLabel')}</dt>
              <dd>{nationalId}</dd>
            </div>
          ) : null}
        </dl>
      </section>

      <section aria-labelledby="representatives-title">
        <h2 id="representatives-title">{t('backoffice:client.representatives')}</h2>
        {client.representatives.length === 0 ? (
          <p>{t('backoffice:client.noRepresentatives')}</p>
        ) : (
          <ul className="plain-list">
            {client.representatives.map((rep) => (
              <li key={rep.userId}>
                {rep.firstName} {rep.lastName}
                {rep.relationship ? ` (${rep.relationship})` : ''}
                {rep.email ? (
                  <>
                    , <a href={`mailto:${rep.email}`}>{rep.email}</a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to={`${base}/representatives`}>{t('backoffice:client.linkRepresentative')}</Link>
          {' · '}
          <Link to={`${base}/representatives#client-login-title`}>{t('backoffice:client.manageLogins')}</Link>
        </p>
      </section>

      <section aria-labelledby="copy-title">
        <h2 id="copy-title">{t('mydata:copy.title')}</h2>
        <p>
          <Link to={`${base}/copy`}>{t('mydata:links.copy')}</Link>
        </p>
      </section>

      <section aria-labelledby="service-end-title">
        <h2 id="service-end-title">{t('mydata:serviceEnd.title')}</h2>
        <p>{client.serviceEndedOn ? t('mydata:serviceEnd.current', { date: formatDate(client.serviceEndedOn, lang) }) : t('mydata:serviceEnd.lead')}</p>
        <form method="post" noValidate className="narrow">
          <CsrfField />
          <Field
            name="serviceEndedOn"
            label={t('mydata:serviceEnd.label')}
            hint={t('mydata:serviceEnd.hint')}
            error={result?.errors.serviceEndedOn}
            defaultValue={result?.values.serviceEndedOn ?? (client.serviceEndedOn ? formatDate(client.serviceEndedOn, lang) : '')}
            inputMode="numeric"
            autoComplete="off"
          />
          <button type="submit" className="button button--secondary">
            {t('mydata:serviceEnd.submit')}
          </button>
        </form>
      </section>

      <section aria-labelledby="plan-title">
        <h2 id="plan-title">{t('backoffice:plan.title')}</h2>
        {plan ? <PlanText plan={plan} /> : <p>{t('backoffice:plan.none')}</p>}
        <p>
          <Link className="button button--secondary" to={`${base}/plan`}>
            {plan ? t('backoffice:plan.edit', { count: planVersions }) : t('backoffice:plan.write')}
          </Link>
        </p>
      </section>

      <section aria-labelledby="decisions-title">
        <h2 id="decisions-title">{t('backoffice:decision.title')}</h2>
        {client.group === 'comparison' ? <p className="notice">{t('backoffice:decision.comparisonGroup')}</p> : null}
        {decisions.length === 0 ? <p>{t('backoffice:decision.none')}</p> : null}
        {decisions.map((decision) => (
          <section key={decision.id} className="card" aria-labelledby={`decision-${decision.id}`}>
            <h3 id={`decision-${decision.id}`}>
              <StatusTag status={decision.status} /> <DecisionPeriod decision={decision} />
            </h3>
            {decision.caregiverLeaveSwap ? <p>{t('backoffice:decision.isSwap')}</p> : null}
            {decision.replacesDecisionId ? <p className="hint">{t('backoffice:decision.replaces', { id: decision.replacesDecisionId })}</p> : null}
            <p className="hint">{t('backoffice:decision.number', { id: decision.id })}</p>
            <DecisionLines decision={decision} captionId={`decision-${decision.id}-caption`} />
            {decision.note ? <p className="multiline">{decision.note}</p> : null}
            {decision.status !== 'ended' ? (
              <p>
                <Link to={`${base}/decisions/${decision.id}`}>{t('backoffice:decision.change', { id: decision.id })}</Link>
              </p>
            ) : null}
          </section>
        ))}
        {client.group === 'hb' ? (
          <p>
            <Link className="button" to={`${base}/decisions/new`}>
              {t('backoffice:decision.new')}
            </Link>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="ledger-title">
        <h2 id="ledger-title">{t('backoffice:ledger.title')}</h2>
        {ledger.length === 0 ? (
          <p>{t('backoffice:ledger.none')}</p>
        ) : (
          <div className="table-wrap" role="region" aria-labelledby="ledger-caption" tabIndex={0}>
            <table>
              <caption id="ledger-caption">{t('backoffice:ledger.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('backoffice:ledger.date')}</th>
                  <th scope="col">{t('backoffice:ledger.receipt')}</th>
                  <th scope="col">{t('backoffice:decision.service')}</th>
                  <th scope="col">{t('backoffice:ledger.provider')}</th>
                  <th scope="col" className="numeric">
                    {t('backoffice:ledger.amount')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {ledger.map((row) => (
                  <tr key={row.id}>
                    <td>{formatDate(row.serviceDate, lang)}</td>
                    <th scope="row">
                      {row.receiptNumber}
                      {row.kind === 'refund' ? ` (${t('backoffice:ledger.refund')})` : ''}
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
    </>
  );
}
