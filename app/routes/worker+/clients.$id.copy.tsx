// The own worker produces the client's data copy for a client who asks in person (the same page
// the client gets at /my-data/copy). Logged in the client's access log as a copy.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireOwnClient } from '../../auth/guards.server';
import { DataCopyDocument } from '../../components/DataCopy';
import { dataCopyFor } from '../../domain/dataCopy.server';
import { getT, useT } from '../../i18n/i18n';
import { languageOf } from '../../i18n/language.server';
import { fail } from '../../utils/http.server';

export const handle = { title: 'mydata:copy.title' };

export function loader({ request, params }: LoaderFunctionArgs) {
  const { client } = requireOwnClient(request, params.id, 'export');
  const copy = dataCopyFor(client.id);
  if (!copy) fail(404);
  const t = getT(languageOf(request));
  return { clientId: client.id, name: `${client.firstName} ${client.lastName}`, copy, pageTitle: t('mydata:copy.titleFor', { name: `${client.firstName} ${client.lastName}` }) };
}

export default function WorkerClientCopy() {
  const { t } = useT();
  const { clientId, name, copy } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="no-print">
        <Link className="back-link" to={`/worker/clients/${clientId}`}>
          {t('backoffice:client.backTo', { name })}
        </Link>
      </p>
      <DataCopyDocument copy={copy} self={false} jsonHref={`/worker/clients/${clientId}/copy.json`} />
    </>
  );
}
