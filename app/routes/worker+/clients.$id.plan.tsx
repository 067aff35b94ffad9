// The client plan of one of the worker's own clients: write a new version, read earlier ones.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { requireOwnClient } from '../../auth/guards.server';
import { PlanText } from '../../components/backoffice';
import { CsrfField, ErrorSummary, TextArea } from '../../components/forms';
import { MAX_PLAN_TEXT, planHistory, planSchema, savePlan } from '../../domain/plans.server';
import { formatDateTime } from '../../i18n/format';
import { useT } from '../../i18n/i18n';
import { readForm, validateForm, type FieldErrors, type FormValues } from '../../utils/forms.server';
import { fail } from '../../utils/http.server';

export const handle = { title: 'backoffice:plan.title' };

export function loader({ request, params }: LoaderFunctionArgs) {
  const { client } = requireOwnClient(request, params.id, 'plan');
  return {
    client: { id: client.id, firstName: client.firstName, lastName: client.lastName },
    history: planHistory(client.id),
  };
}

type ActionResult = { errors: FieldErrors; values: FormValues };

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, client } = requireOwnClient(request, params.id, 'plan');
  const form = await readForm(request);
  const parsed = validateForm(form, planSchema);
  if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = savePlan(actor, client.id, parsed.data);
  if (result.kind === 'notFound') fail(404);
  return redirect(`/worker/clients/${client.id}?done=${result.kind === 'saved' ? 'planSaved' : 'planUnchanged'}#plan-title`, { status: 303 });
}

export default function PlanPage() {
  const { t, lang } = useT();
  const { client, history } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const errors = result?.errors ?? {};
  const current = history[0];
  const values = result?.values ?? (current ? { needs: current.needs, goals: current.goals, servicesAgreed: current.servicesAgreed } : {});
  return (
    <div className="narrow">
      <p>
        <Link className="back-link" to={`/worker/clients/${client.id}`}>
          {t('backoffice:client.backTo', { name: `${client.firstName} ${client.lastName}` })}
        </Link>
      </p>
      <ErrorSummary errors={errors} />
      <h1>{t('backoffice:plan.heading', { name: `${client.firstName} ${client.lastName}` })}</h1>
      <p className="lead">{t('backoffice:plan.lead')}</p>
      <form method="post" noValidate>
        <CsrfField />
        <TextArea name="needs" label={t('backoffice:plan.needs')} hint={t('backoffice:plan.needsHint')} maxLength={MAX_PLAN_TEXT} defaultValue={values.needs ?? ''} error={errors.needs} />
        <TextArea name="goals" label={t('backoffice:plan.goals')} hint={t('backoffice:plan.goalsHint')} maxLength={MAX_PLAN_TEXT} defaultValue={values.goals ?? ''} error={errors.goals} />
        <TextArea
          name="servicesAgreed"
          label={t('backoffice:plan.servicesAgreed')}
          hint={t('backoffice:plan.servicesAgreedHint')}
          maxLength={MAX_PLAN_TEXT}
          defaultValue={values.servicesAgreed ?? ''}
          error={errors.servicesAgreed}
        />
        <button type="submit" className="button">
          {t('backoffice:plan.save')}
        </button>
      </form>
      <section aria-labelledby="history-title">
        <h2 id="history-title">{t('backoffice:plan.history')}</h2>
        {history.length === 0 ? <p>{t('backoffice:plan.none')}</p> : <p>{t('backoffice:plan.historyIntro', { count: history.length })}</p>}
        {history.map((version, index) => (
          <details key={version.id} className="card">
            <summary>
              {t(index === 0 ? 'backoffice:plan.versionCurrent' : 'backoffice:plan.version', {
                when: formatDateTime(version.createdAt, lang),
                name: `${version.workerFirstName} ${version.workerLastName}`,
              })}
            </summary>
            <PlanText plan={version} />
          </details>
        ))}
      </section>
    </div>
  );
}
