// Helper process of startDetachedPostgres: runs an embedded PostgreSQL in its own process group and
// stops it when its parent asks ({ stop: true }) or goes away (the IPC channel closes), never on
// the terminal's Ctrl-C, which the parent handles in its own order.
import { startEmbeddedPostgres } from './embedded-postgres.mjs';

const options = JSON.parse(process.argv[2] ?? '{}');
let server;
let stopping;

function stop() {
  stopping ??= (async () => {
    try {
      await server?.stop();
    } finally {
      process.exit(0);
    }
  })();
  return stopping;
}

process.on('message', (message) => {
  if (message?.stop) void stop();
});
process.on('disconnect', () => void stop());

try {
  server = await startEmbeddedPostgres(options);
  process.send?.({ url: server.url });
} catch (error) {
  process.send?.({ error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
