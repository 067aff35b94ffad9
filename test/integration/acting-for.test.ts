// Acting on someone's behalf (issue 12): the choice on /act-for, kept in the session, is the only
// client a client or representative sees; an ended link stops working at the next request; the
// audit log records who acted for whom.
import { and, desc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { auditLog, conversations, representativeLinks, sessions } from '../../db/schema';
import { sessionId } from '../../app/auth/session.server';
import { addDays, helsinkiDate } from '../../app/domain/months';
import { startConversation } from '../../app/domain/messages.server';
import * as actFor from '../../app/routes/_client+/act-for';
import * as budget from '../../app/routes/_client+/budget';
import * as messages from '../../app/routes/messages+/_index';
import * as myData from '../../app/routes/my-data+/_index';
import * as representatives from '../../app/routes/worker+/clients.$id.representatives';
import { actorOf, requireActingFor } from '../../app/auth/guards.server';
import { clientByPhone, userByEmail } from '../helpers/fixtures';
import { cookieFor, getRequest, postRequest, run } from '../helpers/requests';

const CAREGIVER = 'caregiver@example.fi'; // represents Eetu and Helmi Kinnunen
const EETU = '+358442718935';
const AINO = '+358401234567';

const eetu = () => clientByPhone(EETU);
const helmi = () => {
  const caregiver = userByEmail(CAREGIVER);
  const link = getDb().select().from(representativeLinks).where(eq(representativeLinks.userId, caregiver.id)).all().find((l) => l.clientId !== eetu().id);
  if (!link) throw new Error('caregiver should represent two clients');
  return link.clientId;
};

function sessionOf(cookie: string) {
  const id = sessionId(getRequest('/', cookie));
  return getDb().select().from(sessions).where(eq(sessions.id, id!)).get();
}

function lastAudit(action: string) {
  return getDb().select().from(auditLog).where(eq(auditLog.action, action)).orderBy(desc(auditLog.id)).get();
}

function setLink(clientId: number, values: Partial<typeof representativeLinks.$inferInsert>) {
  const caregiver = userByEmail(CAREGIVER);
  getDb().update(representativeLinks).set(values).where(and(eq(representativeLinks.userId, caregiver.id), eq(representativeLinks.clientId, clientId))).run();
}

afterEach(() => {
  for (const clientId of [eetu().id, helmi()]) setLink(clientId, { validFrom: null, validUntil: null });
});

describe('choosing whom to act for', () => {
  test('a representative is sent to /act-for before anything else and chooses actively', async () => {
    const cookie = cookieFor(CAREGIVER, '', { actingFor: null });
    const budgetPage = await run(budget.loader, getRequest('/budget', cookie));
    expect(budgetPage.status).toBe(303);
    expect(budgetPage.headers.get('Location')).toBe('/act-for?redirectTo=%2Fbudget');
    const chooser = await run(actFor.loader, getRequest('/act-for?redirectTo=%2Fbudget', cookie));
    expect(chooser.status).toBe(200);
    const options = (chooser.data as { options: { id: number; self: boolean }[] }).options;
    expect(options.map((o) => o.id).sort()).toEqual([eetu().id, helmi()].sort());
    expect(options.every((o) => !o.self)).toBe(true);

    const chosen = await run(actFor.action, postRequest('/act-for', { clientId: String(helmi()), redirectTo: '/budget' }, cookie));
    expect(chosen.status).toBe(303);
    expect(chosen.headers.get('Location')).toBe('/budget');
    expect(sessionOf(cookie)?.actingForClientId).toBe(helmi());
    const row = lastAudit('acting_for.chosen');
    expect(row).toMatchObject({ actorUserId: userByEmail(CAREGIVER).id, actingForClientId: helmi(), subjectId: String(helmi()) });
  });

  test('someone they do not represent cannot be chosen; nothing chosen is an inline error', async () => {
    const cookie = cookieFor(CAREGIVER, '', { actingFor: null });
    for (const clientId of [String(clientByPhone(AINO).id), '', 'x']) {
      const result = await run(actFor.action, postRequest('/act-for', { clientId }, cookie));
      expect(result.status, clientId).toBe(400);
      expect(result.data).toMatchObject({ errors: { clientId: 'auth:actingFor.errors.choose' } });
    }
    expect(sessionOf(cookie)?.actingForClientId).toBeNull();
  });

  test('a client who represents nobody skips the chooser and acts for themself', async () => {
    const cookie = cookieFor('client@example.fi', '', { actingFor: null });
    const result = await run(actFor.loader, getRequest('/act-for', cookie));
    expect(result.status).toBe(303);
    expect(result.headers.get('Location')).toBe('/client');
    expect(sessionOf(cookie)?.actingForClientId).toBe(clientByPhone(AINO).id);
    expect(lastAudit('acting_for.chosen')).toMatchObject({ actingForClientId: clientByPhone(AINO).id, details: { skipped: true } });
  });

  test('cookieFor acts for the person themself, or the first client they represent', () => {
    expect(sessionOf(cookieFor('client@example.fi'))?.actingForClientId).toBe(clientByPhone(AINO).id);
    expect(sessionOf(cookieFor(CAREGIVER))?.actingForClientId).toBe(eetu().id);
    expect(sessionOf(cookieFor('worker@example.fi'))?.actingForClientId).toBeNull();
  });
});

describe('acting for A never shows B', () => {
  test('budget, my data and messages show only the client acted for', async () => {
    const cookie = cookieFor(CAREGIVER, '', { actingFor: eetu().id });
    const page = await run(budget.loader, getRequest('/budget', cookie));
    expect(page.data).toMatchObject({ kind: 'budget', client: { id: eetu().id } });
    const data = await run(myData.loader, getRequest('/my-data', cookie));
    expect(data.data).toMatchObject({ name: 'Eetu Kinnunen' });
    // A conversation about Helmi exists, but acting for Eetu it is not listed.
    const caregiver = userByEmail(CAREGIVER);
    startConversation({ id: caregiver.id, role: 'representative' }, { clientId: helmi(), topic: 'question', body: 'Helmin asia', idempotencyKey: `actfor-${Date.now()}` });
    const list = await run(messages.loader, getRequest('/messages', cookie));
    const shown = (list.data as { conversations: { clientId: number }[] }).conversations;
    expect(shown.every((c) => c.clientId === eetu().id)).toBe(true);
    expect(getDb().select().from(conversations).where(eq(conversations.clientId, helmi())).all().length).toBeGreaterThan(0);
  });

  test('a ?client= link to B while acting for A goes to the chooser; one to a stranger is 404', async () => {
    const cookie = cookieFor(CAREGIVER, '', { actingFor: eetu().id });
    expect((await run(budget.loader, getRequest(`/budget?client=${eetu().id}`, cookie))).status).toBe(200);
    const other = await run(budget.loader, getRequest(`/budget?client=${helmi()}&month=${helsinkiDate().slice(0, 7)}`, cookie));
    expect(other.status).toBe(303);
    const location = new URL(other.headers.get('Location')!, 'http://x');
    expect(location.pathname).toBe('/act-for');
    expect(location.searchParams.get('client')).toBe(String(helmi()));
    expect(location.searchParams.get('redirectTo')).not.toContain('client=');
    expect(sessionOf(cookie)?.actingForClientId).toBe(eetu().id);
    expect((await run(budget.loader, getRequest(`/budget?client=${clientByPhone(AINO).id}`, cookie))).status).toBe(404);
  });

  test('a client cannot reach a representative-only client by a stale session value', () => {
    // A session naming a client the person never represented is dropped, not trusted.
    const cookie = cookieFor('client@example.fi', '', { actingFor: eetu().id });
    expect(() => requireActingFor(getRequest('/budget', cookie))).toThrow();
    expect(sessionOf(cookie)?.actingForClientId).toBeNull();
  });
});

describe('an ended or expired link stops working at once', () => {
  test('expired yesterday: the next request is refused, the choice dropped, back to /act-for', async () => {
    const cookie = cookieFor(CAREGIVER, '', { actingFor: helmi() });
    expect((await run(budget.loader, getRequest('/budget', cookie))).status).toBe(200);
    setLink(helmi(), { validUntil: addDays(helsinkiDate(), -1) });
    const refused = await run(budget.loader, getRequest('/budget', cookie));
    expect(refused.status).toBe(303);
    expect(refused.headers.get('Location')).toBe('/act-for?ended=1&redirectTo=%2Fbudget');
    expect(sessionOf(cookie)?.actingForClientId).toBeNull();
    expect(lastAudit('acting_for.ended')).toMatchObject({ actorUserId: userByEmail(CAREGIVER).id, actingForClientId: helmi() });
    const chooser = await run(actFor.loader, getRequest('/act-for?ended=1', cookie));
    expect((chooser.data as { options: { id: number }[]; ended: boolean }).options.map((o) => o.id)).toEqual([eetu().id]);
    expect((await run(actFor.action, postRequest('/act-for', { clientId: String(helmi()) }, cookie))).status).toBe(400);
  });

  test('valid until today still works; a link that begins tomorrow is not offered yet', async () => {
    setLink(helmi(), { validUntil: helsinkiDate() });
    setLink(eetu().id, { validFrom: addDays(helsinkiDate(), 1) });
    const cookie = cookieFor(CAREGIVER, '', { actingFor: helmi() });
    expect((await run(budget.loader, getRequest('/budget', cookie))).status).toBe(200);
    const chooser = await run(actFor.loader, getRequest('/act-for', cookie));
    expect((chooser.data as { options: { id: number }[] }).options.map((o) => o.id)).toEqual([helmi()]);
  });
});

describe('the audit log records who acted for whom', () => {
  test('reading my data while acting for Eetu names the representative and Eetu', async () => {
    const cookie = cookieFor(CAREGIVER, '', { actingFor: eetu().id });
    const { actor, client } = requireActingFor(getRequest('/my-data/access', cookie));
    expect(actor).toMatchObject({ id: userByEmail(CAREGIVER).id, actingForClientId: eetu().id });
    expect(client.id).toBe(eetu().id);
    const { loader } = await import('../../app/routes/my-data+/access');
    await run(loader, getRequest('/my-data/access', cookie));
    expect(lastAudit('my_data.access_log')).toMatchObject({ actorUserId: userByEmail(CAREGIVER).id, actingForClientId: eetu().id });
    expect(actorOf({ ...userByEmail(CAREGIVER), actingForClientId: eetu().id }, getRequest('/'))).toMatchObject({ actingForClientId: eetu().id });
  });
});

describe('the worker records the basis and validity of a link', () => {
  const worker = 'worker@example.fi';
  const path = () => `/worker/clients/${clientByPhone(AINO).id}/representatives`;
  const fields = { nationalId: '090909A912T', email: 'edunvalvoja.testi@example.fi', firstName: 'Eino', lastName: 'Edunvalvoja', relationship: '' };

  test('a court-appointed guardian needs the decision date; until may not be before from', async () => {
    const cookie = cookieFor(worker);
    const params = { id: String(clientByPhone(AINO).id) };
    const noBasis = await run(representatives.action, postRequest(path(), fields, cookie), params);
    expect(noBasis.status).toBe(400);
    expect(noBasis.data).toMatchObject({ errors: { basis: 'backoffice:accounts.errors.basisRequired' }, values: { email: fields.email } });
    const noDate = await run(representatives.action, postRequest(path(), { ...fields, basis: 'court_guardian', validFrom: '2026-12-10', validUntil: '2026-12-01' }, cookie), params);
    expect(noDate.status).toBe(400);
    expect(noDate.data).toMatchObject({
      errors: { decisionDate: 'backoffice:accounts.errors.decisionDateRequired', validUntil: 'backoffice:accounts.errors.untilBeforeFrom' },
      values: { validFrom: '2026-12-10' },
    });
    const bad = await run(representatives.action, postRequest(path(), { ...fields, basis: 'court_guardian', decisionDate: '31.12.2026' }, cookie), params);
    expect(bad.data).toMatchObject({ errors: { decisionDate: 'backoffice:accounts.errors.dateInvalid' } });
  });

  test('a valid link is stored with its basis, decision date and validity, and audited', async () => {
    const cookie = cookieFor(worker);
    const params = { id: String(clientByPhone(AINO).id) };
    const until = addDays(helsinkiDate(), 30);
    const result = await run(representatives.action, postRequest(path(), { ...fields, basis: 'court_guardian', decisionDate: '2026-11-02', validUntil: until }, cookie), params);
    // No one-time password to show: the representative signs in with Suomi.fi.
    expect(result.status).toBe(303);
    const person = userByEmail(fields.email);
    const link = getDb().select().from(representativeLinks).where(eq(representativeLinks.userId, person.id)).get();
    expect(link).toMatchObject({ clientId: clientByPhone(AINO).id, basis: 'court_guardian', decisionDate: '2026-11-02', validFrom: null, validUntil: until });
    expect(lastAudit('client.representative_linked')).toMatchObject({ details: { userId: person.id, basis: 'court_guardian', validUntil: until } });
    const page = await run(representatives.loader, getRequest(path(), cookie), params);
    const reps = (page.data as { representatives: { userId: number; basis: string }[] }).representatives;
    expect(reps.find((r) => r.userId === person.id)?.basis).toBe('court_guardian');
    getDb().delete(representativeLinks).where(eq(representativeLinks.userId, person.id)).run();
  });
});
