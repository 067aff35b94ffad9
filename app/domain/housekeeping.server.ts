// Work that runs without a visitor waiting for it: app/server.ts calls housekeeping() once it
// is serving, and every hour (through the build's entry module).
import { deleteExpiredSessions } from '../auth/session.server';
import { currentTime } from './clock';
import { forgetMonthsNotClosed, keepClosedMonth, missingClosedMonths } from './evaluation.server';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Removes ended sessions and computes the evaluation report's closed months not yet computed,
 * one month a turn of the event loop: after an upgrade there may be six months to compute (about
 * half a second each at national size), and requests are answered in between. Never throws.
 */
export function housekeeping(now = currentTime()): Promise<void> {
  // One run at a time: an hourly start while the first is still computing joins it.
  running ??= run(now).finally(() => {
    running = null;
  });
  return running;
}

let running: Promise<void> | null = null;

async function run(now: Date): Promise<void> {
  try {
    deleteExpiredSessions(now);
    forgetMonthsNotClosed(now);
    // Asked again each turn: a report may have computed a month meanwhile. At most one pass over
    // the window, so a month that cannot be kept (a busy database) is left for the next hour.
    for (let left = missingClosedMonths(now).length; left > 0; left--) {
      await nextTurn();
      const [month] = missingClosedMonths(now);
      if (!month) break;
      keepClosedMonth(month, now);
    }
  } catch (error) {
    // The report computes a missing month itself; this is only to spare its first visitor.
    console.error('[avain] housekeeping not finished:', error);
  }
}
