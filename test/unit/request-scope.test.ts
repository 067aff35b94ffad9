// What a request has read is remembered for that request only: GET and HEAD requests, never
// across requests, never after the response, never in a POST (its loaders must see the action's
// writes), and forgotten after a session write.
import { describe, expect, test } from 'vitest';
import { forgetWhatThisRequestRead, inRequestScope, oncePerRequest } from '../../app/utils/requestScope.server';

function counter() {
  let reads = 0;
  return { read: () => oncePerRequest('thing', () => ++reads), reads: () => reads };
}

describe('oncePerRequest', () => {
  test('a GET request reads once, however many loaders ask, also across awaits', async () => {
    const thing = counter();
    const seen = await inRequestScope({ requestMethod: 'GET' }, async () => {
      const first = thing.read();
      await new Promise((resolve) => setTimeout(resolve, 1));
      const [second, third] = await Promise.all([Promise.resolve().then(thing.read), Promise.resolve().then(thing.read)]);
      return [first, second, third];
    });
    expect(seen).toEqual([1, 1, 1]);
    expect(thing.reads()).toBe(1);
  });

  test('each request reads for itself, also two at the same time', async () => {
    const thing = counter();
    const [a, b] = await Promise.all([
      inRequestScope({ requestMethod: 'GET' }, async () => [thing.read(), thing.read()]),
      inRequestScope({ requestMethod: 'HEAD' }, async () => [thing.read(), thing.read()]),
    ]);
    expect(thing.reads()).toBe(2);
    expect(a[0]).toBe(a[1]);
    expect(b[0]).toBe(b[1]);
    expect(a[0]).not.toBe(b[0]);
  });

  test('a POST request, work outside any request and work left running after the response read every time', async () => {
    const thing = counter();
    await inRequestScope({ requestMethod: 'POST' }, async () => [thing.read(), thing.read()]);
    expect(thing.reads()).toBe(2);
    thing.read();
    expect(thing.reads()).toBe(3);
    let later: Promise<number> | undefined;
    await inRequestScope({ requestMethod: 'GET' }, async () => {
      thing.read();
      later = new Promise((resolve) => setTimeout(() => resolve(thing.read()), 5));
    });
    await later;
    expect(thing.reads()).toBe(5);
  });

  test('a write the request must see makes it read again', async () => {
    const thing = counter();
    await inRequestScope({ requestMethod: 'GET' }, async () => {
      thing.read();
      forgetWhatThisRequestRead();
      thing.read();
      thing.read();
    });
    expect(thing.reads()).toBe(2);
  });
});
