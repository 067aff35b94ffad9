// The own worker's inbox of open disputes about their own clients' charges; closing one needs a
// reason the client sees on the budget page. The charge itself stays as it is.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { actorOf, parseId, requireUser } from '../../auth/guards.server';
import { CsrfField, ErrorSummary, TextArea } from '../../components/forms';
import { closeDispute, MAX_DISPUTE_NOTE, openDisputesForWorker } from '../../domain/disputes.server';
import { formatDate, formatDateTime } from '../../i18n/format';
import { formatEuros } from '../../domain/money';
import { useT } from '../../i18n/i18n';
import { readForm, validateForm, type FieldErrors, type FormValues } from '../../utils/forms.server';
import { fail } from '../../utils/http.server';

export const handle = { title: 'notifications:inbox.title' };

export function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request, ['worker']);
  return { disputes: openDisputesForWorker(user.id) };
}

const closeSchema = z.object({
  disputeId: z.string(),
  closeReason: z.string('notifications:inbox.errors.closeReason').trim().min(1, 'notifications:inbox.errors.closeReason').max(MAX_DISPUTE_NOTE, 'notifications:inbox.errors.closeReason'),
});

type ActionResult = { errors: FieldErrors; values: FormValues; disputeId: number };

export async function action({ request }: ActionFunctionArgs) {
  const user = requireUser(request, ['worker']);
  const form = await readForm(request);
  const disputeId = parseId(form.get('disputeId'), 400);
  const parsed = validateForm(form, closeSchema);
  if (!parsed.ok) {
    // One form per dispute: the error belongs to that form's field.
    const errors = parsed.errors.closeReason ? { [`closeReason-${disputeId}`]: parsed.errors.closeReason } : parsed.errors;
    return data<ActionResult>({ errors, values: parsed.values, disputeId }, { status: 400 });
  }
  const outcome = closeDispute(actorOf(user, request), disputeId, parsed.data.closeReason);
  if (outcome.kind === 'notFound') fail(404);
  if (outcome.kind === 'notOpen') return data<ActionResult>({ errors: { form: 'notifications:inbox.errors.notOpen' }, values: parsed.values, disputeId }, { status: 409 });
  return redirect('/worker/disputes?closed=1', { status: 303 });
}

export default function WorkerDisputes() {
  const { t, lang } = useT();
  const { disputes } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const [params] = useSearchParams();
  const errors = result?.errors ?? {};
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>{t('notifications:inbox.title')}</h1>
      {params.get('closed') ? (
        <div className="notice notice--success" role="status">
          <p>{t('notifications:inbox.closed')}</p>
        </div>
      ) : null}
      <p>{t('notifications:inbox.intro')}</p>
      {disputes.length === 0 ? <p>{t('notifications:inbox.none')}</p> : null}
      {disputes.map((dispute) => {
        const field = `closeReason-${dispute.id}`;
        const mine = result?.disputeId === dispute.id;
        return (
          <section key={dispute.id} className="card" aria-labelledby={`dispute-${dispute.id}`}>
            <h2 id={`dispute-${dispute.id}`}>
              {dispute.clientFirstName} {dispute.clientLastName}: {dispute.receiptNumber}
            </h2>
            <dl className="summary-list">
              <div>
                <dt>{t('notifications:inbox.provider')}</dt>
                <dd>{dispute.providerName}</dd>
              </div>
              <div>
                <dt>{t('notifications:inbox.service')}</dt>
                <dd>{lang === 'sv' ? dispute.serviceNameSv : dispute.serviceNameFi}</dd>
              </div>
              <div>
                <dt>{t('notifications:inbox.amount')}</dt>
                <dd>{formatEuros(dispute.amountCents, lang)}</dd>
              </div>
              <div>
                <dt>{t('notifications:inbox.charged')}</dt>
                <dd>
                  {formatDate(dispute.serviceDate, lang)} ({formatDateTime(dispute.chargedAt, lang)})
                </dd>
              </div>
              <div>
                <dt>{t('notifications:inbox.reason')}</dt>
                <dd>{t(`notifications:dispute.reasons.${dispute.reason}`)}</dd>
              </div>
              {dispute.note ? (
                <div>
                  <dt>{t('notifications:inbox.note')}</dt>
                  <dd>{dispute.note}</dd>
                </div>
              ) : null}
            </dl>
            <form method="post" action="/worker/disputes" noValidate>
              <CsrfField />
              <input type="hidden" name="disputeId" value={dispute.id} />
              <TextArea
                name="closeReason"
                id={field}
                label={t('notifications:inbox.closeReason')}
                hint={t('notifications:inbox.closeHint')}
                rows={3}
                defaultValue={mine ? (result?.values.closeReason ?? '') : ''}
                error={errors[field]}
              />
              <button type="submit" className="button button--secondary">
                {t('notifications:inbox.close')}
              </button>
            </form>
          </section>
        );
      })}
    </>
  );
}
