// One conversation: the whole exchange in order, a reply form, and for the own worker (or an
// administrator, for accessibility feedback) a button that marks it closed. Anyone who may not
// read the conversation gets 404, whether it exists or not.
import crypto from 'node:crypto';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { requireConversationAccess } from '../../auth/guards.server';
import type { SessionUser } from '../../auth/session.server';
import { CsrfField, ErrorSummary, TextArea } from '../../components/forms';
import { AuthorLine, conversationTitle } from '../../components/messages';
import { closeConversation, conversationFor, markRead, replyToConversation } from '../../domain/messages.server';
import { messageBody } from '../../domain/messageText';
import { formatDate, formatDateTime } from '../../i18n/format';
import { useT } from '../../i18n/i18n';
import { textsFor } from '../../i18n/language.server';
import { readForm, validateForm, type FieldErrors, type FormValues } from '../../utils/forms.server';
import { fail } from '../../utils/http.server';

const ROLES = ['client', 'representative', 'worker', 'admin'] as const;

/** The signed-in user and the conversation they may read; 404 for a bad, unknown or foreign id. */
function requireConversation(request: Request, id: string | undefined): { user: SessionUser; conversationId: number } {
  return requireConversationAccess(request, id, ROLES);
}

export function loader({ request, params }: LoaderFunctionArgs) {
  const { user, conversationId } = requireConversation(request, params.id);
  // Opening the conversation reads it: the unread marker goes away for this user only.
  markRead(user, conversationId);
  const conversation = conversationFor(user, conversationId)!;
  const url = new URL(request.url);
  const t = textsFor(request);
  return {
    conversation,
    viewerId: user.id,
    viewerRole: user.role,
    sent: url.searchParams.get('sent') === '1',
    closedNow: url.searchParams.get('closed') === '1',
    idempotencyKey: crypto.randomUUID(),
    pageTitle: conversationTitle(t, conversation),
  };
}

const replySchema = z.object({
  body: messageBody,
  idempotencyKey: z.uuid('common:errors.invalid'),
});

type ActionResult = { errors: FieldErrors; values: FormValues };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, conversationId } = requireConversation(request, params.id);
  const form = await readForm(request);
  if (form.get('intent') === 'close') {
    const closed = closeConversation(user, conversationId);
    if (closed === 'notFound') fail(404);
    if (closed === 'notAllowed') fail(403, 'role');
    return redirect(`/messages/${conversationId}?closed=1`, { status: 303 });
  }
  const parsed = validateForm(form, replySchema);
  if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = replyToConversation(user, conversationId, parsed.data.body, parsed.data.idempotencyKey);
  switch (result.kind) {
    case 'posted':
      return redirect(`/messages/${conversationId}?sent=1`, { status: 303 });
    case 'duplicate':
      return redirect(`/messages/${result.conversationId}`, { status: 303 });
    case 'closed':
      return data<ActionResult>({ errors: { form: 'messages:errors.closed' }, values: parsed.values }, { status: 400 });
    default:
      fail(404);
  }
}

export default function Conversation() {
  const { t, lang } = useT();
  const { conversation, viewerRole, sent, closedNow, idempotencyKey } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const clientSide = viewerRole === 'client' || viewerRole === 'representative';
  return (
    <div className="narrow conversation-page">
      <p>
        <Link to="/messages" className="back-link">
          {t('messages:conversation.back')}
        </Link>
      </p>
      <ErrorSummary errors={errors} />
      {sent ? (
        <div className="notice notice--success" role="status">
          <p>{t('messages:conversation.sent')}</p>
        </div>
      ) : null}
      {closedNow ? (
        <div className="notice notice--success" role="status">
          <p>{t('messages:conversation.closedDone')}</p>
        </div>
      ) : null}
      <h1>{conversationTitle(t, conversation)}</h1>
      <dl className="summary-list">
        <div>
          <dt>{t('messages:conversation.topic')}</dt>
          <dd>{t(`messages:topics.${conversation.topic}`)}</dd>
        </div>
        <div>
          <dt>{t('messages:conversation.client')}</dt>
          <dd>
            {conversation.clientFirstName} {conversation.clientLastName}
          </dd>
        </div>
        <div>
          <dt>{t('messages:conversation.status')}</dt>
          <dd>{t(`messages:conversation.statuses.${conversation.status}`)}</dd>
        </div>
        <div>
          <dt>{t('messages:conversation.started')}</dt>
          <dd>{formatDate(conversation.createdAt, lang)}</dd>
        </div>
      </dl>
      <h2>{t('messages:conversation.exchange')}</h2>
      <ol className="message-list">
        {conversation.messages.map((message) => (
          <li key={message.id} className={`message message--${message.authorRole}`}>
            <h3 className="message-author">
              <AuthorLine firstName={message.authorFirstName} lastName={message.authorLastName} role={message.authorRole} />
            </h3>
            <p className="message-time">
              <time dateTime={message.createdAt}>{formatDateTime(message.createdAt, lang)}</time>
            </p>
            {/* Text as written: React escapes it; CSS keeps the line breaks. */}
            <p className="message-body">{message.body}</p>
          </li>
        ))}
      </ol>
      {conversation.canReply ? (
        <form method="post" action={`/messages/${conversation.id}`} noValidate className="reply-form">
          <h2>{t('messages:conversation.replyTitle')}</h2>
          <CsrfField />
          <input type="hidden" name="idempotencyKey" value={values.idempotencyKey ?? idempotencyKey} />
          <TextArea
            name="body"
            label={t('messages:conversation.replyLabel')}
            hint={t('messages:new.bodyHint')}
            error={errors.body}
            defaultValue={values.body ?? ''}
            rows={8}
          />
          <input type="hidden" name="intent" value="reply" />
          <button type="submit" className="button">
            {t('messages:conversation.replySubmit')}
          </button>
        </form>
      ) : (
        <div className="notice">
          <p>{t('messages:conversation.closedNotice')}</p>
          {clientSide ? (
            <p>
              <Link to="/messages/new">{t('messages:newMessage')}</Link>
            </p>
          ) : null}
        </div>
      )}
      {conversation.canClose ? (
        <form method="post" action={`/messages/${conversation.id}`} className="close-form">
          <h2>{t('messages:conversation.closeTitle')}</h2>
          <p>{t('messages:conversation.closeText')}</p>
          <CsrfField />
          <input type="hidden" name="intent" value="close" />
          <button type="submit" className="button button--secondary">
            {t('messages:conversation.closeSubmit')}
          </button>
        </form>
      ) : null}
    </div>
  );
}
