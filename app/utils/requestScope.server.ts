// What one request has already read: the session's user and the clients they may act for are
// asked by the root loader, the route's guard and the header alike, and read once.
//
// Remix gives every loader of a request the same load context object (app/server.ts makes one per
// HTTP request) but each its own Request, and the guards take only the Request. So app/server.ts
// runs the whole request inside `inRequestScope(context, …)` (AsyncLocalStorage) and the memo is
// keyed on that load context: it is found by everything the request's loaders call, by nothing
// else, and is dropped when the response is ready. Nothing outlives the request, so a revoked
// session or an ended representation takes effect on the very next request.
//
// Only GET and HEAD requests remember: a POST runs its action and then the page's loaders in the
// same request, and the loaders must see what the action wrote. Outside a request (tests calling a
// loader directly, scripts, the delivery worker) nothing is remembered.
import { AsyncLocalStorage } from 'node:async_hooks';

type LoadContext = { requestMethod?: string };
type Scope = { context: LoadContext; open: boolean };

const current = new AsyncLocalStorage<Scope>();
const memos = new WeakMap<LoadContext, Map<string, unknown>>();

/** Runs one request (its action, loaders and rendering) with `context` as its per-request key. */
export async function inRequestScope<T>(context: LoadContext, handle: () => Promise<T>): Promise<T> {
  const scope: Scope = { context, open: true };
  try {
    return await current.run(scope, handle);
  } finally {
    // Work the request started and left running (a delivery pass) reads afresh from now on.
    scope.open = false;
    memos.delete(context);
  }
}

function memoOfThisRequest(): Map<string, unknown> | undefined {
  const scope = current.getStore();
  if (!scope?.open) return undefined;
  const method = scope.context.requestMethod;
  if (method !== 'GET' && method !== 'HEAD') return undefined;
  let memo = memos.get(scope.context);
  if (!memo) {
    memo = new Map();
    memos.set(scope.context, memo);
  }
  return memo;
}

/** `read()` once per request under `key` (every time outside a GET or HEAD request). */
export function oncePerRequest<T>(key: string, read: () => T): T {
  const memo = memoOfThisRequest();
  if (!memo) return read();
  if (memo.has(key)) return memo.get(key) as T;
  const value = read();
  memo.set(key, value);
  return value;
}

/** After a write the request's later reads must see (a session ended or its choice changed). */
export function forgetWhatThisRequestRead(): void {
  const scope = current.getStore();
  if (scope) memos.delete(scope.context);
}
