import { Link } from '@remix-run/react';
import { addMonths } from '../domain/months';
import { formatMonth } from '../i18n/format';
import { useT } from '../i18n/i18n';

/** Links to the previous month and, up to the current month, the next one. */
export function MonthNav({ month, currentMonth, href }: { month: string; currentMonth: string; href: (month: string) => string }) {
  const { t, lang } = useT();
  const previous = addMonths(month, -1);
  const next = addMonths(month, 1);
  return (
    <nav aria-label={t('provider:month.nav')}>
      <ul className="month-nav">
        <li>
          <Link to={href(previous)}>{t('provider:month.previous', { month: formatMonth(previous, lang) })}</Link>
        </li>
        {month < currentMonth ? (
          <li>
            <Link to={href(next)}>{t('provider:month.next', { month: formatMonth(next, lang) })}</Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
