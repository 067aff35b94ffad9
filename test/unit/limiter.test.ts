// The in-flight limiter starts one request per turn of the event loop, so a burst of requests
// cannot keep the loop from accepting new connections (libuv accepts one per turn).
import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { describe, expect, test } from 'vitest';
import { inFlightLimiter } from '../../app/utils/limiter.server';

type FakeResponse = EventEmitter & { finished: boolean; statusCode?: number; headers: Record<string, string>; body?: string };

function fakeResponse(): FakeResponse {
  const res = Object.assign(new EventEmitter(), { finished: false, headers: {} as Record<string, string> });
  const chain = {
    status: (code: number) => ((res as FakeResponse).statusCode = code, chain),
    set: (name: string, value: string) => ((res.headers[name] = value), chain),
    type: () => chain,
    send: (body: string) => {
      (res as FakeResponse).body = body;
      finish(res as FakeResponse);
      return chain;
    },
  };
  return Object.assign(res, chain) as unknown as FakeResponse;
}

function finish(res: FakeResponse) {
  res.finished = true;
  res.emit('finish');
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const run = (limiter: ReturnType<typeof inFlightLimiter>, res: FakeResponse, next: NextFunction) =>
  limiter({} as Request, res as unknown as Response, next);

describe('in-flight limiter', () => {
  test('starts the requests that arrived together one per turn of the event loop, first come first served', async () => {
    const limiter = inFlightLimiter({ maxInFlight: 10, maxQueue: 10 });
    const started: number[] = [];
    for (const n of [0, 1, 2]) run(limiter, fakeResponse(), () => started.push(n));
    expect(started).toEqual([]);
    expect(limiter.stats()).toEqual({ active: 3, waiting: 0 });
    await nextTurn();
    expect(started).toEqual([0]);
    await nextTurn();
    expect(started).toEqual([0, 1]);
    await nextTurn();
    expect(started).toEqual([0, 1, 2]);
  });

  test('does not work for a visitor who left before the turn came, and frees the slot', async () => {
    const limiter = inFlightLimiter({ maxInFlight: 10, maxQueue: 10 });
    const started: string[] = [];
    const gone = fakeResponse();
    run(limiter, gone, () => started.push('gone'));
    run(limiter, fakeResponse(), () => started.push('stays'));
    finish(gone);
    await nextTurn();
    await nextTurn();
    expect(started).toEqual(['stays']);
    expect(limiter.stats()).toEqual({ active: 1, waiting: 0 });
  });

  test('queues beyond maxInFlight, refuses beyond maxQueue with 503 and Retry-After, and frees slots as answers finish', async () => {
    const limiter = inFlightLimiter({ maxInFlight: 1, maxQueue: 1, retryAfterSeconds: 7 });
    const first = fakeResponse();
    const second = fakeResponse();
    const third = fakeResponse();
    const started: string[] = [];
    run(limiter, first, () => started.push('first'));
    run(limiter, second, () => started.push('second'));
    run(limiter, third, () => started.push('third'));
    expect(third.statusCode).toBe(503);
    expect(third.headers['Retry-After']).toBe('7');
    expect(limiter.stats()).toEqual({ active: 1, waiting: 1 });
    await nextTurn();
    expect(started).toEqual(['first']);
    finish(first);
    await nextTurn();
    expect(started).toEqual(['first', 'second']);
    finish(second);
    await nextTurn();
    expect(limiter.stats()).toEqual({ active: 0, waiting: 0 });
  });

  test('a waiting visitor who leaves after their slot came but before their turn is not worked for', async () => {
    const limiter = inFlightLimiter({ maxInFlight: 1, maxQueue: 1 });
    const first = fakeResponse();
    const second = fakeResponse();
    const started: string[] = [];
    run(limiter, first, () => started.push('first'));
    run(limiter, second, () => started.push('second'));
    await nextTurn();
    finish(first); // frees the slot: the second is given it, its turn still to come
    expect(limiter.stats()).toEqual({ active: 1, waiting: 0 });
    finish(second);
    await nextTurn();
    await nextTurn();
    expect(started).toEqual(['first']);
    expect(limiter.stats()).toEqual({ active: 0, waiting: 0 });
  });

  test('each request runs in its own async context, not in the one that started the chain of turns', async () => {
    const limiter = inFlightLimiter({ maxInFlight: 10, maxQueue: 10 });
    const context = new AsyncLocalStorage<string>();
    const seen: (string | undefined)[] = [];
    for (const name of ['a', 'b', 'c']) context.run(name, () => run(limiter, fakeResponse(), () => seen.push(context.getStore())));
    for (let turn = 0; turn < 3; turn++) await nextTurn();
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  test('a handler that throws is passed to the error handler, the loop goes on', async () => {
    const limiter = inFlightLimiter({ maxInFlight: 10, maxQueue: 10 });
    const passed: unknown[] = [];
    run(limiter, fakeResponse(), ((error?: unknown) => {
      if (error) passed.push(error);
      else throw new Error('handler failed');
    }) as NextFunction);
    const after: string[] = [];
    run(limiter, fakeResponse(), () => after.push('next one'));
    await nextTurn();
    await nextTurn();
    expect(passed).toEqual([new Error('handler failed')]);
    expect(after).toEqual(['next one']);
  });
});
