import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useRouteLoaderData, useSearchParams } from '@remix-run/react';
import type { RootData } from '../../root';
import { z } from 'zod';
import { ChoiceGroup, CsrfField, ErrorSummary } from '../../components/forms';
import { LanguageChoices } from '../../components/LanguageChoices';
import { usePageContext, useT } from '../../i18n/i18n';
import { readForm, validateForm } from '../../utils/forms.server';
import { preferencesCookie, TEXT_SIZES } from '../../utils/preferences.server';
import { requireUser } from '../../auth/guards.server';
import { getSessionUser } from '../../auth/session.server';
import { preferenceOf, savePreference } from '../../domain/notifications.server';
import { LANGUAGES, NOTIFICATION_CHANNELS, ROLES } from '../../../db/schema';

export const handle = { title: 'pages:settings.title' };

const settingsSchema = z.object({
  textSize: z.enum(TEXT_SIZES, 'pages:settings.errors.textSize'),
  contrast: z.enum(['normal', 'high'], 'pages:settings.errors.contrast'),
});

const notificationSchema = z.object({
  intent: z.literal('notifications'),
  channel: z.enum(NOTIFICATION_CHANNELS, 'notifications:preferences.errors.channel'),
  notifyLanguage: z.enum(LANGUAGES, 'notifications:preferences.errors.language'),
});

/** Display settings are for everyone; how to be notified only for the signed-in person, about themself. */
export function loader({ request }: LoaderFunctionArgs) {
  const user = getSessionUser(request);
  return { notification: user ? (preferenceOf(user.id) ?? null) : null };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  if (form.get('intent') === 'notifications') return saveNotifications(request, form);
  const result = validateForm(form, settingsSchema);
  if (!result.ok) return data({ errors: result.errors }, { status: 400 });
  const cookie = preferencesCookie({ textSize: result.data.textSize, highContrast: result.data.contrast === 'high' });
  return redirect('/settings?saved=1', { status: 303, headers: { 'Set-Cookie': cookie } });
}

async function saveNotifications(request: Request, form: FormData) {
  const user = requireUser(request, ROLES);
  const result = validateForm(form, notificationSchema);
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  const saved = savePreference(user.id, result.data.channel, result.data.notifyLanguage);
  if (saved.kind === 'noPhone') return data({ errors: { channel: 'notifications:preferences.errors.noPhone' }, values: result.values }, { status: 400 });
  return redirect('/settings?notifications=1', { status: 303 });
}

export default function Settings() {
  const { t } = useT();
  const page = usePageContext();
  const [params] = useSearchParams();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.errors ?? {};
  const values: Record<string, string> = (actionData && 'values' in actionData ? actionData.values : undefined) ?? {};
  const { notification } = useLoaderData<typeof loader>();
  const user = useRouteLoaderData<RootData>('root')?.user;
  const signedIn = Boolean(user);
  return (
    <div className="narrow">
      <h1>{t('pages:settings.title')}</h1>
      {params.get('saved') ? (
        <div className="notice notice--success" role="status">
          <p>{t('pages:settings.saved')}</p>
        </div>
      ) : null}
      <ErrorSummary errors={errors} />
      <p>{t('pages:settings.intro')}</p>
      <form method="post" action="/settings">
        <CsrfField />
        <ChoiceGroup
          name="textSize"
          error={errors.textSize}
          legend={t('pages:settings.textSize')}
          checked={[page.textSize]}
          choices={TEXT_SIZES.map((size) => ({ value: size, label: t(`pages:settings.sizes.${size}`) }))}
        />
        <ChoiceGroup
          name="contrast"
          error={errors.contrast}
          legend={t('pages:settings.contrast')}
          hint={t('pages:settings.contrastHint')}
          checked={[page.highContrast ? 'high' : 'normal']}
          choices={[
            { value: 'normal', label: t('pages:settings.contrastNormal') },
            { value: 'high', label: t('pages:settings.contrastHigh') },
          ]}
        />
        <button type="submit" className="button">
          {t('pages:settings.save')}
        </button>
      </form>
      {notification ? (
        <section aria-labelledby="notifications-title">
          <h2 id="notifications-title">{t('notifications:preferences.title')}</h2>
          {params.get('notifications') ? (
            <div className="notice notice--success" role="status">
              <p>{t('notifications:preferences.saved')}</p>
            </div>
          ) : null}
          <p>{t('notifications:preferences.intro')}</p>
          <form method="post" action="/settings">
            <CsrfField />
            <input type="hidden" name="intent" value="notifications" />
            <ChoiceGroup
              name="channel"
              error={errors.channel}
              legend={t('notifications:preferences.channel')}
              checked={[values.channel ?? notification.channel]}
              choices={[
                { value: 'email', label: t('notifications:preferences.channels.email', { address: notification.email }) },
                {
                  value: 'sms',
                  label: notification.phone ? t('notifications:preferences.channels.sms', { address: notification.phone }) : t('notifications:preferences.channels.smsNoPhone'),
                },
                { value: 'none', label: t('notifications:preferences.channels.none') },
              ]}
            />
            <ChoiceGroup
              name="notifyLanguage"
              error={errors.notifyLanguage}
              legend={t('notifications:preferences.language')}
              checked={[values.notifyLanguage ?? notification.language]}
              choices={LANGUAGES.map((language) => ({ value: language, label: t(`notifications:preferences.languages.${language}`) }))}
            />
            <button type="submit" className="button">
              {t('notifications:preferences.save')}
            </button>
          </form>
        </section>
      ) : null}
      {signedIn ? (
        <>
          <h2>{t('pages:settings.passwordTitle')}</h2>
          <p>
            <Link to="/account/password">{t('pages:settings.passwordLink')}</Link>
          </p>
        </>
      ) : null}
      {user?.role === 'client' || user?.role === 'representative' ? (
        <>
          <h2>{t('mydata:title')}</h2>
          <p>
            <Link to="/my-data">{t('mydata:links.access')}</Link>
          </p>
        </>
      ) : null}
      <h2>{t('pages:settings.languageTitle')}</h2>
      <p>{t('pages:settings.languageText')}</p>
      <LanguageChoices current={page} returnTo="/settings" className="plain-list" />
    </div>
  );
}
