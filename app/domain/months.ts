// Budget months are calendar months in Finnish time (Europe/Helsinki), not UTC: a charge at
// 00:30 on the 1st in Kajaani belongs to the new month even though it is still the 31st in UTC.
import { currentTime } from './clock';

export const TIME_ZONE = 'Europe/Helsinki';

const dateParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Helsinki calendar date of an instant: 'YYYY-MM-DD'. */
export function helsinkiDate(instant: Date = currentTime()): string {
  return dateParts.format(instant); // en-CA formats as YYYY-MM-DD
}

/** The budget month of an instant: 'YYYY-MM'. */
export function helsinkiMonth(instant: Date = currentTime()): string {
  return helsinkiDate(instant).slice(0, 7);
}

export function isMonth(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function daysInMonth(month: string): number {
  const [year, m] = month.split('-').map(Number);
  return new Date(Date.UTC(year, m, 0)).getUTCDate();
}

/** Days left in the month, today included (1 on the last day). */
export function daysLeftInMonth(instant: Date = currentTime()): number {
  const today = helsinkiDate(instant);
  return daysInMonth(today.slice(0, 7)) - Number(today.slice(8, 10)) + 1;
}

export function addMonths(month: string, delta: number): string {
  const [year, m] = month.split('-').map(Number);
  const date = new Date(Date.UTC(year, m - 1 + delta, 1));
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function firstDayOf(month: string): string {
  return `${month}-01`;
}

export function lastDayOf(month: string): string {
  return `${month}-${String(daysInMonth(month)).padStart(2, '0')}`;
}

/** A calendar date moved by whole days: addDays('2026-03-01', -1) → '2026-02-28'. */
export function addDays(date: string, days: number): string {
  // Noon UTC keeps the arithmetic clear of any DST edge.
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from a timestamp until now, never negative. */
export function daysBetween(from: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - new Date(from).getTime()) / DAY_MS));
}

/** A date typed as 25.11.2026 (Finnish) or 2026-11-25 (date picker) → '2026-11-25', or null. */
export function parseDate(input: string): string | null {
  const trimmed = input.trim();
  if (isIsoDate(trimmed)) return trimmed;
  const match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(trimmed);
  if (!match) return null;
  const iso = `${match[3]}-${match[2].padStart(2, '0')}-${match[1].padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

const helsinkiHour = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, hour: '2-digit', hourCycle: 'h23' });

/** The UTC instant at which a Helsinki calendar day begins, as an ISO string. */
export function helsinkiMidnightUtc(date: string): string {
  for (const offset of ['+03:00', '+02:00']) {
    const instant = new Date(`${date}T00:00:00${offset}`);
    if (helsinkiHour.format(instant) === '00') return instant.toISOString();
  }
  return new Date(`${date}T00:00:00+02:00`).toISOString();
}

/** A month as a Date in its middle, for formatting its name without any time-zone edge. */
export function midMonth(month: string): Date {
  return new Date(`${month}-15T12:00:00Z`);
}

// A charge takes its month from the moment it was asked for and may wait a few seconds for the
// write lock; for this long after midnight the month just ended is still read from the ledger.
const CLOSING_GRACE_MS = 10 * 60 * 1000;

/** The first month read live from the ledger: every month before it is closed (its kept rows may be read). */
export function firstOpenMonth(now = currentTime()): string {
  return helsinkiMonth(new Date(now.getTime() - CLOSING_GRACE_MS));
}
