// Overload protection for app/server.ts: at most `maxInFlight` requests are worked on at once and
// at most `maxQueue` wait for a turn (first come, first served). Anything beyond is refused at
// once with 503 and Retry-After, so an overloaded server answers slowly or "try again later",
// never with an error page or a half-done charge. Static files are served before this.
import type { NextFunction, Request, Response } from 'express';

export type LimiterOptions = { maxInFlight: number; maxQueue: number; retryAfterSeconds?: number };

export const BUSY_PAGE = `<!DOCTYPE html><html lang="fi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Palvelu on ruuhkautunut – Avain</title><link rel="stylesheet" href="/styles.css"></head><body><main id="main" class="container"><h1>Palvelu on juuri nyt ruuhkautunut</h1><p>Mitään ei tallennettu eikä veloitettu. Odota hetki ja <a href="/">yritä uudelleen</a>.</p><h2 lang="sv">Tjänsten är överbelastad just nu</h2><p lang="sv">Ingenting sparades eller debiterades. Vänta en stund och <a href="/">försök igen</a>.</p></main></body></html>`;

export function limitFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value >= 0 ? value : fallback;
}

export function inFlightLimiter({ maxInFlight, maxQueue, retryAfterSeconds = 5 }: LimiterOptions) {
  let active = 0;
  const waiting: (() => void)[] = [];

  return function limitInFlight(req: Request, res: Response, next: NextFunction) {
    const start = () => {
      active++;
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        active--;
        waiting.shift()?.();
      };
      res.once('finish', release);
      res.once('close', release);
      next();
    };
    if (active < maxInFlight) return start();
    if (waiting.length >= maxQueue) {
      res.status(503).set('Retry-After', String(retryAfterSeconds)).set('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(BUSY_PAGE);
      return;
    }
    waiting.push(start);
    // A visitor who gives up while waiting leaves the queue.
    res.once('close', () => {
      const index = waiting.indexOf(start);
      if (index !== -1) waiting.splice(index, 1);
    });
  };
}
