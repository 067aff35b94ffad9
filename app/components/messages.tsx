import { Link } from '@remix-run/react';
import type { ConversationTopic, Role } from '../../db/schema';
import { formatDateTime } from '../i18n/format';
import { useT } from '../i18n/i18n';
import type { T } from '../i18n/i18n';

/** A conversation's heading: the subject the writer gave, else the topic. */
export function conversationTitle(t: T, conversation: { subject: string | null; topic: ConversationTopic }): string {
  return conversation.subject ?? t(`messages:topics.${conversation.topic}`);
}

export type ConversationListItem = {
  id: number;
  topic: ConversationTopic;
  subject: string | null;
  status: 'open' | 'closed';
  clientFirstName: string;
  clientLastName: string;
  lastMessageAt: string;
  messageCount: number;
  unread: boolean;
  daysWaiting: number | null;
};

/**
 * The inbox as a list, not a table, so it reads well at 320 px and with a screen reader. Unread
 * and closed are said in words, not only shown by colour.
 */
export function ConversationList({
  conversations,
  showClient,
  showWaiting,
  overdueAfterDays,
}: {
  conversations: ConversationListItem[];
  showClient: boolean;
  showWaiting: boolean;
  overdueAfterDays?: number;
}) {
  const { t, lang } = useT();
  return (
    <ul className="conversation-list" aria-label={t('messages:listLabel')}>
      {conversations.map((conversation) => (
        <li key={conversation.id} className={`conversation${conversation.unread ? ' conversation--unread' : ''}`}>
          <h2 className="conversation-title">
            <Link to={`/messages/${conversation.id}`}>
              {conversation.unread ? <strong className="tag tag--unread">{t('messages:unreadMarker')}</strong> : null}
              {conversation.status === 'closed' ? <span className="tag">{t('messages:closedMarker')}</span> : null}
              <span>{conversationTitle(t, conversation)}</span>
            </Link>
          </h2>
          <p className="conversation-meta">
            {conversation.subject ? (
              <>
                {t(`messages:topics.${conversation.topic}`)}
                <br />
              </>
            ) : null}
            {showClient ? (
              <>
                {t('messages:client')}: {conversation.clientFirstName} {conversation.clientLastName}
                <br />
              </>
            ) : null}
            {t('messages:lastMessage', { date: formatDateTime(conversation.lastMessageAt, lang) })}
            {' · '}
            {t('messages:count', { count: conversation.messageCount })}
            {showWaiting && conversation.status === 'open' ? (
              <>
                <br />
                {conversation.daysWaiting === null ? (
                  t('messages:answered')
                ) : (
                  <strong>
                    {t('messages:waiting', { count: conversation.daysWaiting })}
                    {overdueAfterDays !== undefined && conversation.daysWaiting > overdueAfterDays ? ` ${t('messages:overdue')}` : ''}
                  </strong>
                )}
              </>
            ) : null}
          </p>
        </li>
      ))}
    </ul>
  );
}

export function AuthorLine({ firstName, lastName, role }: { firstName: string; lastName: string; role: Role }) {
  const { t } = useT();
  return <>{t('messages:conversation.author', { name: `${firstName} ${lastName}`, role: t(`messages:roles.${role}`) })}</>;
}
