// Role checks for every route: the allowed roles get the page, other roles get 403, signed-out
// visitors are sent to sign in. A route that is not listed here fails the last test, so every new
// route must state who may use it.
import { describe, expect, test } from 'vitest';
import type { Role } from '../../db/schema';
import { cookieFor, getRequest, postRequest, run } from '../helpers/requests';
import { routeFiles, routePath } from '../helpers/routes';

const DEMO: Record<Role, string> = {
  admin: 'admin@example.fi',
  worker: 'worker@example.fi',
  provider: 'provider@example.fi',
  client: 'client@example.fi',
  representative: 'caregiver@example.fi',
};
const ALL: Role[] = ['admin', 'worker', 'provider', 'client', 'representative'];

// allowedStatus: what an allowed role gets when it is not 200 (a made-up receipt is 404).
type Access = { path: string; roles: Role[] | 'public'; params?: Record<string, string>; allowedStatus?: number | Partial<Record<Role, number>> };

/** Route module file → who may open it. */
export const ACCESS: Record<string, Access> = {
  '_index.tsx': { path: '/', roles: 'public' },
  'login.tsx': { path: '/login', roles: 'public' },
  'logout.tsx': { path: '/logout', roles: 'public' },
  // The second-factor pages answer only a pending sign-in (test/integration/second-factor.test.ts).
  'auth.code.tsx': { path: '/auth/code', roles: 'public' },
  'auth.enrol.tsx': { path: '/auth/enrol', roles: 'public' },
  'auth.suomifi.metadata.tsx': { path: '/auth/suomifi/metadata', roles: 'public' },
  'auth.suomifi.login.tsx': { path: '/auth/suomifi/login', roles: 'public', allowedStatus: 303 },
  'auth.suomifi.acs.tsx': { path: '/auth/suomifi/acs', roles: 'public', allowedStatus: 303 },
  'auth.suomifi.slo.tsx': { path: '/auth/suomifi/slo', roles: 'public', allowedStatus: 400 },
  'demo-idp._index.tsx': { path: '/demo-idp', roles: 'public' },
  'demo-idp.slo.tsx': { path: '/demo-idp/slo', roles: 'public', allowedStatus: 400 },
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
  'provider.receipts.$receipt.tsx': { path: '/provider/receipts/2611-ZZZZZZ', roles: ['provider'], params: { receipt: '2611-ZZZZZZ' }, allowedStatus: 404 },
  'provider.refund.$receipt.tsx': { path: '/provider/refund/2611-ZZZZZZ', roles: ['provider'], params: { receipt: '2611-ZZZZZZ' }, allowedStatus: 404 },
  'provider.charges.tsx': { path: '/provider/charges', roles: ['provider'] },
  'provider.settlement.tsx': { path: '/provider/settlement', roles: ['provider'] },
  'provider.settlement[.csv].tsx': { path: '/provider/settlement.csv', roles: ['provider'] },
  'admin._index.tsx': { path: '/admin', roles: ['admin'] },
  'budget.tsx': { path: '/budget', roles: ['client', 'representative'] },
  'budget.statement.tsx': { path: '/budget/statement', roles: ['client', 'representative'] },
  'budget_.dispute.$receipt.tsx': { path: '/budget/dispute/2611-ZZZZZZ', roles: ['client', 'representative'], params: { receipt: '2611-ZZZZZZ' }, allowedStatus: 404 },
  'worker.disputes.tsx': { path: '/worker/disputes', roles: ['worker'] },
  'messages._index.tsx': { path: '/messages', roles: ['client', 'representative', 'worker', 'admin'] },
  'messages.new.tsx': { path: '/messages/new', roles: ['client', 'representative'] },
  // A conversation nobody may see is 404 for every allowed role; test/integration/messages.test.ts covers real ones.
  'messages.$id.tsx': { path: '/messages/999999', roles: ['client', 'representative', 'worker', 'admin'], params: { id: '999999' }, allowedStatus: 404 },
  'admin.clients.tsx': { path: '/admin/clients', roles: ['admin'] },
  // Provider catalogue: browsing and applying are public; provider 1 is approved on a fresh database.
  'providers._index.tsx': { path: '/providers', roles: 'public' },
  'providers.$id.tsx': { path: '/providers/1', roles: 'public', params: { id: '1' } },
  'providers.compare.tsx': { path: '/providers/compare?id=1', roles: 'public' },
  'providers.apply.tsx': { path: '/providers/apply', roles: 'public' },
  'providers.apply_.received.tsx': { path: '/providers/apply/received', roles: 'public' },
  'provider.profile.tsx': { path: '/provider/profile', roles: ['provider'] },
  'admin.providers._index.tsx': { path: '/admin/providers', roles: ['admin'] },
  'admin.providers.$id.tsx': { path: '/admin/providers/1', roles: ['admin'], params: { id: '1' } },
  'admin.services.tsx': { path: '/admin/services', roles: ['admin'] },
  // Back office. Client 1 (Aino) is worker@example.fi's own client; decision 1 is hers.
  'worker.clients.new.tsx': { path: '/worker/clients/new', roles: ['worker'] },
  'worker.clients.$id._index.tsx': { path: '/worker/clients/1', roles: ['worker'], params: { id: '1' } },
  'worker.clients.$id.plan.tsx': { path: '/worker/clients/1/plan', roles: ['worker'], params: { id: '1' } },
  'worker.clients.$id.representatives.tsx': { path: '/worker/clients/1/representatives', roles: ['worker'], params: { id: '1' } },
  'worker.clients.$id.decisions.new.tsx': { path: '/worker/clients/1/decisions/new', roles: ['worker'], params: { id: '1' } },
  'worker.clients.$id.decisions.$decisionId.tsx': {
    path: '/worker/clients/1/decisions/1',
    roles: ['worker'],
    params: { id: '1', decisionId: '1' },
  },
  'admin.users._index.tsx': { path: '/admin/users', roles: ['admin'] },
  'admin.users.new.tsx': { path: '/admin/users/new', roles: ['admin'] },
  'admin.settlement.tsx': { path: '/admin/settlement', roles: ['admin'] },
  'admin.settlement[.csv].tsx': { path: '/admin/settlement.csv', roles: ['admin'] },
  'admin.evaluation.tsx': { path: '/admin/evaluation', roles: ['admin'] },
  'admin.evaluation[.csv].tsx': { path: '/admin/evaluation.csv', roles: ['admin'] },
  'admin.audit.tsx': { path: '/admin/audit', roles: ['admin'] },
  // The client's own data; a representative of two clients first chooses whom they act for.
  'my-data._index.tsx': { path: '/my-data', roles: ['client', 'representative'] },
  'my-data.access.tsx': { path: '/my-data/access', roles: ['client', 'representative'] },
  'my-data.copy.tsx': { path: '/my-data/copy', roles: ['client', 'representative'] },
  // The file is for one client: a representative of two who has not chosen gets 400.
  'my-data.copy[.json].tsx': { path: '/my-data/copy.json', roles: ['client', 'representative'] },
  'act-for.tsx': { path: '/act-for', roles: ['client', 'representative'] },
  'worker.clients.$id.copy.tsx': { path: '/worker/clients/1/copy', roles: ['worker'], params: { id: '1' } },
  'worker.clients.$id.copy[.json].tsx': { path: '/worker/clients/1/copy.json', roles: ['worker'], params: { id: '1' } },
  // A client not one's own, after a reason; an id that names no client is 404 for both roles.
  'records.$id.tsx': { path: '/records/999999', roles: ['worker', 'admin'], params: { id: '999999' }, allowedStatus: 404 },
  // E-invoices: an invoice nobody has is 404 for both allowed roles; invoicing.test.ts covers real ones.
  'provider.invoices.tsx': { path: '/provider/invoices', roles: ['provider'] },
  'invoices.$id.tsx': { path: '/invoices/999999', roles: ['provider', 'admin'], params: { id: '999999' }, allowedStatus: 404 },
  'invoices.$id.xml.tsx': { path: '/invoices/999999/xml', roles: ['provider', 'admin'], params: { id: '999999' }, allowedStatus: 404 },
  'admin.invoices.tsx': { path: '/admin/invoices', roles: ['admin'] },
  'admin.invoices[.zip].tsx': { path: '/admin/invoices.zip', roles: ['admin'] },
  'admin.invoices[.csv].tsx': { path: '/admin/invoices.csv', roles: ['admin'] },
};

const restricted = Object.entries(ACCESS).filter(([, access]) => access.roles !== 'public');
const withActions: [string, Access][] = [];
for (const [file, access] of restricted) {
  const refusesSomeone = ALL.some((role) => !(access.roles as Role[]).includes(role));
  if (refusesSomeone && (await import(routePath(file))).action) withActions.push([file, access]);
}

describe('role checks', () => {
  test.each(restricted)('%s: signed-out visitors go to sign-in and come back', async (file, access) => {
    const route = await import(routePath(file));
    const result = await run(route.loader, getRequest(access.path), access.params);
    expect(result.status).toBe(303);
    expect(result.headers.get('Location')).toBe(`/login?redirectTo=${encodeURIComponent(access.path)}`);
  });

  test.each(restricted)('%s: allowed roles get the page, every other role gets 403', async (file, access) => {
    const route = await import(routePath(file));
    for (const role of ALL) {
      const request = getRequest(access.path, cookieFor(DEMO[role]));
      const result = await run(route.loader, request, access.params);
      const allowed = (access.roles as Role[]).includes(role);
      const allowedStatus = typeof access.allowedStatus === 'object' ? access.allowedStatus[role] : access.allowedStatus;
      expect(result.status, `${role} on ${access.path}`).toBe(allowed ? (allowedStatus ?? 200) : 403);
    }
  });

  test.each(withActions)('%s: actions refuse other roles too', async (file, access) => {
    const route = await import(routePath(file));
    for (const role of ALL.filter((r) => !(access.roles as Role[]).includes(r))) {
      const result = await run(route.action, postRequest(access.path, {}, cookieFor(DEMO[role])), access.params);
      expect(result.status, `${role} posting to ${access.path}`).toBe(403);
    }
  });

  test('every route module is listed with the roles that may use it', () => {
    const files = routeFiles().map((route) => route.file);
    expect(files.filter((file) => !(file in ACCESS))).toEqual([]);
  });
});
