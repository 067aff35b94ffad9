// A new budget decision for one of the worker's own clients: validity and service lines.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { requireOwnClient } from '../../auth/guards.server';
import { DecisionFields } from '../../components/backoffice';
import { CsrfField, ErrorSummary } from '../../components/forms';
import { createDecision, DECISION_FORM_ROWS, decisionFormSchema, decisionInputFrom, decisionServices } from '../../domain/decisions.server';
import { firstDayOf, helsinkiDate, helsinkiMonth } from '../../domain/months';
import { formatDate } from '../../i18n/format';
import { useT } from '../../i18n/i18n';
import { readForm, validateForm, type FieldErrors, type FormValues } from '../../utils/forms.server';
import { fail } from '../../utils/http.server';

export const handle = { title: 'backoffice:decision.newTitle' };

export function loader({ request, params }: LoaderFunctionArgs) {
  const { client } = requireOwnClient(request, params.id, 'decision');
  return {
    client: { id: client.id, firstName: client.firstName, lastName: client.lastName, group: client.group },
    services: decisionServices(),
    earliest: firstDayOf(helsinkiMonth()),
    today: helsinkiDate(),
  };
}

type ActionResult = { errors: FieldErrors; values: FormValues };

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, client } = requireOwnClient(request, params.id, 'decision');
  const form = await readForm(request);
  const parsed = validateForm(form, decisionFormSchema);
  if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = createDecision(actor, client.id, decisionInputFrom(parsed.data));
  if (result.kind === 'notFound') fail(404);
  if (result.kind === 'invalid') return data<ActionResult>({ errors: result.errors, values: parsed.values }, { status: 400 });
  return redirect(`/worker/clients/${client.id}?done=decisionCreated#decision-${result.decisionId}`, { status: 303 });
}

export default function NewDecision() {
  const { t, lang } = useT();
  const { client, services, earliest, today } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const errors = result?.errors ?? {};
  return (
    <div className="narrow">
      <p>
        <Link className="back-link" to={`/worker/clients/${client.id}`}>
          {t('backoffice:client.backTo', { name: `${client.firstName} ${client.lastName}` })}
        </Link>
      </p>
      <ErrorSummary errors={errors} />
      <h1>{t('backoffice:decision.newHeading', { name: `${client.firstName} ${client.lastName}` })}</h1>
      {client.group === 'comparison' ? (
        <div className="notice notice--warning">
          <p>{t('backoffice:decision.comparisonGroup')}</p>
        </div>
      ) : (
        <form method="post" noValidate>
          <CsrfField />
          <DecisionFields
            services={services}
            rows={DECISION_FORM_ROWS}
            values={result?.values ?? { validFrom: today }}
            errors={errors}
            fromLabel={t('backoffice:decision.validFromLabel')}
            fromHint={t('backoffice:decision.validFromHint', { earliest: formatDate(earliest, lang) })}
          />
          <button type="submit" className="button">
            {t('backoffice:decision.save')}
          </button>
        </form>
      )}
    </div>
  );
}
