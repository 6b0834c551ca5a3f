// What the one-process demo runs on: PostgreSQL (DATABASE_URL, or an embedded server whose data
// stays in ./.data across restarts), the transaction bus (Kafka when KAFKA_BROKERS is set, else
// in memory) and a JWT secret (JWT_SECRET, or one generated once and kept in ./.data).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startDetachedPostgres } from '#embedded-postgres';
import { InMemoryTransactionBus, KafkaTransactionBus, type TransactionBus } from '#messaging';

export interface DemoInfrastructure {
  readonly databaseUrl: string;
  readonly databaseLabel: string;
  readonly bus: TransactionBus;
  /** KAFKA_BROKERS value the apps' configuration needs; with the in-memory bus it is never dialled. */
  readonly kafkaBrokers: string;
  readonly busLabel: string;
  readonly jwtSecret: string;
  stop(): Promise<void>;
}

export const DEMO_DATA_DIR = path.resolve(process.env.DEMO_DATA_DIR ?? '.data');

function jwtSecret(): string {
  if (process.env.JWT_SECRET) return process.env.JWT_SECRET;
  const file = path.join(DEMO_DATA_DIR, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

export async function startDemoInfrastructure(): Promise<DemoInfrastructure> {
  mkdirSync(DEMO_DATA_DIR, { recursive: true });
  const embedded = process.env.DATABASE_URL
    ? undefined
    : // Its own process group: Ctrl-C stops the services first, the database last (main.ts).
      await startDetachedPostgres({
        dataDir: path.join(DEMO_DATA_DIR, 'postgres'),
        port: Number(process.env.DEMO_POSTGRES_PORT ?? 54329),
        persistent: true,
        durable: true,
      });
  const databaseUrl = process.env.DATABASE_URL ?? embedded!.url;
  const brokers = process.env.KAFKA_BROKERS;
  const bus: TransactionBus = brokers
    ? new KafkaTransactionBus({ brokers: brokers.split(','), clientId: 'demo' })
    : new InMemoryTransactionBus();
  await bus.ensureTopics();
  return {
    databaseUrl,
    databaseLabel: embedded
      ? `embedded PostgreSQL, data in ${path.relative(process.cwd(), DEMO_DATA_DIR)}/postgres`
      : 'DATABASE_URL',
    bus,
    kafkaBrokers: brokers ?? '127.0.0.1:9092',
    busLabel: brokers ? `Kafka at ${brokers}` : 'in-memory bus',
    jwtSecret: jwtSecret(),
    stop: async () => {
      await bus.close();
      await embedded?.stop();
    },
  };
}
