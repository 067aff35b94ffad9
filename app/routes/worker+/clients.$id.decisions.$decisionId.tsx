// One decision of one of the worker's own clients: end it, or replace it from a date with a new
// decision. Both keep everything already charged where it is.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { parseId, requireOwnClient } from '../../auth/guards.server';
import { DecisionFields, DecisionLines, DecisionPeriod, StatusTag } from '../../components/backoffice';
import { CsrfField, ErrorSummary, Field } from '../../components/forms';
import {
  DECISION_FORM_ROWS,
  decisionFormSchema,
  decisionInputFrom,
  decisionServices,
  endDecision,
  decisionOf,
  replaceDecision,
} from '../../domain/decisions.server';
import { helsinkiDate } from '../../domain/months';
import { centsInputValue } from '../../domain/money';
import { useT } from '../../i18n/i18n';
import { readForm, validateForm, type FieldErrors, type FormValues } from '../../utils/forms.server';
import { fail } from '../../utils/http.server';

export const handle = { title: 'backoffice:decision.changeTitle' };

/** One decision of one of the signed-in worker's own clients; 404 for any other. */
function requireOwnDecision(request: Request, params: LoaderFunctionArgs['params']) {
  const { actor, client } = requireOwnClient(request, params.id, 'decision');
  const decision = decisionOf(client.id, parseId(params.decisionId));
  if (!decision) fail(404);
  return { actor, decision, client };
}

export function loader({ request, params }: LoaderFunctionArgs) {
  const { decision, client } = requireOwnDecision(request, params);
  return {
    client: { id: client.id, firstName: client.firstName, lastName: client.lastName },
    decision,
    services: decisionServices(),
    today: helsinkiDate(),
  };
}

const endSchema = z.object({
  intent: z.literal('end'),
  endDate: z.string('backoffice:decision.errors.toRequired').trim().min(1, 'backoffice:decision.errors.toRequired'),
});

type ActionResult = { intent: 'end' | 'replace'; errors: FieldErrors; values: FormValues };

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, decision, client } = requireOwnDecision(request, params);
  const form = await readForm(request);
  const intent = form.get('intent') === 'end' ? 'end' : 'replace';
  if (intent === 'end') {
    const parsed = validateForm(form, endSchema);
    if (!parsed.ok) return data<ActionResult>({ intent, errors: parsed.errors, values: parsed.values }, { status: 400 });
    const result = endDecision(actor, client.id, decision.id, parsed.data.endDate);
    if (result.kind === 'notFound') fail(404);
    if (result.kind === 'invalid') {
      // The end form's one field is endDate; the domain names it validTo.
      const { validTo, ...rest } = result.errors;
      return data<ActionResult>({ intent, errors: validTo ? { ...rest, endDate: validTo } : rest, values: parsed.values }, { status: 400 });
    }
    return redirect(`/worker/clients/${client.id}?done=decisionEnded#decision-${decision.id}`, { status: 303 });
  }
  const parsed = validateForm(form, decisionFormSchema);
  if (!parsed.ok) return data<ActionResult>({ intent, errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = replaceDecision(actor, client.id, decision.id, decisionInputFrom(parsed.data));
  if (result.kind === 'notFound') fail(404);
  if (result.kind === 'invalid') return data<ActionResult>({ intent, errors: result.errors, values: parsed.values }, { status: 400 });
  return redirect(`/worker/clients/${client.id}?done=decisionReplaced#decision-${result.decisionId}`, { status: 303 });
}

export default function ChangeDecision() {
  const { t } = useT();
  const { client, decision, services, today } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const endErrors = result?.intent === 'end' ? result.errors : {};
  const replaceErrors = result?.intent === 'replace' ? result.errors : {};
  const replaceValues: FormValues =
    result?.intent === 'replace'
      ? result.values
      : Object.fromEntries(
          decision.lines.flatMap((line, i) => [
            [`serviceId_${i + 1}`, String(line.serviceId)],
            [`amount_${i + 1}`, centsInputValue(line.monthlyCents)],
          ]),
        );
  const ended = decision.status === 'ended';
  return (
    <div className="narrow">
      <p>
        <Link className="back-link" to={`/worker/clients/${client.id}`}>
          {t('backoffice:client.backTo', { name: `${client.firstName} ${client.lastName}` })}
        </Link>
      </p>
      <ErrorSummary errors={{ ...endErrors, ...replaceErrors }} />
      <h1>{t('backoffice:decision.changeHeading', { id: decision.id, name: `${client.firstName} ${client.lastName}` })}</h1>
      <p>
        <StatusTag status={decision.status} /> <DecisionPeriod decision={decision} />
      </p>
      <DecisionLines decision={decision} captionId="lines-caption" />
      {ended ? (
        <p className="notice">{t('backoffice:decision.errors.alreadyEnded')}</p>
      ) : (
        <>
          <section aria-labelledby="end-title">
            <h2 id="end-title">{t('backoffice:decision.endTitle')}</h2>
            <p>{t('backoffice:decision.endIntro')}</p>
            <form method="post" noValidate>
              <CsrfField />
              <input type="hidden" name="intent" value="end" />
              <Field
                name="endDate"
                type="date"
                className="input input--short"
                label={t('backoffice:decision.endDate')}
                hint={t('backoffice:decision.endHint')}
                min={today}
                defaultValue={result?.intent === 'end' ? (result.values.endDate ?? '') : ''}
                error={endErrors.endDate}
              />
              <button type="submit" className="button button--warning">
                {t('backoffice:decision.endSubmit')}
              </button>
            </form>
          </section>
          <section aria-labelledby="replace-title">
            <h2 id="replace-title">{t('backoffice:decision.replaceTitle')}</h2>
            <p>{t('backoffice:decision.replaceIntro')}</p>
            <form method="post" noValidate>
              <CsrfField />
              <input type="hidden" name="intent" value="replace" />
              <DecisionFields
                services={services}
                rows={DECISION_FORM_ROWS}
                values={replaceValues}
                errors={replaceErrors}
                fromLabel={t('backoffice:decision.changeFrom')}
                fromHint={t('backoffice:decision.changeFromHint')}
              />
              <button type="submit" className="button">
                {t('backoffice:decision.replaceSubmit')}
              </button>
            </form>
          </section>
        </>
      )}
    </div>
  );
}
