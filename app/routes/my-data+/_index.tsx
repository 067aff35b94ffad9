// "Omat tietoni" / "Mina uppgifter": who has looked at the client's data, a copy of all of it, and
// how long it is kept. For the client and for a representative acting for them (?client=).
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireActingFor } from '../../auth/guards.server';
import { myDataHref } from '../../components/MyData';
import { getT, useT } from '../../i18n/i18n';
import { languageOf } from '../../i18n/language.server';

export const handle = { title: 'mydata:title' };

export function loader({ request }: LoaderFunctionArgs) {
  const acting = requireActingFor(request);
  const t = getT(languageOf(request));
  const { client, self } = acting;
  const name = `${client.firstName} ${client.lastName}`;
  return { kind: 'chosen' as const, self, name, clientParam: self ? null : client.id, pageTitle: self ? t('mydata:title') : t('mydata:titleFor', { name }) };
}

export default function MyData() {
  const { t } = useT();
  const page = useLoaderData<typeof loader>();
  const href = (path: string) => myDataHref(path, page.clientParam);
  return (
    <>
      <h1>{page.self ? t('mydata:title') : t('mydata:titleFor', { name: page.name })}</h1>
      <p className="lead">{page.self ? t('mydata:lead') : t('mydata:leadFor', { name: page.name })}</p>
      <ul className="plain-list">
        <li>
          <Link to={href('/my-data/access')}>{t('mydata:links.access')}</Link>
        </li>
        <li>
          <Link to={href('/my-data/copy')}>{t('mydata:links.copy')}</Link>
        </li>
        <li>
          <a href={href('/my-data/copy.json')} download>
            {t('mydata:links.json')}
          </a>
        </li>
      </ul>
      <h2>{t('mydata:keptTitle')}</h2>
      <p>{t('mydata:kept')}</p>
    </>
  );
}
