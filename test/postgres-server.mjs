// Kept for existing imports: the embedded PostgreSQL starter lives in tools/postgres.
export { freePort, startEmbeddedPostgres } from '../tools/postgres/embedded-postgres.mjs';
