// Helper process of startDetachedPostgres: runs an embedded PostgreSQL in its own process group and
// stops it when its parent asks ({ stop: true }) or goes away (the IPC channel closes), never on
// the terminal's Ctrl-C, which the parent handles in its own order.
import { startEmbeddedPostgres } from './embedded-postgres.mjs';

const options = JSON.parse(process.argv[2] ?? '{}');
let stopping;
const starting = startEmbeddedPostgres(options);

function stop() {
  stopping ??= (async () => {
    let code = 0;
    try {
      // A stop asked during start-up waits for the server to be up, then stops it.
      await (await starting.catch(() => undefined))?.stop();
    } catch (error) {
      process.stderr.write(`embedded PostgreSQL did not stop cleanly: ${String(error)}\n`);
      code = 1;
    }
    process.exit(code);
  })();
  return stopping;
}

process.on('message', (message) => {
  if (message?.stop) void stop();
});
process.on('disconnect', () => void stop());

try {
  const server = await starting;
  process.send?.({ url: server.url });
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  // Also on stderr (inherited): the cause must reach the user even if the message does not.
  process.stderr.write(`${message}\n`);
  if (process.send) process.send({ error: message }, () => process.exit(1));
  else process.exit(1);
}
