// A separate OS process that runs the delivery worker the way the server does, for the crash test:
// the test kills it with SIGKILL in the middle of an SMTP conversation.
// Usage: node --import tsx test/helpers/delivery-worker.ts (DATABASE_PATH, SMTP_URL from the environment)
import { startDeliveryWorker, transportsFromEnv } from '../../app/domain/delivery.server';

startDeliveryWorker(transportsFromEnv(), 100);
process.stdout.write('ready\n');
// Keep the process alive until it is killed (the worker's timer is unref'd, as in the server).
setInterval(() => undefined, 1000);
