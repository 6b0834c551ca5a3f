// `npm run dlq:replay [-- --dry-run] [--group dlq-replay]`: puts dead-lettered transactions that are
// valid today back onto `transactions`; see docs/OPERATIONS.md ("Replaying the DLQ").
import { parseArgs } from 'node:util';
import { replayDeadLetters } from './replay-dlq.js';

const { values } = parseArgs({
  options: {
    'dry-run': { type: 'boolean', default: false },
    group: { type: 'string', default: 'dlq-replay' },
    brokers: { type: 'string' },
  },
});
const brokers = (values.brokers ?? process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
if (brokers.length === 0) {
  process.stderr.write(
    'dlq:replay: set KAFKA_BROKERS (or --brokers host:port,...) to the cluster to replay on\n',
  );
  process.exit(64);
}
const summary = await replayDeadLetters({
  brokers,
  groupId: values.group,
  dryRun: values['dry-run'],
  log: (line) => process.stderr.write(`dlq:replay: ${line}\n`),
});
process.stdout.write(
  `${values['dry-run'] ? 'Would replay' : 'Replayed'} ${summary.replayed} message(s) onto transactions; ${summary.parked} still invalid and parked.\n`,
);
for (const [reason, count] of Object.entries(summary.parkedReasons))
  process.stdout.write(`  ${count} x ${reason}\n`);
