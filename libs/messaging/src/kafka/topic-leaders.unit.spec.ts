import type { Admin } from 'kafkajs';
import { waitForTopicLeaders } from './topic-leaders.js';

type Metadata = Awaited<ReturnType<Admin['fetchTopicMetadata']>>;

/**
 * A broker whose metadata answers come from a script, one per request (the last one repeats), and
 * whose offsets answers come from another.
 */
function brokerAnswering(answers: Array<Metadata | Error>, offsetAnswers: Error[] = []) {
  let requests = 0;
  let offsetRequests = 0;
  return {
    get requests() {
      return requests;
    },
    get offsetRequests() {
      return offsetRequests;
    },
    fetchTopicMetadata: () => {
      const answer = answers[Math.min(requests, answers.length - 1)]!;
      requests += 1;
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
    fetchTopicOffsets: (topic: string) => {
      const answer = offsetAnswers[offsetRequests];
      offsetRequests += 1;
      return answer
        ? Promise.reject(answer)
        : Promise.resolve(
            [{ partition: 0, offset: '0', high: '0', low: '0' }].map((entry) => ({ ...entry, topic })),
          );
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
    const broker = brokerAnswering([
      protocolError('UNKNOWN_TOPIC_OR_PARTITION'),
      { topics: [topic('a', [1, -1])] },
      { topics: [topic('a', [1, 1])] },
    ]);
    await waitForTopicLeaders(broker, ['a'], { intervalMs: 1 });
    expect(broker.requests).toBe(3);
  });

  it('given a leader that does not serve the partition yet, when it does, then the wait resolves', async () => {
    const notLeader = Object.assign(new Error('retries exceeded'), {
      originalError: protocolError('NOT_LEADER_FOR_PARTITION'),
    });
    const broker = brokerAnswering([{ topics: [topic('a', [1, 1])] }], [notLeader]);
    await waitForTopicLeaders(broker, ['a'], { intervalMs: 1 });
    expect(broker.offsetRequests).toBe(2);
  });

  it('given the answers as kafkajs gives them after its own retries (the cause inside), then it waits through them', async () => {
    const exhausted = (type: string) =>
      Object.assign(new Error('retries exceeded'), {
        name: 'KafkaJSNumberOfRetriesExceeded',
        cause: protocolError(type),
      });
    const broker = brokerAnswering(
      [
        exhausted('UNKNOWN_TOPIC_OR_PARTITION'),
        exhausted('LEADER_NOT_AVAILABLE'),
        { topics: [topic('a', [1])] },
      ],
      [exhausted('NOT_LEADER_FOR_PARTITION')],
    );
    await waitForTopicLeaders(broker, ['a'], { intervalMs: 1 });
    expect(broker.requests).toBe(4);
    expect(broker.offsetRequests).toBe(2);
  });

  it('given an error that is not about catching up, then it is thrown at once', async () => {
    const broker = brokerAnswering([protocolError('TOPIC_AUTHORIZATION_FAILED')]);
    await expect(waitForTopicLeaders(broker, ['a'], { intervalMs: 1 })).rejects.toThrow(
      'TOPIC_AUTHORIZATION_FAILED',
    );
    expect(broker.requests).toBe(1);
  });

  it('given a partition that never gets a leader, then it gives up after the timeout naming the topic', async () => {
    const broker = brokerAnswering([{ topics: [topic('a', [1]), topic('b', [-1])] }]);
    await expect(waitForTopicLeaders(broker, ['a', 'b'], { timeoutMs: 20, intervalMs: 1 })).rejects.toThrow(
      'Kafka topics not ready after 20 ms: the broker still reports a partition without a leader in b.',
    );
    await expect(waitForTopicLeaders(broker, ['b'], { timeoutMs: 1, intervalMs: 1 })).rejects.toMatchObject({
      retriable: true,
    });
  });
});
