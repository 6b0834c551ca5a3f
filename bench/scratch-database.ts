// A throwaway database for one bench run on DATABASE_URL's server (default the local one), or on
// `server` when given: created empty, dropped with its connections forced off by `drop()`, which
// connects afresh (a bench's first connection may have died in a long run).
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ScratchDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** Runs one statement on `server` (CREATE / DROP DATABASE) over a connection of its own. */
export async function onServer(server: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** `server`'s connection string pointed at database `name`. */
export function databaseUrl(server: string, name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function scratchDatabase(
  prefix: string,
  server = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
): Promise<ScratchDatabase> {
  const name = `bench_${prefix}_${randomBytes(4).toString('hex')}`;
  await onServer(server, `CREATE DATABASE "${name}"`);
  return {
    name,
    url: databaseUrl(server, name),
    drop: () => onServer(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
