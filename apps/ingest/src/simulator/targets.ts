// Where the simulator sends: the ingest HTTP API (batches), Kafka directly, or an in-memory bus
// (a dry run). Each reports failures as counts the progress line shows, never silently.
import type { Transaction } from '#domain';
import {
  type Chargeback,
  InMemoryTransactionBus,
  KafkaTransactionBus,
  type TransactionBus,
} from '#messaging';
import type { CliOptions } from './cli-options.js';

export interface Target {
  readonly name: string;
  sendTransactions(transactions: readonly Transaction[]): Promise<void>;
  sendChargebacks(chargebacks: readonly Chargeback[]): Promise<void>;
  close(): Promise<void>;
}

export async function openTarget(target: CliOptions['target']): Promise<Target | undefined> {
  switch (target.kind) {
    case 'none':
      return undefined;
    case 'memory':
      return busTarget('memory', new InMemoryTransactionBus());
    case 'kafka': {
      const bus = new KafkaTransactionBus({ brokers: target.brokers, clientId: 'simulator' });
      await bus.ensureTopics();
      return busTarget(`kafka (${target.brokers.join(',')})`, bus);
    }
    case 'http':
      return httpTarget(target.url);
    default: {
      const unknown: never = target;
      throw new Error(`unknown target ${JSON.stringify(unknown)}`);
    }
  }
}

function busTarget(name: string, bus: TransactionBus): Target {
  return {
    name,
    sendTransactions: (transactions) => bus.publishTransactions(transactions),
    sendChargebacks: (chargebacks) => bus.publishChargebacks(chargebacks),
    close: () => bus.close(),
  };
}

function httpTarget(url: string): Target {
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 202) {
      throw new Error(`POST ${path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    }
    await response.arrayBuffer().catch(() => undefined);
  };
  return {
    name: url,
    sendTransactions: (transactions) => post('/transactions/batch', { transactions }),
    sendChargebacks: async (chargebacks) => {
      for (const chargeback of chargebacks) await post('/chargebacks', chargeback);
    },
    close: () => Promise.resolve(),
  };
}
