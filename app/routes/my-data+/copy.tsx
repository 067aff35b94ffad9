// A copy of everything Avain holds about the client, as a printable page (GDPR art. 15). The same
// data as JSON is at /my-data/copy.json (art. 20). Taking the copy is logged.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireActingFor } from '../../auth/guards.server';
import { DataCopyDocument } from '../../components/DataCopy';
import { myDataHref } from '../../components/MyData';
import { noteOwnDataRead } from '../../domain/accessLog.server';
import { dataCopyFor } from '../../domain/dataCopy.server';
import { getT, useT } from '../../i18n/i18n';
import { languageOf } from '../../i18n/language.server';
import { fail } from '../../utils/http.server';

export const handle = { title: 'mydata:copy.title' };

export function loader({ request }: LoaderFunctionArgs) {
  const acting = requireActingFor(request);
  const t = getT(languageOf(request));
  const { client, self, actor } = acting;
  const copy = dataCopyFor(client.id);
  if (!copy) fail(404);
  noteOwnDataRead(actor, client.id, 'copy');
  const clientParam = self ? null : client.id;
  return {
    kind: 'copy' as const,
    self,
    clientParam,
    copy,
    pageTitle: self ? t('mydata:copy.title') : t('mydata:copy.titleFor', { name: `${client.firstName} ${client.lastName}` }),
  };
}

export default function MyDataCopy() {
  const { t } = useT();
  const page = useLoaderData<typeof loader>();
  return (
    <>
      <p className="no-print">
        <Link className="back-link" to={myDataHref('/my-data', page.clientParam)}>
          {t('mydata:links.back')}
        </Link>
      </p>
      <DataCopyDocument copy={page.copy} self={page.self} jsonHref={myDataHref('/my-data/copy.json', page.clientParam)} />
    </>
  );
}
