// Types of embedded-postgres.mjs for the TypeScript code that starts one (the demo, benchmarks).
export declare function freePort(): Promise<number>;
export declare function startEmbeddedPostgres(options?: {
  dataDir?: string;
  port?: number;
  persistent?: boolean;
}): Promise<{ url: string; stop: () => Promise<void> }>;
