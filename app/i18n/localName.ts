import type { Language } from '../../db/schema';

/** A record with a Finnish and a Swedish spelling of one field: `nameFi`/`nameSv`, `serviceNameFi`/`serviceNameSv`. */
export type Bilingual<Field extends string = 'name'> = Record<`${Field}Fi` | `${Field}Sv`, string>;

/**
 * The name in the reader's language: localName(service, lang) reads `nameSv` or `nameFi`;
 * localName(line, lang, 'serviceName') reads `serviceNameSv` or `serviceNameFi`.
 */
export function localName<Field extends string = 'name'>(item: NoInfer<Bilingual<Field>>, lang: Language, field: Field = 'name' as Field): string {
  return lang === 'sv' ? item[`${field}Sv`] : item[`${field}Fi`];
}
