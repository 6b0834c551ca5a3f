// The broker the run uses: KAFKA_BROKERS when set (its process is then not sampled), else a
// single-node KRaft broker started from tools/kafka for this run alone and stopped at the end.
export interface Broker {
  readonly brokers: string[];
  /** The broker's JVM, sampled for CPU and RSS like the services; 0 when not ours. */
  readonly pid: number;
  stop(): Promise<void>;
}

export async function startKafkaBroker(): Promise<Broker> {
  if (process.env.KAFKA_BROKERS)
    return { brokers: process.env.KAFKA_BROKERS.split(','), pid: 0, stop: () => Promise.resolve() };
  const kafkaModule = new URL('../../../tools/kafka/kafka.mjs', import.meta.url).href;
  const { startKafka } = (await import(kafkaModule)) as {
    startKafka(options: object): Promise<{ brokers: string; pid: number; stop(): Promise<void> }>;
  };
  const kafka = await startKafka({});
  return { brokers: kafka.brokers.split(','), pid: kafka.pid, stop: () => kafka.stop() };
}
