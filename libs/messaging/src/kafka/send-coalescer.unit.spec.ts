// The Kafka adapter's micro-batching publisher: concurrent publish calls become one producer request
// and each caller settles with the request that carried its messages (the broker's acknowledgement).
import type { Message, TopicMessages } from 'kafkajs';
import { SendCoalescer } from './send-coalescer.js';
import { tick, watch } from './promise-watch.spec-helpers.js';

/** A producer whose requests the test completes by hand, in order. */
function manualProducer() {
  const requests: { topicMessages: TopicMessages[]; settle: (error?: Error) => void }[] = [];
  const sendBatch = (topicMessages: TopicMessages[]) =>
    new Promise<void>((resolve, reject) => {
      requests.push({ topicMessages, settle: (error) => (error ? reject(error) : resolve()) });
    });
  return { requests, sendBatch };
}

const messages = (...values: string[]): Message[] => values.map((value) => ({ key: 'k', value }));
const values = (request: { topicMessages: TopicMessages[] }, topic: string) =>
  request.topicMessages.find((entry) => entry.topic === topic)?.messages.map((message) => message.value);

describe('send coalescer', () => {
  it('sends concurrent calls within the linger as one request, and resolves each caller only when it is acknowledged', async () => {
    const producer = manualProducer();
    const coalescer = new SendCoalescer(producer.sendBatch, 5);
    const calls = [
      watch(coalescer.send('transactions', messages('a'))),
      watch(coalescer.send('transactions', messages('b', 'c'))),
      watch(coalescer.send('chargebacks', messages('x'))),
    ];
    await tick();
    expect(producer.requests).toHaveLength(1);
    expect(values(producer.requests[0]!, 'transactions')).toEqual(['a', 'b', 'c']);
    expect(values(producer.requests[0]!, 'chargebacks')).toEqual(['x']);
    expect(calls.some((call) => call.settled)).toBe(false);
    producer.requests[0]!.settle();
    await tick(0);
    expect(calls.every((call) => call.settled && call.error === undefined)).toBe(true);
  });

  it('gathers calls made while a request is in flight into the next one, sent right after it', async () => {
    const producer = manualProducer();
    const coalescer = new SendCoalescer(producer.sendBatch, 2);
    const first = watch(coalescer.send('transactions', messages('1')));
    await tick();
    const later = Array.from({ length: 20 }, (_, i) =>
      watch(coalescer.send('transactions', messages(`n${i}`))),
    );
    await tick();
    expect(producer.requests).toHaveLength(1); // one in flight at a time (idempotent producer)
    producer.requests[0]!.settle();
    await tick(0);
    expect(first.settled).toBe(true);
    expect(producer.requests).toHaveLength(2);
    expect(values(producer.requests[1]!, 'transactions')).toHaveLength(20);
    expect(later.some((call) => call.settled)).toBe(false);
    producer.requests[1]!.settle();
    await tick(0);
    expect(later.every((call) => call.settled)).toBe(true);
  });

  it('rejects exactly the callers of a failed request, and sends the next calls afterwards', async () => {
    const producer = manualProducer();
    const coalescer = new SendCoalescer(producer.sendBatch, 2);
    const failed = watch(coalescer.send('transactions', messages('lost')));
    await tick();
    const next = watch(coalescer.send('transactions', messages('kept')));
    producer.requests[0]!.settle(new Error('broker gone'));
    await tick();
    expect(failed.error).toEqual(new Error('broker gone'));
    expect(next.settled).toBe(false);
    expect(values(producer.requests[1]!, 'transactions')).toEqual(['kept']);
    producer.requests[1]!.settle();
    await tick(0);
    expect(next).toEqual({ settled: true, error: undefined });
  });

  it('splits what is queued into requests of at most maxMessages, keeping the order', async () => {
    const producer = manualProducer();
    const coalescer = new SendCoalescer(producer.sendBatch, 2, 3);
    void coalescer.send('transactions', messages('a', 'b'));
    void coalescer.send('transactions', messages('c', 'd'));
    await tick();
    expect(values(producer.requests[0]!, 'transactions')).toEqual(['a', 'b']);
    producer.requests[0]!.settle();
    await tick(0);
    expect(values(producer.requests[1]!, 'transactions')).toEqual(['c', 'd']);
    producer.requests[1]!.settle();
    await coalescer.drain();
  });
});
