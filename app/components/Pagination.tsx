// The one pagination of the app: a named nav with previous/next and page links, the current page
// marked with aria-current, 44 px targets (styles.css .pagination). Plain links keep every other
// query parameter, so it works without JavaScript. Numbered pages (page/pageCount) or a keyset
// (previousHref/nextHref only, for lists ordered by id without a count).
import { Link, useLocation } from '@remix-run/react';
import { useT } from '../i18n/i18n';

/** The current URL with `changes` applied (null removes a parameter); every other parameter stays. */
export function hrefWith(pathname: string, search: string, changes: Record<string, string | null>): string {
  const params = new URLSearchParams(search);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) params.delete(name);
    else params.set(name, value);
  }
  const query = params.toString();
  return query ? `${pathname}?${query}` : pathname;
}

type Numbered = { page: number; pageCount: number; href?: (page: number) => string };
type Keyset = { previousHref: string | null; nextHref: string | null; previousText?: string; nextText?: string };

export function Pagination(props: { label: string } & (Numbered | Keyset)) {
  const { t } = useT();
  const location = useLocation();
  if ('previousHref' in props) {
    if (!props.previousHref && !props.nextHref) return null;
    return (
      <nav className="pagination" aria-label={props.label}>
        <ul>
          {props.previousHref ? (
            <li>
              <Link to={props.previousHref} rel="prev">
                {props.previousText ?? t('common:pagination.previous')}
              </Link>
            </li>
          ) : null}
          {props.nextHref ? (
            <li>
              <Link to={props.nextHref} rel="next">
                {props.nextText ?? t('common:pagination.next')}
              </Link>
            </li>
          ) : null}
        </ul>
      </nav>
    );
  }
  const { page, pageCount, label } = props;
  if (pageCount <= 1) return null;
  const href = props.href ?? ((n: number) => hrefWith(location.pathname, location.search, { page: n > 1 ? String(n) : null }));
  const shown = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pageCount])].filter((n) => n >= 1 && n <= pageCount).sort((a, b) => a - b);
  return (
    <nav className="pagination" aria-label={label}>
      <ul>
        {page > 1 ? (
          <li>
            <Link to={href(page - 1)} rel="prev">
              {t('common:pagination.previous')}
            </Link>
          </li>
        ) : null}
        {shown.map((n, i) => (
          <li key={n}>
            {i > 0 && n - shown[i - 1] > 1 ? <span className="pagination-gap">…</span> : null}
            <Link to={href(n)} aria-current={n === page ? 'page' : undefined} aria-label={t('common:pagination.page', { page: n, pages: pageCount })}>
              {n}
            </Link>
          </li>
        ))}
        {page < pageCount ? (
          <li>
            <Link to={href(page + 1)} rel="next">
              {t('common:pagination.next')}
            </Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
