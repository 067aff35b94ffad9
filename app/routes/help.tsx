import { Link } from '@remix-run/react';
import { useT } from '../i18n/i18n';

export const handle = { title: 'pages:help.title' };

export default function Help() {
  const { t } = useT();
  const questions = t('pages:help.questions', { returnObjects: true }) as unknown as { q: string; a: string }[];
  return (
    <article className="prose">
      <h1>{t('pages:help.title')}</h1>
      <p>{t('pages:help.intro')}</p>
      {questions.map((item) => (
        <section key={item.q}>
          <h2>{item.q}</h2>
          <p>{item.a}</p>
        </section>
      ))}
      <p>
        <Link to="/accessibility">{t('common:footer.accessibility')}</Link>
      </p>
    </article>
  );
}
