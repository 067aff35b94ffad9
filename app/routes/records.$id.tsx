// A client who is not one's own, opened by a substitute worker or an administrator: first a
// reason (a short choice and free text), which goes into the client's access log, then the
// client's record read-only. The reason holds for an hour; every page view after it is logged
// with it. An own worker is sent to their own page for the client.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { ACCESS_REASONS } from '../../db/schema';
import { requireStatedReasonAccess, stateReason } from '../auth/guards.server';
import { DecisionLines, DecisionPeriod, PlanText, StatusTag } from '../components/backoffice';
import { ChoiceGroup, CsrfField, ErrorSummary, TextArea } from '../components/forms';
import { clientLedger, clientRecord } from '../domain/clientRecords.server';
import { decisionsOf } from '../domain/decisions.server';
import { currentPlan } from '../domain/plans.server';
import { capitalized, formatDate } from '../i18n/format';
import { formatEuros } from '../domain/money';
import { getT, useT } from '../i18n/i18n';
import { languageOf } from '../i18n/language.server';
import { readForm, validateForm, type FieldErrors, type FormValues } from '../utils/forms.server';
import { fail } from '../utils/http.server';

export const handle = { title: 'mydata:reason.title' };

export function loader({ request, params }: LoaderFunctionArgs) {
  const { clientId, reason } = requireStatedReasonAccess(request, params.id, 'record');
  const t = getT(languageOf(request));
  if (!reason) return { kind: 'ask' as const, clientId, pageTitle: t('mydata:reason.title') };
  const client = clientRecord(clientId);
  if (!client) fail(404);
  return {
    kind: 'record' as const,
    reason,
    client,
    plan: currentPlan(clientId),
    decisions: decisionsOf(clientId),
    ledger: clientLedger(clientId),
    pageTitle: `${client.firstName} ${client.lastName} – ${t('mydata:record.title')}`,
  };
}

const reasonSchema = z.object({
  reasonCode: z.enum(ACCESS_REASONS, 'mydata:reason.errors.codeRequired'),
  reasonText: z.string('mydata:reason.errors.textRequired').trim().min(1, 'mydata:reason.errors.textRequired').max(500, 'mydata:reason.errors.textTooLong'),
});

type ActionResult = { errors: FieldErrors; values: FormValues };

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, clientId } = requireStatedReasonAccess(request, params.id, 'reason');
  const form = await readForm(request);
  const parsed = validateForm(form, reasonSchema);
  if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  stateReason(actor, clientId, { code: parsed.data.reasonCode, text: parsed.data.reasonText });
  return redirect(`/records/${clientId}`, { status: 303 });
}

export default function RecordWithReason() {
  const page = useLoaderData<typeof loader>();
  return page.kind === 'ask' ? <ReasonForm clientId={page.clientId} /> : <RecordView page={page} />;
}

function ReasonForm({ clientId }: { clientId: number }) {
  const { t } = useT();
  const result = useActionData<ActionResult>();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  return (
    <div className="narrow">
      <ErrorSummary errors={errors} />
      <h1>{t('mydata:reason.title')}</h1>
      <p className="lead">{t('mydata:reason.lead', { id: clientId })}</p>
      <form method="post" noValidate>
        <CsrfField />
        <ChoiceGroup
          name="reasonCode"
          legend={t('mydata:reason.legend')}
          error={errors.reasonCode}
          choices={ACCESS_REASONS.map((code) => ({ value: code, label: t(`mydata:reasons.${code}`) }))}
          checked={values.reasonCode ? [values.reasonCode] : []}
        />
        <TextArea
          name="reasonText"
          label={t('mydata:reason.text')}
          hint={t('mydata:reason.textHint')}
          error={errors.reasonText}
          defaultValue={values.reasonText ?? ''}
          rows={3}
        />
        <p className="hint">{t('mydata:reason.valid')}</p>
        <button type="submit" className="button">
          {t('mydata:reason.submit')}
        </button>
      </form>
    </div>
  );
}

function RecordView({ page }: { page: Extract<ReturnType<typeof loader>, { kind: 'record' }> }) {
  const { t, lang } = useT();
  const { client, reason, plan, decisions, ledger } = page;
  return (
    <>
      <h1>
        {client.firstName} {client.lastName}
      </h1>
      <p className="notice">{t('mydata:record.basis', { reason: t(`mydata:reasons.${reason.code}`), text: reason.text })}</p>
      <section aria-labelledby="contact-title">
        <h2 id="contact-title">{t('backoffice:client.contact')}</h2>
        <dl className="summary-list">
          <div>
            <dt>{t('backoffice:client.phone')}</dt>
            <dd>{client.phone}</dd>
          </div>
          <div>
            <dt>{t('pages:people.municipality')}</dt>
            <dd>{lang === 'sv' ? client.municipalitySv : client.municipalityFi}</dd>
          </div>
          <div>
            <dt>{t('pages:people.group')}</dt>
            <dd>{t(`pages:people.groups.${client.group}`)}</dd>
          </div>
        </dl>
      </section>
      <section aria-labelledby="representatives-title">
        <h2 id="representatives-title">{t('backoffice:client.representatives')}</h2>
        {client.representatives.length === 0 ? <p>{t('backoffice:client.noRepresentatives')}</p> : null}
        <ul className="plain-list">
          {client.representatives.map((rep) => (
            <li key={rep.userId}>
              {rep.firstName} {rep.lastName}
              {rep.relationship ? ` (${rep.relationship})` : ''}, {rep.email}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="plan-title">
        <h2 id="plan-title">{t('backoffice:plan.title')}</h2>
        {plan ? <PlanText plan={plan} /> : <p>{t('backoffice:plan.none')}</p>}
      </section>
      <section aria-labelledby="decisions-title">
        <h2 id="decisions-title">{t('backoffice:decision.title')}</h2>
        {decisions.length === 0 ? <p>{t('backoffice:decision.none')}</p> : null}
        {decisions.map((decision) => (
          <section key={decision.id} className="card" aria-labelledby={`decision-${decision.id}`}>
            <h3 id={`decision-${decision.id}`}>
              <StatusTag status={decision.status} /> <DecisionPeriod decision={decision} />
            </h3>
            <DecisionLines decision={decision} captionId={`decision-${decision.id}-caption`} />
          </section>
        ))}
      </section>
      <section aria-labelledby="ledger-title">
        <h2 id="ledger-title">{t('backoffice:ledger.title')}</h2>
        {ledger.length === 0 ? <p>{t('backoffice:ledger.none')}</p> : null}
        <ul className="plain-list">
          {ledger.map((row) => (
            <li key={row.id}>
              {formatDate(row.serviceDate, lang)} {row.receiptNumber}
              {row.kind === 'refund' ? ` (${t('backoffice:ledger.refund')})` : ''}: {capitalized(lang === 'sv' ? row.serviceNameSv : row.serviceNameFi)},{' '}
              {row.providerName}, {formatEuros(row.kind === 'refund' ? -row.amountCents : row.amountCents, lang)}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
