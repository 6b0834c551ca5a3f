// Kafka availability for integration suites: global-setup.mjs starts a broker (or takes
// KAFKA_BROKERS) and says here whether one is there; suites without one are skipped loudly.
import { randomBytes } from 'node:crypto';

export function kafkaAvailable(): boolean {
  return process.env.TEST_KAFKA_AVAILABLE === '1' && Boolean(process.env.KAFKA_BROKERS);
}

export function kafkaBrokers(): string[] {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error('KAFKA_BROKERS is not set: run Kafka suites with `npm test`.');
  return brokers.split(',').map((broker) => broker.trim());
}

/**
 * `describe` when a broker is available; otherwise one skipped test carrying the reason, so the
 * suite's body (which may need KAFKA_BROKERS just to be collected) never runs.
 */
export function describeWithKafka(name: string, body: () => void): void {
  if (kafkaAvailable()) {
    describe(name, body);
    return;
  }
  describe(name, () => {
    it.skip(`skipped: no Kafka broker (${process.env.TEST_KAFKA_SKIP_REASON ?? 'unknown reason'})`, () =>
      undefined);
  });
}

/** A topic name no other suite uses. */
export function uniqueTopic(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}
