// Plain-language versions (selkokieli, lättläst) of the texts a client or a representative sees.
//
// They live in their own locale folders with the same keys as the standard texts
// (`locales/fi-x-selko/`, `locales/sv-x-ll/`, BCP 47 private-use tags). Every client-facing key
// must be there; a key that only staff, providers or administrators see is left out and falls
// back to the standard text (docs/decisions/016-plain-language.md). test/unit/plain-language.test.ts
// holds the files to exactly this list and measures every text against the limits below.

/** Key prefixes per namespace: `include` (`*` = all keys), minus `exclude`. */
export const CLIENT_FACING: Record<string, { include: string[]; exclude?: string[] }> = {
  common: {
    include: ['*'],
    exclude: [
      'nav.charge',
      'nav.charges',
      'nav.settlement',
      'nav.profile',
      'nav.adminProviders',
      'nav.adminServices',
      'nav.adminClients',
      'nav.invoices',
      'errorReasons.noProviderRecord',
    ],
  },
  // The second-factor pages are for workers and administrators only; the demo IdP is not part of
  // the service (demo and tests only, never with real Suomi.fi).
  auth: {
    include: ['*'],
    exclude: ['code', 'enrol', 'errors.codeRequired', 'errors.codeFormat', 'errors.enrolCodeFormat', 'errors.codeWrong', 'errors.codeTooMany', 'errors.codeWait', 'errors.codeExpired', 'demoIdp'],
  },
  pages: { include: ['*'], exclude: ['worker', 'provider', 'admin'] },
  budget: { include: ['*'] },
  catalogue: {
    include: [
      'title',
      'pageTitle',
      'lead',
      'backToSearch',
      'filters',
      'results',
      'pagination',
      'budget',
      'provider',
      'compare',
      'applyTitle',
      'applyText',
      'applyLink',
      'errors.service',
      'errors.municipality',
      'errors.language',
      'errors.maxPrice',
      'errors.textTooLong',
      'errors.sort',
      'errors.page',
    ],
  },
  messages: { include: ['*'], exclude: ['lead.worker', 'lead.admin', 'adminTitle', 'waiting', 'overdue', 'answered', 'filter', 'admin'] },
  backoffice: { include: ['planView', 'plan.needs', 'plan.goals', 'plan.servicesAgreed', 'plan.writtenBy'] },
  // The my-data pages (access log, copy); the reason prompt and the service end are staff's.
  mydata: { include: ['*'], exclude: ['reason', 'record', 'serviceEnd'] },
  // The dispute page and the budget page's disputes, and the notification choices on settings.
  notifications: { include: ['dispute', 'preferences'] },
};

function matches(key: string, prefix: string): boolean {
  return prefix === '*' || key === prefix || key.startsWith(`${prefix}.`) || key.startsWith(`${prefix}_`) || key.startsWith(`${prefix}[`);
}

/** Whether a key (dotted path inside its namespace) is seen by clients or representatives. */
export function isClientFacing(namespace: string, key: string): boolean {
  const rule = CLIENT_FACING[namespace];
  if (!rule) return false;
  return rule.include.some((prefix) => matches(key, prefix)) && !(rule.exclude ?? []).some((prefix) => matches(key, prefix));
}

/** Limits from Selkomittari 2.0 (short sentences, common words), made measurable. */
export const PLAIN_LIMITS = {
  /** Words in one sentence. */
  maxWordsPerSentence: 14,
  /** Letters in one word; a longer word must be one the help page's word list explains. */
  maxWordLength: 15,
};

export type PlainTextProblem = { sentence: string; problem: 'longSentence' | 'longWord'; detail: string };

/**
 * Measures one text. Placeholders ({{name}}), e-mail and web addresses and numbers are not words
 * a reader has to spell out; a long word passes when it starts with the stem of a glossary term
 * (Finnish and Swedish inflect at the end: "palveluntuottaja" → "palveluntuottajalta",
 * "sähköpostiosoite" → "sähköpostiosoitteesi", "henkilökohtainen" → "henkilökohtaista").
 */
export function plainTextProblems(text: string, glossary: readonly string[]): PlainTextProblem[] {
  const problems: PlainTextProblem[] = [];
  const cleaned = text
    .replace(/\{\{[^}]+\}\}/g, 'X')
    .replace(/\S+@\S+\.\S+/g, 'X')
    .replace(/https?:\/\/\S+|www\.\S+|\b[\p{L}\d-]+\.(fi|se|eu|com|org)\b/gu, 'X');
  const sentences = cleaned
    .split(/(?<=[.!?:;])\s+|\n+|\s[–-]\s/)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
  const terms = glossary.map((term) => term.toLocaleLowerCase('fi').replace(/(nen|us|[aeiouyäöå]+)$/, ''));
  for (const sentence of sentences) {
    const words = sentence.split(/\s+/).filter((word) => /\p{L}/u.test(word));
    if (words.length > PLAIN_LIMITS.maxWordsPerSentence) {
      problems.push({ sentence, problem: 'longSentence', detail: `${words.length} words` });
    }
    for (const raw of words) {
      for (const word of raw.split(/[-/]/)) {
        const letters = word.replace(/[^\p{L}]/gu, '').toLocaleLowerCase('fi');
        if (letters.length > PLAIN_LIMITS.maxWordLength && !terms.some((term) => letters.startsWith(term))) {
          problems.push({ sentence, problem: 'longWord', detail: letters });
        }
      }
    }
  }
  return problems;
}
