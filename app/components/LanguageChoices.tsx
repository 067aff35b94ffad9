import type { Language } from '../i18n/i18n';

/** The language versions, each named in itself (so never translated). */
const CHOICES: { code: string; lang: Language; plain: boolean; name: string }[] = [
  { code: 'fi', lang: 'fi', plain: false, name: 'Suomi' },
  { code: 'fi-x-selko', lang: 'fi', plain: true, name: 'Selkokieli' },
  { code: 'sv', lang: 'sv', plain: false, name: 'Svenska' },
  { code: 'sv-x-ll', lang: 'sv', plain: true, name: 'Lätt svenska' },
];

/**
 * Plain links to /language/<code>, which set a cookie and come back to `returnTo` (path and query).
 * Plain language is a display choice like text size: `lang` stays fi or sv.
 */
export function LanguageChoices({ current, returnTo, className }: { current: { lang: Language; plain: boolean }; returnTo: string; className?: string }) {
  const back = encodeURIComponent(returnTo);
  return (
    <ul className={className}>
      {CHOICES.map((choice) => (
        <li key={choice.code}>
          <a
            href={`/language/${choice.code}?returnTo=${back}`}
            lang={choice.lang}
            hrefLang={choice.lang}
            aria-current={current.lang === choice.lang && current.plain === choice.plain ? 'true' : undefined}
          >
            {choice.name}
          </a>
        </li>
      ))}
    </ul>
  );
}
