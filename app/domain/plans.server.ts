// The client plan (asiakassuunnitelma): needs, goals and the services agreed, in the own worker's
// words. Every save appends a version; the newest is the current plan. Nothing is overwritten.
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '../../db/client.server';
import { clientPlans, clients, users } from '../../db/schema';
import type { Actor } from '../auth/guards.server';
import { audit } from './audit.server';
import { immediate } from './transaction.server';

export const MAX_PLAN_TEXT = 5000;

const planText = (field: string) =>
  z
    .string(`backoffice:plan.errors.${field}Required`)
    .trim()
    .min(1, `backoffice:plan.errors.${field}Required`)
    .max(MAX_PLAN_TEXT, 'common:errors.tooLong');

export const planSchema = z.object({
  needs: planText('needs'),
  goals: planText('goals'),
  servicesAgreed: planText('servicesAgreed'),
});

export type PlanInput = z.infer<typeof planSchema>;

/** Every version of a client's plan, newest first, with who wrote it. */
export function planHistory(clientId: number) {
  return getDb()
    .select({
      id: clientPlans.id,
      needs: clientPlans.needs,
      goals: clientPlans.goals,
      servicesAgreed: clientPlans.servicesAgreed,
      createdAt: clientPlans.createdAt,
      workerFirstName: users.firstName,
      workerLastName: users.lastName,
    })
    .from(clientPlans)
    .innerJoin(users, eq(users.id, clientPlans.workerId))
    .where(eq(clientPlans.clientId, clientId))
    .orderBy(desc(clientPlans.id))
    .all();
}

export type PlanVersion = ReturnType<typeof planHistory>[number];

/** The current plan (the newest version), or null when none has been written. */
export function currentPlan(clientId: number): PlanVersion | null {
  return planHistory(clientId)[0] ?? null;
}

export type SavePlanResult = { kind: 'saved'; planId: number } | { kind: 'unchanged' } | { kind: 'notFound' };

/** Saves a new version of the plan of one of the worker's own clients. */
export function savePlan(actor: Actor, clientId: number, input: PlanInput): SavePlanResult {
  return immediate((tx): SavePlanResult => {
    const client = tx.select({ ownWorkerId: clients.ownWorkerId }).from(clients).where(eq(clients.id, clientId)).get();
    if (!client || client.ownWorkerId !== actor.id) return { kind: 'notFound' };
    const latest = tx.select().from(clientPlans).where(eq(clientPlans.clientId, clientId)).orderBy(desc(clientPlans.id)).get();
    if (latest && latest.needs === input.needs && latest.goals === input.goals && latest.servicesAgreed === input.servicesAgreed) {
      return { kind: 'unchanged' };
    }
    const { id } = tx
      .insert(clientPlans)
      .values({ clientId, workerId: actor.id, ...input })
      .returning({ id: clientPlans.id })
      .get();
    audit({ actorUserId: actor.id, action: 'plan.saved', subjectType: 'client', subjectId: clientId, details: { planId: id }, ip: actor.ip });
    return { kind: 'saved', planId: id };
  });
}
