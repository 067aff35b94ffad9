import { closeDb, databasePath, getDb, migrateDatabase } from './client.server';

migrateDatabase(getDb());
closeDb();
console.log(`Migrated ${databasePath()}`);
