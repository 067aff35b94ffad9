// Starts the built server once for all browser tests, on a fresh temporary database.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { findChromium } from '../helpers/chromium';
import { clockEnv } from '../helpers/server-process';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    databasePath: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

// Every browser file charges as provider@example.fi within one 15-minute window, and axe tests
// leave check pages unconfirmed: with the production default (20) the suite would lock its own
// provider out part-way. The limit itself is tested in test/integration/charge-security.test.ts.
const SHARED_PROVIDER_LIMITS = { CHARGE_MAX_LOOKUPS: '100000' };

let server: ChildProcess | undefined;
let dir: string | undefined;

export async function setup(project: TestProject) {
  findChromium(); // fail at once, with install instructions, when there is no Chromium
  if (!fs.existsSync('build/index.js')) throw new Error('No server build: run `npm run build` first (npm test does).');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'avain-browser-'));
  const port = await freePort();
  const databasePath = path.join(dir, 'avain.sqlite');
  server = spawn(process.execPath, ['--import', 'tsx', 'app/server.ts'], {
    // PUBLIC_URL: the address the browser uses, so the demo IdP sends it back to the same host
    // (by default it is localhost, and the session cookie would be set there, not on 127.0.0.1).
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, DATABASE_PATH: databasePath, NODE_ENV: 'production', ...clockEnv(), ...SHARED_PROVIDER_LIMITS },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('[avain] serving')) {
        clearTimeout(timer);
        resolve();
      }
    };
    server!.stdout!.on('data', onData);
    server!.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server!.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  server.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  project.provide('baseURL', `http://127.0.0.1:${port}`);
  project.provide('databasePath', databasePath);
}

export async function teardown() {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
