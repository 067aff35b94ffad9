// The client plan: every save is a new version (history kept, nothing overwritten), only the own
// worker writes it, and the client and representatives read the current one.
import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { auditLog, clientPlans, clients } from '../../db/schema';
import { currentPlan, planHistory, savePlan } from '../../app/domain/plans.server';
import * as clientStart from '../../app/routes/_client+/client';
import * as representativeStart from '../../app/routes/_client+/representative';
import * as planRoute from '../../app/routes/worker+/clients.$id.plan';
import { clientByPhone, userByEmail } from '../helpers/fixtures';
import { cookieFor, getRequest, postRequest, run } from '../helpers/requests';

const AINO = '+358401234567';
const EETU = '+358442718935'; // represented by caregiver@
const worker = () => ({ id: userByEmail('worker@example.fi').id, role: 'worker' as const, ip: '203.0.113.7' });
const PLAN = { needs: 'Apua siivoukseen.\nKaupassa käynti vaikeaa.', goals: 'Asua kotona.', servicesAgreed: 'Siivous 7 h/kk, ateriat.' };

describe('plan history', () => {
  test('each save keeps the earlier versions; the newest is the current plan; an unchanged save adds nothing', () => {
    const aino = clientByPhone(AINO);
    expect(currentPlan(aino.id)).toBeNull();
    expect(savePlan(worker(), aino.id, PLAN).kind).toBe('saved');
    expect(savePlan(worker(), aino.id, { ...PLAN, goals: 'Asua kotona ja käydä kerhossa.' }).kind).toBe('saved');
    expect(savePlan(worker(), aino.id, { ...PLAN, goals: 'Asua kotona ja käydä kerhossa.' })).toEqual({ kind: 'unchanged' });
    const history = planHistory(aino.id);
    expect(history.map((v) => v.goals)).toEqual(['Asua kotona ja käydä kerhossa.', 'Asua kotona.']);
    expect(currentPlan(aino.id)?.goals).toBe('Asua kotona ja käydä kerhossa.');
    expect(history[1].needs).toBe(PLAN.needs);
    expect(getDb().select().from(auditLog).where(eq(auditLog.action, 'plan.saved')).all()).toHaveLength(2);
  });

  test('the database refuses to edit or delete a version', () => {
    expect(() => getDb().update(clientPlans).set({ goals: 'x' }).run()).toThrow(/append-only/);
    expect(() => getDb().delete(clientPlans).run()).toThrow(/append-only/);
  });

  test('only the own worker writes the plan', async () => {
    const aino = clientByPhone(AINO);
    expect(savePlan({ id: userByEmail('worker2@example.fi').id, role: 'worker' }, aino.id, PLAN)).toEqual({ kind: 'notFound' });
    const other = await run(planRoute.loader, getRequest(`/worker/clients/${aino.id}/plan`, cookieFor('worker2@example.fi')), { id: String(aino.id) });
    expect(other.status).toBe(404);
  });

  test('the form: empty parts are 400 with what was typed; a save is 303 to the client page', async () => {
    const eetu = clientByPhone(EETU);
    const path = `/worker/clients/${eetu.id}/plan`;
    const bad = await run(planRoute.action, postRequest(path, { needs: 'Tarpeet', goals: '  ', servicesAgreed: '' }, cookieFor('worker@example.fi')), { id: String(eetu.id) });
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({
      errors: { goals: 'backoffice:plan.errors.goalsRequired', servicesAgreed: 'backoffice:plan.errors.servicesAgreedRequired' },
      values: { needs: 'Tarpeet' },
    });
    const good = await run(planRoute.action, postRequest(path, { needs: 'Vapaat vaihdettu palveluihin.', goals: 'Jaksaminen.', servicesAgreed: 'Siivous, lastenhoito.' }, cookieFor('worker@example.fi')), {
      id: String(eetu.id),
    });
    expect(good.status).toBe(303);
    expect(good.headers.get('Location')).toBe(`/worker/clients/${eetu.id}?done=planSaved#plan-title`);
  });

  test('the client and the representative read the current plan on their own pages', async () => {
    const own = await run(clientStart.loader, getRequest('/client', cookieFor('client@example.fi')));
    expect((own.data as { plan: { goals: string } }).plan.goals).toBe('Asua kotona ja käydä kerhossa.');
    // The representative's page shows the one client she acts for, with that client's plan.
    const planFor = async (firstName: string) => {
      const client = getDb().select().from(clients).where(eq(clients.firstName, firstName)).get()!;
      const rep = await run(representativeStart.loader, getRequest('/representative', cookieFor('caregiver@example.fi', '', { actingFor: client.id })));
      const shown = (rep.data as { clients: { firstName: string; plan: { goals: string } | null }[] }).clients;
      expect(shown.map((c) => c.firstName)).toEqual([firstName]);
      return shown[0].plan;
    };
    expect((await planFor('Eetu'))?.goals).toBe('Jaksaminen.');
    expect(await planFor('Helmi')).toBeNull();
  });
});
