// `npm run retention`: one retention run by hand (the server also runs it every night), with the
// counts printed. Rules: app/domain/retention.server.ts and docs/decisions/018-data-retention.md.
import { runRetention } from '../app/domain/retention.server';
import { closeDb, databasePath, getDb, migrateDatabase } from './client.server';

migrateDatabase(getDb());
const { runId, counts } = runRetention();
closeDb();
console.log(`Retention run ${runId} on ${databasePath()}: ${JSON.stringify(counts)}`);
