// Types of embedded-postgres.mjs for the TypeScript code that starts one (the demo, benchmarks).
export declare function freePort(): Promise<number>;
export interface EmbeddedPostgresOptions {
  dataDir?: string;
  port?: number;
  persistent?: boolean;
  /** fsync on (data a user keeps); off by default. */
  durable?: boolean;
}
export declare function startEmbeddedPostgres(
  options?: EmbeddedPostgresOptions,
): Promise<{ url: string; stop: () => Promise<void> }>;
/** The same, in a helper process of its own process group: a terminal's Ctrl-C does not reach it. */
export declare function startDetachedPostgres(
  options?: EmbeddedPostgresOptions,
): Promise<{ url: string; stop: () => Promise<void> }>;
