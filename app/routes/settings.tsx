import type { ActionFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useRouteLoaderData, useSearchParams } from '@remix-run/react';
import type { RootData } from '../root';
import { z } from 'zod';
import { ChoiceGroup, CsrfField, ErrorSummary } from '../components/forms';
import { LanguageChoices } from '../components/LanguageChoices';
import { usePageContext, useT } from '../i18n/i18n';
import { readForm, validateForm } from '../utils/forms.server';
import { preferencesCookie, TEXT_SIZES } from '../utils/preferences.server';

export const handle = { title: 'pages:settings.title' };

const settingsSchema = z.object({
  textSize: z.enum(TEXT_SIZES, 'pages:settings.errors.textSize'),
  contrast: z.enum(['normal', 'high'], 'pages:settings.errors.contrast'),
});

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const result = validateForm(form, settingsSchema);
  if (!result.ok) return data({ errors: result.errors }, { status: 400 });
  const cookie = preferencesCookie({ textSize: result.data.textSize, highContrast: result.data.contrast === 'high' });
  return redirect('/settings?saved=1', { status: 303, headers: { 'Set-Cookie': cookie } });
}

export default function Settings() {
  const { t } = useT();
  const page = usePageContext();
  const [params] = useSearchParams();
  const errors = useActionData<typeof action>()?.errors ?? {};
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
