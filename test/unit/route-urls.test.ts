// Route files live in area folders (remix-flat-routes): moving or renaming one must not change a
// URL. The expected list is every URL as it was before the move; a new route adds its line here.
// "(index)" marks an index route, "in /x" a route rendered inside the layout at /x.
import path from 'node:path';
import { readConfig } from '@remix-run/dev/dist/config.js';
import { expect, test } from 'vitest';

const URLS = [
  '/ (index)',
  '/accessibility',
  '/act-for',
  '/account/password',
  '/admin (index)',
  '/admin/audit',
  '/admin/clients',
  '/admin/evaluation',
  '/admin/evaluation.csv',
  '/admin/invoices',
  '/admin/invoices.csv',
  '/admin/invoices.zip',
  '/admin/providers (index)',
  '/admin/providers/:id',
  '/admin/services',
  '/admin/settlement',
  '/admin/settlement.csv',
  '/admin/users (index)',
  '/admin/users/new',
  '/auth/suomifi/acs',
  '/auth/suomifi/login',
  '/auth/suomifi/metadata',
  '/auth/suomifi/slo',
  '/demo-idp (index)',
  '/demo-idp/slo',
  '/auth/code',
  '/auth/enrol',
  '/budget',
  '/budget/dispute/:receipt',
  '/budget/statement in /budget',
  '/client',
  '/help',
  '/invoices/:id',
  '/invoices/:id/xml in /invoices/:id',
  '/language/:lang',
  '/login',
  '/logout',
  '/messages (index)',
  '/messages/:id',
  '/messages/new',
  '/my-data (index)',
  '/my-data/access',
  '/my-data/copy',
  '/my-data/copy.json',
  '/provider (index)',
  '/provider/charge',
  '/provider/charges',
  '/provider/invoices',
  '/provider/profile',
  '/provider/receipts/:receipt',
  '/provider/refund/:receipt',
  '/provider/settlement',
  '/provider/settlement.csv',
  '/providers (index)',
  '/providers/:id',
  '/providers/apply',
  '/providers/apply/received',
  '/providers/compare',
  '/records/:id',
  '/representative',
  '/settings',
  '/worker (index)',
  '/worker/clients/:id (index)',
  '/worker/clients/:id/copy',
  '/worker/clients/:id/copy.json',
  '/worker/clients/:id/decisions/:decisionId',
  '/worker/clients/:id/decisions/new',
  '/worker/clients/:id/plan',
  '/worker/clients/:id/representatives',
  '/worker/clients/new',
  '/worker/disputes',
];

test('the route config gives exactly the URLs the app has always had', { timeout: 30_000 }, async () => {
  const config = await readConfig(path.resolve(import.meta.dirname, '../..'));
  const routes = Object.values(config.routes).filter((route) => route.id !== 'root');
  const byId = new Map(routes.map((route) => [route.id, route]));
  const url = (id: string | undefined): string => {
    const parts: string[] = [];
    for (let route = id ? byId.get(id) : undefined; route; route = route.parentId ? byId.get(route.parentId) : undefined) {
      if (route.path) parts.unshift(route.path);
    }
    return `/${parts.join('/')}`;
  };
  const actual = routes.map((route) => {
    const inside = route.parentId && route.parentId !== 'root' ? ` in ${url(route.parentId)}` : '';
    return `${url(route.id)}${route.index ? ' (index)' : ''}${inside}`;
  });
  expect(actual.sort()).toEqual([...URLS].sort());
});
