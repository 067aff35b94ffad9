import { Link } from '@remix-run/react';
import { useT } from '../../i18n/i18n';

export const handle = { title: 'pages:help.title' };

export default function Help() {
  const { t } = useT();
  const questions = t('pages:help.questions', { returnObjects: true }) as unknown as { q: string; a: string }[];
  // Hard words explained once: the plain-language texts may use these (test/unit/plain-language.test.ts).
  const words = t('pages:help.words', { returnObjects: true }) as unknown as { term: string; text: string }[];
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
      <section aria-labelledby="words-title">
        <h2 id="words-title">{t('pages:help.wordsTitle')}</h2>
        <dl className="summary-list">
          {words.map((word) => (
            <div key={word.term}>
              <dt>{word.term}</dt>
              <dd>{word.text}</dd>
            </div>
          ))}
        </dl>
      </section>
      <p>
        <Link to="/accessibility">{t('common:footer.accessibility')}</Link>
      </p>
    </article>
  );
}
