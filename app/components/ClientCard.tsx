import type { ClientSummary } from '../domain/clientSummaries.server';
import { useT } from '../i18n/i18n';
import { localName } from '../i18n/localName';

/** A client's name, municipality and own worker with contact details. */
export function ClientCard({ client, headingLevel = 2 }: { client: ClientSummary; headingLevel?: 2 | 3 }) {
  const { t, lang } = useT();
  const Heading = `h${headingLevel}` as const;
  return (
    <section className="card">
      <Heading>
        {client.firstName} {client.lastName}
      </Heading>
      <dl className="summary-list">
        <div>
          <dt>{t('pages:people.municipality')}</dt>
          <dd>{localName(client, lang, 'municipality')}</dd>
        </div>
        <div>
          <dt>{t('pages:people.ownWorker')}</dt>
          <dd>
            {client.workerFirstName} {client.workerLastName}
            <br />
            <a href={`mailto:${client.workerEmail}`}>{client.workerEmail}</a>
            {client.workerPhone ? (
              <>
                <br />
                <a href={`tel:${client.workerPhone}`}>{client.workerPhone}</a>
              </>
            ) : null}
          </dd>
        </div>
      </dl>
    </section>
  );
}
