// A client or representative writes a new message: (whom it is about,) the topic and the text.
import crypto from 'node:crypto';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { CONVERSATION_TOPICS } from '../../../db/schema';
import { requireUser } from '../../auth/guards.server';
import { ChoiceGroup, CsrfField, ErrorSummary, Field, TextArea } from '../../components/forms';
import { startConversation, writableClients } from '../../domain/messages.server';
import { messageBody, messageSubject } from '../../domain/messageText';
import { useT } from '../../i18n/i18n';
import { readForm, validateForm, type FieldErrors, type FormValues } from '../../utils/forms.server';

export const handle = { title: 'messages:new.title' };

const ROLES = ['client', 'representative'] as const;

export function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request, ROLES);
  return {
    role: user.role,
    clients: writableClients(user),
    // Made when the form is shown; a resent form (double click, back button) posts once.
    idempotencyKey: crypto.randomUUID(),
  };
}

const newMessageSchema = z.object({
  clientId: z.coerce.number('messages:errors.clientRequired').int('messages:errors.clientRequired').positive('messages:errors.clientRequired'),
  topic: z.enum(CONVERSATION_TOPICS, 'messages:errors.topicRequired'),
  subject: messageSubject,
  body: messageBody,
  idempotencyKey: z.uuid('common:errors.invalid'),
});

type ActionResult = { errors: FieldErrors; values: FormValues };

export async function action({ request }: ActionFunctionArgs) {
  const user = requireUser(request, ROLES);
  const form = await readForm(request);
  const clients = writableClients(user);
  // A client writes about themself; the form has no choice to make.
  if (user.role === 'client' && clients.length === 1) form.set('clientId', String(clients[0].id));
  const parsed = validateForm(form, newMessageSchema);
  if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = startConversation(user, parsed.data);
  switch (result.kind) {
    case 'posted':
      return redirect(`/messages/${result.conversationId}?sent=1`, { status: 303 });
    case 'duplicate':
      return redirect(`/messages/${result.conversationId}`, { status: 303 });
    default:
      // Not one of the user's clients: the same answer as a missing choice.
      return data<ActionResult>({ errors: { clientId: 'messages:errors.clientRequired' }, values: parsed.values }, { status: 400 });
  }
}

export default function NewMessage() {
  const { t } = useT();
  const { role, clients, idempotencyKey } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const values = result?.values ?? {};
  const errors = result?.errors ?? {};
  if (clients.length === 0) {
    return (
      <div className="narrow">
        <h1>{t('messages:new.title')}</h1>
        <p>{t('messages:new.noClients')}</p>
      </div>
    );
  }
  return (
    <div className="narrow">
      <ErrorSummary errors={errors} />
      <h1>{t('messages:new.title')}</h1>
      <p>{t('messages:new.intro')}</p>
      <form method="post" action="/messages/new" noValidate>
        <CsrfField />
        <input type="hidden" name="idempotencyKey" value={values.idempotencyKey ?? idempotencyKey} />
        {role === 'representative' ? (
          <ChoiceGroup
            name="clientId"
            legend={t('messages:new.client')}
            error={errors.clientId}
            checked={[values.clientId ?? (clients.length === 1 ? String(clients[0].id) : '')]}
            choices={clients.map((client) => ({ value: String(client.id), label: `${client.firstName} ${client.lastName}` }))}
          />
        ) : null}
        <ChoiceGroup
          name="topic"
          legend={t('messages:new.topic')}
          hint={t('messages:new.topicHint')}
          error={errors.topic}
          checked={[values.topic ?? '']}
          choices={CONVERSATION_TOPICS.map((topic) => ({ value: topic, label: t(`messages:topics.${topic}`) }))}
        />
        <Field
          name="subject"
          label={t('messages:new.subject')}
          hint={t('messages:new.subjectHint')}
          error={errors.subject}
          defaultValue={values.subject ?? ''}
          autoComplete="off"
        />
        <TextArea
          name="body"
          label={t('messages:new.body')}
          hint={t('messages:new.bodyHint')}
          error={errors.body}
          defaultValue={values.body ?? ''}
          rows={10}
        />
        <button type="submit" className="button">
          {t('messages:new.submit')}
        </button>
      </form>
      <p>
        <Link to="/messages">{t('messages:new.cancel')}</Link>
      </p>
    </div>
  );
}
