// Work that runs without a visitor waiting for it: app/server.ts calls housekeeping() at start
// and every hour (through the build's entry module).
import { deleteExpiredSessions } from '../auth/session.server';
import { currentTime } from './clock';
import { closeEvaluationMonths } from './evaluation.server';

/** Removes ended sessions and computes the evaluation report's closed months not yet computed. */
export function housekeeping(now = currentTime()): void {
  deleteExpiredSessions(now);
  try {
    closeEvaluationMonths(now);
  } catch (error) {
    // The report computes a missing month itself; this is only to spare its first visitor.
    console.error('[avain] housekeeping: evaluation months not computed:', error);
  }
}
