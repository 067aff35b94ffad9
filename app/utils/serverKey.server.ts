// Server secrets that must survive restarts but need no setup for the demo: an environment
// variable in production, else a random key made once and kept beside the database file (0600).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { databasePath } from '../../db/client.server';

const cache = new Map<string, string>();

/** The key text from `envName`, or from `fileName` beside the database (made at first use). */
export function serverKeyText(envName: string, fileName: string): string {
  const fromEnv = process.env[envName];
  if (fromEnv) return fromEnv;
  const file = path.join(path.dirname(path.resolve(databasePath())), fileName);
  const cached = cache.get(file);
  if (cached) return cached;
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Written aside and linked into place, so a second process never reads a half-written key.
    const draft = `${file}.${process.pid}.${crypto.randomUUID()}`;
    fs.writeFileSync(draft, crypto.randomBytes(32).toString('hex'), { mode: 0o600 });
    try {
      fs.linkSync(draft, file);
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
    } finally {
      fs.unlinkSync(draft);
    }
  }
  const text = fs.readFileSync(file, 'utf8').trim();
  cache.set(file, text);
  return text;
}
