// Role checks for every route: the allowed roles get the page, other roles get 403, signed-out
// visitors are sent to sign in. A route that is not listed here fails the last test, so every new
// route must state who may use it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Role } from '../../db/schema';
import { cookieFor, getRequest, postRequest, run } from '../helpers/requests';

const DEMO: Record<Role, string> = {
  admin: 'admin@example.fi',
  worker: 'worker@example.fi',
  provider: 'provider@example.fi',
  client: 'client@example.fi',
  representative: 'caregiver@example.fi',
};
const ALL: Role[] = ['admin', 'worker', 'provider', 'client', 'representative'];

type Access = { path: string; roles: Role[] | 'public'; params?: Record<string, string> };

/** Route module file → who may open it. */
export const ACCESS: Record<string, Access> = {
  '_index.tsx': { path: '/', roles: 'public' },
  'login.tsx': { path: '/login', roles: 'public' },
  'logout.tsx': { path: '/logout', roles: 'public' },
  'language.$lang.tsx': { path: '/language/sv', roles: 'public', params: { lang: 'sv' } },
  'settings.tsx': { path: '/settings', roles: 'public' },
  'accessibility.tsx': { path: '/accessibility', roles: 'public' },
  'help.tsx': { path: '/help', roles: 'public' },
  'account.password.tsx': { path: '/account/password', roles: ALL },
  'client.tsx': { path: '/client', roles: ['client'] },
  'representative.tsx': { path: '/representative', roles: ['representative'] },
  'worker._index.tsx': { path: '/worker', roles: ['worker'] },
  'provider._index.tsx': { path: '/provider', roles: ['provider'] },
  'provider.charge.tsx': { path: '/provider/charge', roles: ['provider'] },
  'admin._index.tsx': { path: '/admin', roles: ['admin'] },
};

const routesDir = path.resolve(import.meta.dirname, '../../app/routes');
const restricted = Object.entries(ACCESS).filter(([, access]) => access.roles !== 'public');
const withActions: [string, Access][] = [];
for (const [file, access] of restricted) {
  const refusesSomeone = ALL.some((role) => !(access.roles as Role[]).includes(role));
  if (refusesSomeone && (await import(path.join(routesDir, file))).action) withActions.push([file, access]);
}

describe('role checks', () => {
  test.each(restricted)('%s: signed-out visitors go to sign-in and come back', async (file, access) => {
    const route = await import(path.join(routesDir, file));
    const result = await run(route.loader, getRequest(access.path), access.params);
    expect(result.status).toBe(303);
    expect(result.headers.get('Location')).toBe(`/login?redirectTo=${encodeURIComponent(access.path)}`);
  });

  test.each(restricted)('%s: allowed roles get the page, every other role gets 403', async (file, access) => {
    const route = await import(path.join(routesDir, file));
    for (const role of ALL) {
      const request = getRequest(access.path, cookieFor(DEMO[role]));
      const result = await run(route.loader, request, access.params);
      const allowed = (access.roles as Role[]).includes(role);
      expect(result.status, `${role} on ${access.path}`).toBe(allowed ? 200 : 403);
    }
  });

  test.each(withActions)('%s: actions refuse other roles too', async (file, access) => {
    const route = await import(path.join(routesDir, file));
    for (const role of ALL.filter((r) => !(access.roles as Role[]).includes(r))) {
      const result = await run(route.action, postRequest(access.path, {}, cookieFor(DEMO[role])), access.params);
      expect(result.status, `${role} posting to ${access.path}`).toBe(403);
    }
  });

  test('every route module is listed with the roles that may use it', () => {
    const files = fs.readdirSync(routesDir).filter((file) => /\.tsx?$/.test(file));
    expect(files.filter((file) => !(file in ACCESS))).toEqual([]);
  });
});
