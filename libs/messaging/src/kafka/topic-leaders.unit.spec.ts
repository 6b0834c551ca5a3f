import type { Admin } from 'kafkajs';
import { waitForTopicLeaders } from './topic-leaders.js';

type Metadata = Awaited<ReturnType<Admin['fetchTopicMetadata']>>;

/** A broker whose metadata answers come from a script, one per request; the last one repeats. */
function brokerAnswering(...answers: Array<Metadata | Error>) {
  let requests = 0;
  return {
    get requests() {
      return requests;
    },
    fetchTopicMetadata: () => {
      const answer = answers[Math.min(requests, answers.length - 1)]!;
      requests += 1;
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
}

const protocolError = (type: string) => Object.assign(new Error(type), { type });
const topic = (name: string, leaders: number[]) => ({
  name,
  partitions: leaders.map((leader, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader,
    replicas: [1],
    isr: [1],
    offlineReplicas: [],
  })),
});

describe('waitForTopicLeaders', () => {
  it('given a broker that does not know the new topic yet, when it catches up, then the wait resolves', async () => {
    const broker = brokerAnswering(
      protocolError('UNKNOWN_TOPIC_OR_PARTITION'),
      { topics: [topic('a', [1, -1])] },
      { topics: [topic('a', [1, 1])] },
    );
    await waitForTopicLeaders(broker, ['a'], { intervalMs: 1 });
    expect(broker.requests).toBe(3);
  });

  it('given an error that is not about catching up, then it is thrown at once', async () => {
    const broker = brokerAnswering(protocolError('TOPIC_AUTHORIZATION_FAILED'));
    await expect(waitForTopicLeaders(broker, ['a'], { intervalMs: 1 })).rejects.toThrow(
      'TOPIC_AUTHORIZATION_FAILED',
    );
    expect(broker.requests).toBe(1);
  });

  it('given a partition that never gets a leader, then it gives up after the timeout naming the topic', async () => {
    const broker = brokerAnswering({ topics: [topic('a', [1]), topic('b', [-1])] });
    await expect(waitForTopicLeaders(broker, ['a', 'b'], { timeoutMs: 20, intervalMs: 1 })).rejects.toThrow(
      'Kafka topics not ready after 20 ms: the broker still reports a partition without a leader in b.',
    );
  });
});
