import { TOPICS } from '../topics.js';
import { aTransaction, transactionBusContract } from '../transaction-bus.contract.spec.js';
import { InMemoryTransactionBus, partitionOf } from './in-memory-bus.js';

transactionBusContract(
  'in-memory',
  () => Promise.resolve({ bus: new InMemoryTransactionBus({ retryDelayMs: 5 }), topics: TOPICS }),
  () => Promise.resolve(),
);

describe('InMemoryTransactionBus', () => {
  it('places a key on the same partition as its hash, whatever the partition count', () => {
    const bus = new InMemoryTransactionBus({ partitions: 4 });
    return bus.publishTransactions([aTransaction({ customerId: 'cus-42' })]).then(() => {
      const [message] = bus.messages(TOPICS.transactions);
      expect(message!.partition).toBe(partitionOf('cus-42', 4));
    });
  });

  it('starts a new group at the end when asked not to read from the beginning', async () => {
    const bus = new InMemoryTransactionBus();
    await bus.publishTransactions([aTransaction({ transactionId: 'tx-old' })]);
    const seen: string[] = [];
    const consumer = await bus.consume({
      groupId: 'late',
      topics: [TOPICS.transactions],
      fromBeginning: false,
      handle: (batch) => {
        seen.push(
          ...batch.messages.map(
            (message) => (JSON.parse(message.value.toString()) as { transactionId: string }).transactionId,
          ),
        );
        return Promise.resolve();
      },
    });
    await bus.publishTransactions([aTransaction({ transactionId: 'tx-new' })]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await consumer.stop();
    expect(seen).toEqual(['tx-new']);
  });

  it('refuses to publish once closed', async () => {
    const bus = new InMemoryTransactionBus();
    await bus.close();
    expect(() => bus.publishTransactions([aTransaction()])).toThrow(/closed/);
  });
});
