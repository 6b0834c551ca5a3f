// The servers a chaos suite owns: an embedded PostgreSQL and a single-node Kafka broker, each on a
// fixed port and a data folder of its own, so the suite can stop and start them again (the
// "restart of the database / broker" faults) with their data intact. Both listen on 127.0.0.1 only
// and are removed, data and all, by `stop()`.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, startEmbeddedPostgres } from '#embedded-postgres';

interface KafkaHandle {
  readonly brokers: string;
  readonly pid: number;
  stop(): Promise<void>;
}
interface KafkaModule {
  startKafka(options: {
    port: number;
    controllerPort: number;
    dataDir: string;
    logDir: string;
  }): Promise<KafkaHandle>;
  freePorts(count: number): Promise<number[]>;
}

const kafkaModule = async () =>
  (await import(new URL('../../../tools/kafka/kafka.mjs', import.meta.url).href)) as KafkaModule;

export interface RestartableServer {
  /** Connection string (PostgreSQL) or broker list (Kafka). */
  readonly address: string;
  /** How many times it was restarted. */
  readonly restarts: number;
  /** Stops the server, waits `downMs`, starts it again on the same port with the same data. */
  restart(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startChaosPostgres(): Promise<RestartableServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'chaos-pg-'));
  const port = await freePort();
  const start = () => startEmbeddedPostgres({ dataDir, port, persistent: true });
  let server = await start();
  let restarts = 0;
  let running = true;
  return {
    address: server.url,
    get restarts() {
      return restarts;
    },
    restart: async (downMs) => {
      running = false;
      await server.stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      server = await start();
      running = true;
      restarts += 1;
    },
    stop: async () => {
      if (running) await server.stop();
      running = false;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startChaosKafka(): Promise<RestartableServer> {
  const kafka = await kafkaModule();
  const root = mkdtempSync(path.join(os.tmpdir(), 'chaos-kafka-'));
  const [port, controllerPort] = await kafka.freePorts(2);
  const options = {
    port: port!,
    controllerPort: controllerPort!,
    dataDir: path.join(root, 'data'),
    logDir: path.join(root, 'logs'),
  };
  let broker: KafkaHandle | undefined = await kafka.startKafka(options);
  let restarts = 0;
  return {
    address: broker.brokers,
    get restarts() {
      return restarts;
    },
    restart: async (downMs) => {
      await broker?.stop();
      broker = undefined;
      await new Promise((resolve) => setTimeout(resolve, downMs));
      broker = await kafka.startKafka(options);
      restarts += 1;
    },
    stop: async () => {
      await broker?.stop();
      broker = undefined;
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * A pool for the suite's own checks. Its idle connections die with every server restart (and at the
 * server's stop); pg would crash the test process with that error, so it is reported and the pool
 * opens a new connection on the next query.
 */
export function checkerPool(databaseUrl: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  pool.on('error', (error) =>
    process.stderr.write(`[chaos] checker connection closed by the server (retriable): ${error.message}\n`),
  );
  return pool;
}
