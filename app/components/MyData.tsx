import { Link } from '@remix-run/react';
import { useT } from '../i18n/i18n';

/** A link within /my-data that keeps the representative's choice of client (?client=). */
export function myDataHref(path: string, clientParam: number | null, extra: Record<string, string | number | null | undefined> = {}): string {
  const query = new URLSearchParams();
  if (clientParam !== null) query.set('client', String(clientParam));
  for (const [key, value] of Object.entries(extra)) if (value !== null && value !== undefined && value !== '') query.set(key, String(value));
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

/** A representative of several clients chooses whom they act for. */
export function ChooseClient({ clients, path }: { clients: { id: number; firstName: string; lastName: string }[]; path: string }) {
  const { t } = useT();
  return (
    <>
      <h1>{t('mydata:choose.title')}</h1>
      {clients.length === 0 ? (
        <p>{t('mydata:choose.none')}</p>
      ) : (
        <>
          <p className="lead">{t('mydata:choose.lead')}</p>
          <ul className="plain-list client-choice" aria-label={t('mydata:choose.listLabel')}>
            {clients.map((client) => (
              <li key={client.id}>
                <Link to={myDataHref(path, client.id)}>
                  {client.firstName} {client.lastName}
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
