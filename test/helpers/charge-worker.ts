// A separate OS process that charges one budget line as fast as it can, for the concurrency test
// and the benchmark. Usage: node --import tsx test/helpers/charge-worker.ts <json>
// json: { userId, providerId, phone, serviceId, quantityHundredths, count, keyPrefix, startAt }
import { chargeBudget } from '../../app/domain/charge.server';
import { DatabaseBusyError } from '../../app/domain/transaction.server';
import { helsinkiDate } from '../../app/domain/months';
import { closeDb } from '../../db/client.server';

type Job = {
  userId: number;
  providerId: number;
  phone: string;
  serviceId: number;
  quantityHundredths: number;
  count: number;
  keyPrefix: string;
  startAt: number;
};

const job = JSON.parse(process.argv[2]) as Job;
const results = { charged: [] as string[], refused: 0, locked: 0, busy: 0, errors: [] as string[] };

while (Date.now() < job.startAt) await new Promise((resolve) => setTimeout(resolve, 1));
for (let i = 0; i < job.count; i++) {
  try {
    const outcome = await chargeBudget(
      { userId: job.userId, providerId: job.providerId, ip: '127.0.0.1' },
      { phone: job.phone, serviceId: job.serviceId, quantityHundredths: job.quantityHundredths, serviceDate: helsinkiDate() },
      `${job.keyPrefix}-${i}`,
    );
    if (outcome.kind === 'charged') results.charged.push(outcome.receiptNumber);
    else if (outcome.kind === 'refused') results.refused++;
    else if (outcome.kind === 'locked') results.locked++;
  } catch (error) {
    if (error instanceof DatabaseBusyError) results.busy++;
    else results.errors.push(String(error));
  }
}
closeDb();
process.stdout.write(JSON.stringify(results));
