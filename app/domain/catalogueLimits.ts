// Limits and field names the catalogue pages share between server code and the rendered forms
// (kept out of *.server.ts so components can import them).
export const PAGE_SIZE = 20;
export const MAX_COMPARE = 3;
export const MAX_SEARCH_LENGTH = 100;
/** The highest unit price anyone may enter: 1 000 €. Above that it is a typing error. */
export const MAX_PRICE_CENTS = 100_000;
export const MAX_REASON_LENGTH = 1000;
export const MAX_DESCRIPTION_LENGTH = 2000;

/** The name of the price input of a service: `price-<serviceId>`. */
export function priceFieldName(serviceId: number): string {
  return `price-${serviceId}`;
}
