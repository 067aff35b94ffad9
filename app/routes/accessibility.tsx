import { useT } from '../i18n/i18n';

export const handle = { title: 'pages:accessibility.title' };

/** The accessibility statement required by the Act on the Provision of Digital Services (306/2019). */
export default function AccessibilityStatement() {
  const { t } = useT();
  const list = (key: 'pages:accessibility.gaps' | 'pages:accessibility.features') => t(key, { returnObjects: true }) as unknown as string[];
  return (
    <article className="prose">
      <h1>{t('pages:accessibility.title')}</h1>
      <p>{t('pages:accessibility.intro')}</p>
      <h2>{t('pages:accessibility.statusTitle')}</h2>
      <p>{t('pages:accessibility.status')}</p>
      <h2>{t('pages:accessibility.gapsTitle')}</h2>
      <p>{t('pages:accessibility.gapsIntro')}</p>
      <ul>
        {list('pages:accessibility.gaps').map((gap) => (
          <li key={gap}>{gap}</li>
        ))}
      </ul>
      <h2>{t('pages:accessibility.featuresTitle')}</h2>
      <ul>
        {list('pages:accessibility.features').map((feature) => (
          <li key={feature}>{feature}</li>
        ))}
      </ul>
      <h2>{t('pages:accessibility.feedbackTitle')}</h2>
      <p>{t('pages:accessibility.feedback')}</p>
      <ul>
        <li>
          {t('common:footer.emailLabel')} <a href="mailto:saavutettavuus@kainuu.example.fi">saavutettavuus@kainuu.example.fi</a>
        </li>
        <li>
          {t('common:footer.phoneLabel')} <a href="tel:+358861550000">{t('common:footer.phone')}</a>
        </li>
      </ul>
      <p>{t('pages:accessibility.responseTime')}</p>
      <p>{t('pages:accessibility.feedbackInAvain')}</p>
      <h2>{t('pages:accessibility.enforcementTitle')}</h2>
      <p>{t('pages:accessibility.enforcement')}</p>
      <p>
        <a href="https://www.saavutettavuusvaatimukset.fi" hrefLang="fi">
          www.saavutettavuusvaatimukset.fi
        </a>
      </p>
      <h2>{t('pages:accessibility.datesTitle')}</h2>
      <p>{t('pages:accessibility.dates')}</p>
    </article>
  );
}
