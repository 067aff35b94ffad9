// One signed-in page reads the session and the clients its person may act for once, not once per
// loader (issue 16): a /budget document request through app/server.ts and Remix's own request
// handler (root and budget loaders, rendered by entry.server), counting the SQL statements run.
// What one request read is never reused by the next: a revoked session or an ended link is
// refused at once.
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerBuild } from '@remix-run/node';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { representativeLinks, sessions } from '../../db/schema';
import { sessionId } from '../../app/auth/session.server';
import { addDays, helsinkiDate } from '../../app/domain/months';
import { clientByPhone, userByEmail } from '../helpers/fixtures';
import { cookieFor, getRequest } from '../helpers/requests';

const CLIENT = 'client@example.fi'; // Aino Korhonen
const CAREGIVER = 'caregiver@example.fi'; // represents Eetu and Helmi Kinnunen
const EETU = '+358442718935';

const SESSION_LOOKUP = /^select "sessions"\."id".* from "sessions" inner join "users"/;
const CLIENT_SUMMARY = /^select "clients"\."id", "clients"\."first_name", "clients"\."last_name", "clients"\."client_group".*"own_worker"/;
const OWN_CLIENT = /^select "id" from "clients" where "clients"\."user_id" = \?$/;

/** A server build of the root and /budget routes from the source modules, as `remix build` makes it. */
async function budgetBuild(): Promise<ServerBuild> {
  const entry = await import('../../app/entry.server');
  const root = await import('../../app/root');
  const budget = await import('../../app/routes/_client+/budget');
  const manifestRoute = (id: string, parentId: string | undefined, path: string) => ({
    id,
    parentId,
    path,
    module: `/build/${id}.js`,
    imports: [],
    hasAction: false,
    hasLoader: true,
    hasClientAction: false,
    hasClientLoader: false,
    hasErrorBoundary: true,
  });
  return {
    mode: 'production',
    entry: { module: entry },
    routes: {
      root: { id: 'root', path: '', module: root },
      'routes/_client+/budget': { id: 'routes/_client+/budget', parentId: 'root', path: 'budget', module: budget },
    },
    assets: {
      entry: { module: '/build/entry.client.js', imports: [] },
      routes: { root: manifestRoute('root', undefined, ''), 'routes/_client+/budget': manifestRoute('routes/_client+/budget', 'root', 'budget') },
      url: '/build/manifest.js',
      version: 'test',
    },
    publicPath: '/build/',
    assetsBuildDirectory: 'public/build',
    future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true, v3_singleFetch: true, v3_routeConfig: false },
    isSpaMode: false,
  } as unknown as ServerBuild;
}

let server: http.Server;
let base: string;

beforeAll(async () => {
  const { createApp } = await import('../../app/server');
  const app = await createApp(await budgetBuild());
  server = await new Promise<http.Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

type Statement = Record<'get' | 'all' | 'run' | 'iterate', (this: { source: string }, ...args: unknown[]) => unknown>;

/** Every SQL statement run (prepared now or before) while `fn` runs. */
async function statementsRun<T>(fn: () => Promise<T>): Promise<{ result: T; ran: string[] }> {
  const sqlite = getDb().$client;
  const statement = Object.getPrototypeOf(sqlite.prepare('select 1')) as Statement;
  const names = ['get', 'all', 'run', 'iterate'] as const;
  const originals = names.map((name) => [name, statement[name]] as const);
  const ran: string[] = [];
  for (const [name, original] of originals) {
    statement[name] = function (this: { source: string }, ...args: unknown[]) {
      ran.push(this.source);
      return original.apply(this, args);
    };
  }
  try {
    return { result: await fn(), ran };
  } finally {
    for (const [name, original] of originals) statement[name] = original;
  }
}

async function page(path: string, cookie: string) {
  const response = await fetch(`${base}${path}`, { headers: { Cookie: cookie }, redirect: 'manual' });
  return { status: response.status, location: response.headers.get('Location'), html: await response.text() };
}

const times = (ran: string[], pattern: RegExp) => ran.filter((source) => pattern.test(source)).length;

describe('a /budget document request', () => {
  test("reads Aino's session, her clients and her own record once, for the header, the guard and the page", async () => {
    const cookie = cookieFor(CLIENT);
    const { result, ran } = await statementsRun(() => page('/budget', cookie));
    expect(result.status).toBe(200);
    expect(result.html).toContain('Aino Korhonen'); // the header's "signed in as"
    expect(result.html).toContain('<h1>'); // the budget page itself
    expect(times(ran, SESSION_LOOKUP)).toBe(1);
    expect(times(ran, CLIENT_SUMMARY)).toBe(1);
    expect(times(ran, OWN_CLIENT)).toBe(1);
    // Nothing but the session lookup, the client-side reads and the page's own statements.
    expect(ran.length, ran.join('\n')).toBeLessThanOrEqual(11);
  });

  test("the next request reads again: a representative's page as she acts for Eetu, refused once his link has ended", async () => {
    const cookie = cookieFor(CAREGIVER, '', { actingFor: clientByPhone(EETU).id });
    const first = await statementsRun(() => page('/budget', cookie));
    expect(first.result.status).toBe(200);
    expect(first.result.html).toContain('Eetu');
    expect(times(first.ran, SESSION_LOOKUP)).toBe(1);
    expect(times(first.ran, CLIENT_SUMMARY)).toBe(1);

    const caregiver = userByEmail(CAREGIVER);
    const link = and(eq(representativeLinks.userId, caregiver.id), eq(representativeLinks.clientId, clientByPhone(EETU).id));
    getDb().update(representativeLinks).set({ validUntil: addDays(helsinkiDate(), -1) }).where(link).run();
    try {
      const ended = await page('/budget', cookie);
      expect(ended.status).toBe(303);
      expect(ended.location).toBe('/act-for?ended=1&redirectTo=%2Fbudget');
    } finally {
      getDb().update(representativeLinks).set({ validUntil: null }).where(link).run();
    }
  });

  test('a revoked session is refused on the very next request', async () => {
    const cookie = cookieFor(CLIENT);
    expect((await page('/budget', cookie)).status).toBe(200);
    getDb().delete(sessions).where(eq(sessions.id, sessionId(getRequest('/', cookie))!)).run();
    const after = await page('/budget', cookie);
    expect(after.status).toBe(303);
    expect(after.location).toBe('/login?redirectTo=%2Fbudget');
  });
});
