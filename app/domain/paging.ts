// Paging for every list that grows with the data. Two kinds:
// - numbered pages (limit/offset with a count) where a list is ordered by name and bounded per
//   person (a worker's clients, a provider's month, an inbox);
// - keyset pages (before/after an id) where a list is ordered by id and unbounded (the audit log):
//   no count and no offset, so page 10,000 costs what page 1 costs.
// A bad page parameter never fails: it answers the first page (or the last, when past the end).

export const PAGE_SIZE = 50;

/** The largest page number read from a query; larger is treated as bad input (first page). */
const MAX_PAGE = 1_000_000;

export type PageInfo = { page: number; pageCount: number; total: number; pageSize: number };
export type PageWindow = PageInfo & { offset: number; limit: number };

/** The page number asked in the query string: a whole number from 1, otherwise 1. */
export function requestedPage(url: URL, param = 'page'): number {
  const raw = url.searchParams.get(param);
  if (raw === null || !/^\d{1,7}$/.test(raw)) return 1;
  const page = Number(raw);
  return page >= 1 && page <= MAX_PAGE ? page : 1;
}

/** Which rows a page holds, given how many there are; a page past the end is the last page. */
export function pageWindow(total: number, requested: number, pageSize = PAGE_SIZE): PageWindow {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.trunc(requested) || 1), pageCount);
  return { page, pageCount, total, pageSize, offset: (page - 1) * pageSize, limit: pageSize };
}

/** One page of a list already in memory (short lists whose filter runs in JavaScript). */
export function pageOfList<T>(items: readonly T[], requested: number, pageSize = PAGE_SIZE): { items: T[]; page: PageInfo } {
  const { offset, limit, ...page } = pageWindow(items.length, requested, pageSize);
  return { items: items.slice(offset, offset + limit), page };
}

/** Where a keyset page starts: older than `before`, or newer than `after`; neither is the newest page. */
export type Keyset = { before: number | null; after: number | null };

function positiveId(raw: string | null): number | null {
  if (raw === null || !/^\d{1,15}$/.test(raw)) return null;
  const id = Number(raw);
  return id >= 1 && Number.isSafeInteger(id) ? id : null;
}

/** The keyset asked in the query string (`before` wins over `after`); anything unreadable is the newest page. */
export function requestedKeyset(url: URL): Keyset {
  const before = positiveId(url.searchParams.get('before'));
  if (before !== null) return { before, after: null };
  return { before: null, after: positiveId(url.searchParams.get('after')) };
}

export type KeysetPage<T> = { rows: T[]; newerAfter: number | null; olderBefore: number | null };

/**
 * Makes a newest-first keyset page from rows fetched with `fetch(limit)`: with `before`, rows with a
 * smaller id newest first; with `after`, rows with a larger id oldest first (they are turned
 * around here). Fetches one row more than a page to know whether there is another page.
 */
export function keysetPage<T extends { id: number }>(keyset: Keyset, fetch: (limit: number) => T[], pageSize = PAGE_SIZE): KeysetPage<T> {
  const found = fetch(pageSize + 1);
  const more = found.length > pageSize;
  const rows = found.slice(0, pageSize);
  if (keyset.after !== null) {
    rows.reverse();
    // Fewer than a page newer than `after`: this is the newest page.
    return { rows, newerAfter: more && rows.length ? rows[0].id : null, olderBefore: rows.length ? rows[rows.length - 1].id : keyset.after + 1 };
  }
  return {
    rows,
    newerAfter: keyset.before !== null && rows.length ? rows[0].id : keyset.before !== null ? keyset.before - 1 : null,
    olderBefore: more ? rows[rows.length - 1].id : null,
  };
}
