// The one clock of the app: every "now" and "today" (budget month, days left, session timeouts,
// refund window) comes from `currentTime()`. In tests it can be moved to a fixed instant so the
// date-sensitive tests run on the 1st, the last day of a month, a DST change day and New Year's
// Eve as well as today. The moved clock keeps ticking at the real rate (timeouts still work).
//
// `AVAIN_NOW` (an ISO instant, e.g. `2026-12-31T21:30:00Z`) is honoured only when
// `NODE_ENV=test` or `AVAIN_ALLOW_FIXED_CLOCK=true`, so a production server never runs on a
// clock someone set by mistake. Tests in one process can also call `setClock()`.

let targetMs: number | null = null;
let setAtMs = 0;

function parseInstant(value: string | Date): number {
  const ms = (value instanceof Date ? value : new Date(value)).getTime();
  if (Number.isNaN(ms)) throw new Error(`clock: not an instant: ${String(value)}`);
  return ms;
}

/** Moves the clock to `instant` from this moment on (it keeps ticking); `null` is the real clock. */
export function setClock(instant: string | Date | null): void {
  targetMs = instant === null ? null : parseInstant(instant);
  setAtMs = Date.now();
}

/** Whether AVAIN_NOW may move the clock in this process. */
export function fixedClockAllowed(env: Record<string, string | undefined> = process.env): boolean {
  return env.NODE_ENV === 'test' || env.AVAIN_ALLOW_FIXED_CLOCK === 'true';
}

/** The current instant: the real time, or the moved clock. */
export function currentTime(): Date {
  return targetMs === null ? new Date() : new Date(targetMs + (Date.now() - setAtMs));
}

function clockFromEnv() {
  const value = typeof process === 'undefined' ? undefined : process.env.AVAIN_NOW;
  if (!value || !fixedClockAllowed()) return;
  targetMs = parseInstant(value);
  // Measured from the start of the process, so every copy of this module (the server and the
  // Remix build each load one) shows the same time.
  setAtMs = Math.round(performance.timeOrigin);
}

clockFromEnv();
