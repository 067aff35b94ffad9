// An administrator reassigns a client's own worker (for example while the worker is away). The
// client's whole message history follows, because a conversation's worker is always the client's
// current own worker. Every change is audit-logged.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { actorOf, logClientAccess, requireUser } from '../../auth/guards.server';
import { CsrfField, ErrorSummary, Field, Select } from '../../components/forms';
import { Pagination } from '../../components/Pagination';
import { requestedPage } from '../../domain/paging';
import { activeWorkers, clientsWithOwnWorker, reassignOwnWorker } from '../../domain/messages.server';
import { useT } from '../../i18n/i18n';
import { readForm, validateForm, type FieldErrors, type FormValues } from '../../utils/forms.server';
import { isOneOf } from '../../utils/oneOf';

export const handle = { title: 'messages:admin.title' };

export function loader({ request }: LoaderFunctionArgs) {
  requireUser(request, ['admin']);
  const url = new URL(request.url);
  const done = url.searchParams.get('done');
  const query = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
  const { clients, page } = clientsWithOwnWorker(query, requestedPage(url));
  return {
    clients,
    page,
    query,
    workers: activeWorkers(),
    done: isOneOf(['changed', 'unchanged'], done) ? done : null,
  };
}

const reassignSchema = z.object({
  clientId: z.coerce.number('messages:admin.clientRequired').int('messages:admin.clientRequired').positive('messages:admin.clientRequired'),
  workerId: z.coerce.number('messages:admin.workerRequired').int('messages:admin.workerRequired').positive('messages:admin.workerRequired'),
});

type ActionResult = { errors: FieldErrors; values: FormValues };

export async function action({ request }: ActionFunctionArgs) {
  const user = requireUser(request, ['admin']);
  const form = await readForm(request);
  const parsed = validateForm(form, reassignSchema);
  if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const actor = actorOf(user, request);
  const result = reassignOwnWorker(actor, parsed.data.clientId, parsed.data.workerId);
  if (result !== 'unknownClient') logClientAccess(actor, parsed.data.clientId, 'record', 'administration', { succeeded: result !== 'unknownWorker' });
  switch (result) {
    case 'reassigned':
      return redirect('/admin/clients?done=changed', { status: 303 });
    case 'unchanged':
      return redirect('/admin/clients?done=unchanged', { status: 303 });
    case 'unknownClient':
      return data<ActionResult>({ errors: { clientId: 'messages:admin.clientRequired' }, values: parsed.values }, { status: 400 });
    case 'unknownWorker':
      return data<ActionResult>({ errors: { workerId: 'messages:admin.workerRequired' }, values: parsed.values }, { status: 400 });
  }
}

export default function AdminClients() {
  const { t } = useT();
  const { clients, page, query, workers, done } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const choose = { value: '', label: t('messages:admin.choose') };
  return (
    <>
      <ErrorSummary errors={errors} />
      {done ? (
        <div className="notice notice--success" role="status">
          <p>{t(`messages:admin.${done}`)}</p>
        </div>
      ) : null}
      <h1>{t('messages:admin.title')}</h1>
      <p className="lead">{t('messages:admin.lead')}</p>
      <form method="post" action="/admin/clients" noValidate className="narrow">
        <h2>{t('messages:admin.formTitle')}</h2>
        <CsrfField />
        <Select
          name="clientId"
          label={t('messages:admin.client')}
          error={errors.clientId}
          defaultValue={values.clientId ?? ''}
          options={[choose, ...clients.map((client) => ({ value: String(client.id), label: `${client.lastName}, ${client.firstName}` }))]}
        />
        <Select
          name="workerId"
          label={t('messages:admin.worker')}
          error={errors.workerId}
          defaultValue={values.workerId ?? ''}
          options={[choose, ...workers.map((worker) => ({ value: String(worker.id), label: `${worker.lastName}, ${worker.firstName}` }))]}
        />
        <button type="submit" className="button">
          {t('messages:admin.submit')}
        </button>
      </form>
      <form method="get" action="/admin/clients" className="filter-form" role="search" aria-label={t('messages:admin.searchLabel')}>
        <Field name="q" type="search" label={t('messages:admin.search')} defaultValue={query} autoComplete="off" />
        <button type="submit" className="button button--secondary">
          {t('messages:admin.searchSubmit')}
        </button>
      </form>
      <p role="status">{t('messages:admin.shown', { count: page.total, page: page.page, pages: page.pageCount })}</p>
      <div className="table-wrap" role="region" aria-labelledby="admin-clients-caption" tabIndex={0}>
        <table>
          <caption id="admin-clients-caption">{t('messages:admin.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('messages:admin.client')}</th>
              <th scope="col">{t('messages:admin.ownWorker')}</th>
            </tr>
          </thead>
          <tbody>
            {clients.map((client) => (
              <tr key={client.id}>
                <th scope="row">
                  {/* Opening a client asks the administrator for a reason first (logged). */}
                  <Link to={`/records/${client.id}`}>
                    {client.lastName}, {client.firstName}
                  </Link>
                </th>
                <td>
                  {client.workerLastName}, {client.workerFirstName}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination label={t('messages:admin.pages')} page={page.page} pageCount={page.pageCount} />
    </>
  );
}
