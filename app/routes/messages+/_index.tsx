// The inbox. Clients and representatives see their conversations; the own worker sees those of
// their own clients and can filter them with a plain GET form; administrators see accessibility
// feedback with how long each has waited for an answer.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { actorOf, parseId, requireUser, viewableClients } from '../../auth/guards.server';
import { Select } from '../../components/forms';
import { ConversationList } from '../../components/messages';
import { ACCESSIBILITY_RESPONSE_DAYS, conversationPage, type ConversationFilter } from '../../domain/messages.server';
import { requestedPage } from '../../domain/paging';
import { Pagination } from '../../components/Pagination';
import { useT } from '../../i18n/i18n';
import { textsFor } from '../../i18n/language.server';

export const handle = { title: 'messages:title' };

function workerFilter(url: URL, ownClientIds: number[]): ConversationFilter {
  const asked = parseId(url.searchParams.get('client'), null);
  const clientId = asked !== null && ownClientIds.includes(asked) ? asked : undefined;
  return { unreadOnly: url.searchParams.get('unread') === '1', clientId };
}

export function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request, ['client', 'representative', 'worker', 'admin']);
  const t = textsFor(request);
  const viewer = actorOf(user, request);
  const url = new URL(request.url);
  if (user.role === 'worker') {
    const ownClients = viewableClients(user).map((client) => ({ id: client.id, name: `${client.lastName}, ${client.firstName}` }));
    const filter = workerFilter(url, ownClients.map((client) => client.id));
    return {
      role: user.role,
      ...conversationPage(viewer, filter, requestedPage(url)),
      ownClients,
      filter: { unreadOnly: Boolean(filter.unreadOnly), clientId: filter.clientId ?? null },
      overdueAfterDays: null,
      pageTitle: t('messages:title'),
    };
  }
  return {
    role: user.role,
    ...conversationPage(viewer, {}, requestedPage(url)),
    ownClients: [],
    filter: { unreadOnly: false, clientId: null },
    // The accessibility statement promises an answer within this many days.
    overdueAfterDays: user.role === 'admin' ? ACCESSIBILITY_RESPONSE_DAYS : null,
    pageTitle: t(user.role === 'admin' ? 'messages:adminTitle' : 'messages:title'),
  };
}

function WorkerFilter({ clients, filter }: { clients: { id: number; name: string }[]; filter: { unreadOnly: boolean; clientId: number | null } }) {
  const { t } = useT();
  return (
    <form method="get" action="/messages" className="message-filter">
      <fieldset className="field">
        <legend>{t('messages:filter.legend')}</legend>
        <Select
          name="client"
          label={t('messages:filter.client')}
          defaultValue={filter.clientId === null ? '' : String(filter.clientId)}
          options={[{ value: '', label: t('messages:filter.allClients') }, ...clients.map((client) => ({ value: String(client.id), label: client.name }))]}
        />
        <div className="choice">
          <input type="checkbox" id="unread" name="unread" value="1" defaultChecked={filter.unreadOnly} />
          <label htmlFor="unread">{t('messages:filter.unreadOnly')}</label>
        </div>
        <button type="submit" className="button button--secondary">
          {t('messages:filter.submit')}
        </button>
      </fieldset>
    </form>
  );
}

export default function Messages() {
  const { t } = useT();
  const { role, conversations, page, ownClients, filter, overdueAfterDays } = useLoaderData<typeof loader>();
  const filtered = filter.unreadOnly || filter.clientId !== null;
  return (
    <>
      <h1>{t(role === 'admin' ? 'messages:adminTitle' : 'messages:title')}</h1>
      <p className="lead">{t(`messages:lead.${role}`)}</p>
      {role === 'client' || role === 'representative' ? (
        <p>
          <Link to="/messages/new" className="button">
            {t('messages:newMessage')}
          </Link>
        </p>
      ) : null}
      {role === 'worker' ? <WorkerFilter clients={ownClients} filter={filter} /> : null}
      {role === 'worker' ? <p role="status">{t('messages:shown', { count: page.total })}</p> : null}
      {conversations.length === 0 ? (
        <p>{t(filtered ? 'messages:noneFiltered' : 'messages:none')}</p>
      ) : (
        <ConversationList
          conversations={conversations}
          showClient={role !== 'client'}
          showWaiting={role === 'worker' || role === 'admin'}
          overdueAfterDays={overdueAfterDays ?? undefined}
        />
      )}
      <Pagination label={t('messages:pages')} page={page.page} pageCount={page.pageCount} />
    </>
  );
}
