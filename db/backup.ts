// `npm run backup -- <file> [--force]`: a consistent copy of the live database while the server
// runs (SQLite's online backup API through better-sqlite3; in WAL mode charges keep committing
// meanwhile). The copy is written next to the target and renamed into place when complete, then
// checked with `PRAGMA integrity_check`. An existing file is never overwritten without --force.
// Restoring: see "Reliability" in README.md.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { databasePath } from './client.server';

export type BackupSummary = { source: string; target: string; pages: number; bytes: number; ledgerEntries: number; integrity: string; milliseconds: number };

export async function backupDatabase(source: string, target: string, { force = false } = {}): Promise<BackupSummary> {
  const startedAt = Date.now();
  if (!fs.existsSync(source)) throw new Error(`No database at ${source}`);
  if (path.resolve(source) === path.resolve(target)) throw new Error('The backup cannot be the database itself');
  if (fs.existsSync(target) && !force) throw new Error(`${target} exists: choose another file or add --force`);
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  const live = new Database(source, { fileMustExist: true });
  let pages = 0;
  try {
    live.pragma('busy_timeout = 5000');
    // Copy every page in one step: a consistent snapshot that a concurrent writer cannot restart.
    const result = await live.backup(partial, { progress: () => 0x7fffffff });
    pages = result.totalPages;
  } finally {
    live.close();
  }
  const copy = new Database(partial, { fileMustExist: true });
  let integrity: string;
  let ledgerEntries: number;
  try {
    integrity = String(copy.pragma('integrity_check', { simple: true }));
    ledgerEntries = (copy.prepare('SELECT count(*) AS n FROM ledger_entries').get() as { n: number }).n;
    copy.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    copy.close();
  }
  if (integrity !== 'ok') throw new Error(`The copy failed its integrity check (${integrity}); ${partial} kept for inspection`);
  fs.renameSync(partial, target);
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${partial}${suffix}`, { force: true });
  return { source, target, pages, bytes: fs.statSync(target).size, ledgerEntries, integrity, milliseconds: Date.now() - startedAt };
}

async function main() {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const target = args.find((arg) => !arg.startsWith('--'));
  if (!target) {
    console.error('Usage: npm run backup -- <file> [--force]   (copies DATABASE_PATH, default data/avain.sqlite)');
    process.exit(2);
  }
  try {
    const summary = await backupDatabase(databasePath(), target, { force });
    console.log(
      `[avain] backup of ${summary.source} written to ${summary.target}: ${summary.pages} pages, ${summary.bytes} bytes, ` +
        `${summary.ledgerEntries} ledger entries, integrity ${summary.integrity}, ${summary.milliseconds} ms`,
    );
  } catch (error) {
    console.error(`[avain] backup failed: ${(error as Error).message}`);
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
