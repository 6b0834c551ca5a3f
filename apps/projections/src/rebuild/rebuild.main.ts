// `npm run projections:rebuild [-- name ...]`: rebuilds the named projections (all when none) from
// the start of the log into fresh tables and switches over when caught up. The projections service
// may keep running meanwhile; readers pause only for the switch itself.
import { connectEventStore } from '#eventstore';
import { ConfigError, JsonLogger } from '#platform';
import { migrateReadModel } from '#read-model';
import { selectProjections } from '../projection/all-projections.js';
import { loadProjectionsConfig } from '../projections.config.js';
import { rebuildProjections } from './rebuild.js';

const logger = new JsonLogger('projections-rebuild', 'info');
let config;
try {
  config = loadProjectionsConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`projections:rebuild: ${error.message}\n`);
    process.exit(78);
  }
  throw error;
}
let projections;
try {
  projections = selectProjections(process.argv.slice(2).filter((arg) => !arg.startsWith('--')));
} catch (error) {
  process.stderr.write(`projections:rebuild: ${(error as Error).message}\n`);
  process.exit(64);
}
// The events come from the configured event store (EVENT_STORE); the tables are on DATABASE_URL.
const store = connectEventStore(config, { poolMax: 3 });
try {
  await migrateReadModel(config.DATABASE_URL);
  const reports = await rebuildProjections(projections, {
    databaseUrl: config.DATABASE_URL,
    store,
    batchSize: config.PROJECTIONS_BATCH_SIZE,
    maxBatchSize: config.PROJECTIONS_CATCH_UP_BATCH_SIZE,
    log: (entry) => logger.log(entry, 'Rebuild'),
  });
  for (const report of reports) logger.log({ msg: 'rebuilt', ...report }, 'Rebuild');
} catch (error) {
  logger.error(
    {
      msg: 'rebuild failed; the live tables are unchanged',
      error: error instanceof Error ? error.message : String(error),
    },
    'Rebuild',
  );
  process.exitCode = 1;
} finally {
  await store.close();
}
