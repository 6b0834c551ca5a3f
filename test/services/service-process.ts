// Runs a built service (`dist/apps/<app>/src/main.js`, what `npm run start:<app>` runs) as a child
// process for tests, and stops it. test/global-setup.mjs builds dist before integration runs.
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { waitFor } from '#testing';

export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  stop(): Promise<number | null>;
}

export function servicePath(app: string): string {
  return path.resolve('dist/apps', app, 'src/main.js');
}

export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
}

export function startServiceProcess(app: string, env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, [servicePath(app)], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return await exited;
    },
  };
}

export async function waitForHealth(port: number, service: ServiceProcess): Promise<unknown> {
  return await waitFor(
    async () => {
      if (service.child.exitCode !== null) {
        throw new Error(`service exited with ${service.child.exitCode}: ${service.output()}`);
      }
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      if (!response.ok) return undefined;
      const body: unknown = await response.json();
      return body;
    },
    { timeoutMs: 30_000, what: `/health on port ${port}` },
  );
}
