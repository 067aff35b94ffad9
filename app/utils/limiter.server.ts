// Overload protection for app/server.ts: at most `maxInFlight` requests are worked on at once and
// at most `maxQueue` wait for a turn (first come, first served). Anything beyond is refused at
// once with 503 and Retry-After, so an overloaded server answers slowly or "try again later",
// never with an error page or a half-done charge. Static files are served before this.
import { AsyncResource } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';
import onFinished from 'on-finished';

export type LimiterOptions = { maxInFlight: number; maxQueue: number; retryAfterSeconds?: number };

export const BUSY_PAGE = `<!DOCTYPE html><html lang="fi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Palvelu on ruuhkautunut – Avain</title><link rel="stylesheet" href="/styles.css"></head><body><main id="main" class="container"><h1>Palvelu on juuri nyt ruuhkautunut</h1><p>Mitään ei tallennettu eikä veloitettu. Odota hetki ja <a href="/">yritä uudelleen</a>.</p><h2 lang="sv">Tjänsten är överbelastad just nu</h2><p lang="sv">Ingenting sparades eller debiterades. Vänta en stund och <a href="/">försök igen</a>.</p></main></body></html>`;

export function limitFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value >= 0 ? value : fallback;
}

export type LimiterStats = { active: number; waiting: number };
export type InFlightLimiter = ((req: Request, res: Response, next: NextFunction) => void) & { stats: () => LimiterStats };

/**
 * Runs queued work one item per turn of the event loop (a chain of setImmediate). libuv accepts
 * one new connection per turn, and a turn that ran every request that had arrived (64 charges at
 * 3 ms each) left new visitors in the kernel's accept queue for seconds under load. One request
 * a turn brings the loop back to accepting and reading every few milliseconds.
 */
function oneTurnEach() {
  const queued: (() => void)[] = [];
  let scheduled = false;
  const takeTurn = () => {
    const run = queued.shift();
    scheduled = queued.length > 0;
    if (scheduled) setImmediate(takeTurn);
    run?.();
  };
  return {
    take(run: () => void) {
      // Bound to the caller's async context: each request keeps its own, not the chain starter's.
      queued.push(AsyncResource.bind(run));
      if (!scheduled) {
        scheduled = true;
        setImmediate(takeTurn);
      }
    },
  };
}

// Slots are freed with `on-finished`, which also fires (on a later turn) for a response whose
// connection had already gone before we listened, e.g. while `express.static` did its `stat`.
// Listening for `close` ourselves missed those, and after MAX_IN_FLIGHT of them nothing moved.
export function inFlightLimiter({ maxInFlight, maxQueue, retryAfterSeconds = 5 }: LimiterOptions): InFlightLimiter {
  let active = 0;
  const waiting: (() => boolean)[] = [];
  const turns = oneTurnEach();

  const startNext = () => {
    // A waiter whose visitor has gone meanwhile is skipped, not started.
    for (let turn = waiting.shift(); turn; turn = waiting.shift()) if (turn()) return;
  };

  function limitInFlight(req: Request, res: Response, next: NextFunction) {
    const start = (): boolean => {
      if (onFinished.isFinished(res)) return false;
      active++;
      let released = false;
      onFinished(res, () => {
        if (released) return;
        released = true;
        active--;
        startNext();
      });
      // A visitor gone before the turn came is not worked for; the slot is freed by onFinished.
      turns.take(() => {
        if (onFinished.isFinished(res)) return;
        // Outside Express's own call now: a throw goes to its error handler, never up the loop.
        try {
          next();
        } catch (error) {
          next(error);
        }
      });
      return true;
    };
    if (onFinished.isFinished(res)) return;
    if (active < maxInFlight && waiting.length === 0) {
      start();
      return;
    }
    if (waiting.length >= maxQueue) {
      res.status(503).set('Retry-After', String(retryAfterSeconds)).set('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(BUSY_PAGE);
      return;
    }
    waiting.push(start);
    // A visitor who gives up while waiting leaves the queue.
    onFinished(res, () => {
      const index = waiting.indexOf(start);
      if (index !== -1) waiting.splice(index, 1);
    });
    // Slots may have been freed by responses that finished while this one was being queued.
    if (active < maxInFlight) startNext();
  }
  return Object.assign(limitInFlight, { stats: (): LimiterStats => ({ active, waiting: waiting.length }) });
}
