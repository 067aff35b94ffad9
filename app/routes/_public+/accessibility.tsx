import { useT } from '../../i18n/i18n';

export const handle = { title: 'pages:accessibility.title' };

type Gap = { text: string; alternative: string };

/** The supervisor's pages on digital accessibility, with how to make a complaint, in each language. */
const SUPERVISOR_SITE = { fi: 'https://www.saavutettavuusvaatimukset.fi', sv: 'https://www.tillganglighetskrav.fi' } as const;

/**
 * The accessibility statement required by the Act on the Provision of Digital Services (306/2019)
 * §9, in the parts of the EU model statement (Commission Implementing Decision 2018/1523):
 * status, non-compliant content with the reason and an alternative, how it was assessed, feedback
 * with the two-week answer, the supervisory authority and dates prepared and reviewed.
 */
export default function AccessibilityStatement() {
  const { t, lang } = useT();
  const list = <T,>(key: 'pages:accessibility.gaps' | 'pages:accessibility.features') => t(key, { returnObjects: true }) as unknown as T[];
  return (
    <article className="prose">
      <h1>{t('pages:accessibility.title')}</h1>
      <p>{t('pages:accessibility.intro')}</p>
      <h2>{t('pages:accessibility.statusTitle')}</h2>
      <p>{t('pages:accessibility.status')}</p>
      <h2>{t('pages:accessibility.gapsTitle')}</h2>
      <p>{t('pages:accessibility.gapsIntro')}</p>
      <ul>
        {list<Gap>('pages:accessibility.gaps').map((gap) => (
          <li key={gap.text}>
            <p>{gap.text}</p>
            <p>{gap.alternative}</p>
          </li>
        ))}
      </ul>
      <h2>{t('pages:accessibility.methodTitle')}</h2>
      <p>{t('pages:accessibility.method')}</p>
      <h2>{t('pages:accessibility.featuresTitle')}</h2>
      <ul>
        {list<string>('pages:accessibility.features').map((feature) => (
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
      <h3>{t('pages:accessibility.enforcementContact')}</h3>
      <p>
        {t('pages:accessibility.enforcementName')}
        <br />
        <a href={SUPERVISOR_SITE[lang]} hrefLang={lang}>
          {t('pages:accessibility.enforcementComplaint')}
        </a>
      </p>
      <h2>{t('pages:accessibility.datesTitle')}</h2>
      <p>{t('pages:accessibility.dates')}</p>
    </article>
  );
}
