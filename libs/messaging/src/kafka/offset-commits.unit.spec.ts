// The consumer's offset commits: every partition's owed offset in one request, one request at a
// time, spaced; each lane's commit settles with the request that carried its offset.
import { OffsetCommits, type OffsetToCommit } from './offset-commits.js';
import { tick, watch } from './promise-watch.spec-helpers.js';

/** A group coordinator whose commit requests the test completes by hand, in order. */
function manualCoordinator() {
  const requests: { offsets: readonly OffsetToCommit[]; settle: (error?: Error) => void }[] = [];
  const send = (offsets: readonly OffsetToCommit[]) =>
    new Promise<void>((resolve, reject) => {
      requests.push({ offsets, settle: (error) => (error ? reject(error) : resolve()) });
    });
  return { requests, send };
}

describe('offset commits', () => {
  it('commits at once when idle, then carries every partition owed meanwhile in one request with its newest offset', async () => {
    const coordinator = manualCoordinator();
    const commits = new OffsetCommits(coordinator.send, 0);
    const first = watch(commits.commit('transactions', 0, '11'));
    await tick();
    expect(coordinator.requests).toHaveLength(1);

    // While it is under way, three lanes owe offsets (partition 1 twice).
    const owed = [
      watch(commits.commit('transactions', 1, '5')),
      watch(commits.commit('transactions', 2, '8')),
      watch(commits.commit('transactions', 1, '7')),
    ];
    await tick();
    expect(coordinator.requests).toHaveLength(1);
    expect(first.settled).toBe(false);

    coordinator.requests[0]!.settle();
    await tick();
    expect(first).toEqual({ settled: true, error: undefined });
    expect(coordinator.requests).toHaveLength(2);
    expect(coordinator.requests[1]!.offsets).toEqual([
      { topic: 'transactions', partition: 1, offset: '7' },
      { topic: 'transactions', partition: 2, offset: '8' },
    ]);
    expect(owed.some((call) => call.settled)).toBe(false);
    coordinator.requests[1]!.settle();
    await tick();
    expect(owed.every((call) => call.settled && call.error === undefined)).toBe(true);
  });

  it('waits out the interval before the next request, unless a graceful stop flushes it', async () => {
    const coordinator = manualCoordinator();
    const commits = new OffsetCommits(coordinator.send, 60_000);
    const first = watch(commits.commit('transactions', 0, '1'));
    await tick();
    coordinator.requests[0]!.settle();
    await tick();
    expect(first.settled).toBe(true);

    const second = watch(commits.commit('transactions', 0, '2'));
    await tick(30);
    expect(coordinator.requests).toHaveLength(1); // the interval is a minute: nothing sent yet

    const flushed = watch(commits.flush());
    await tick();
    expect(coordinator.requests).toHaveLength(2);
    coordinator.requests[1]!.settle();
    await tick();
    expect(second).toEqual({ settled: true, error: undefined });
    expect(flushed.settled).toBe(true);
  });

  it('rejects every offset of a failed request, and goes on with the next', async () => {
    const coordinator = manualCoordinator();
    const commits = new OffsetCommits(coordinator.send, 0);
    const a = watch(commits.commit('transactions', 0, '3'));
    await tick();
    const b = watch(commits.commit('transactions', 1, '4'));
    const c = watch(commits.commit('transactions', 2, '9'));
    coordinator.requests[0]!.settle();
    await tick();
    coordinator.requests[1]!.settle(new Error('REBALANCE_IN_PROGRESS'));
    await tick();
    expect(a.error).toBeUndefined();
    // Both waiters learn which partitions the refused request carried, and why.
    expect([b.error, c.error].map((error) => (error as Error).message)).toEqual([
      'committing offsets transactions[1]@4, transactions[2]@9: REBALANCE_IN_PROGRESS',
      'committing offsets transactions[1]@4, transactions[2]@9: REBALANCE_IN_PROGRESS',
    ]);

    const d = watch(commits.commit('transactions', 1, '4'));
    await tick();
    expect(coordinator.requests).toHaveLength(3);
    coordinator.requests[2]!.settle();
    await tick();
    expect(d).toEqual({ settled: true, error: undefined });
  });

  it('drops what a revoked partition owed, settling its lane without committing it', async () => {
    const coordinator = manualCoordinator();
    const commits = new OffsetCommits(coordinator.send, 0);
    watch(commits.commit('transactions', 0, '1'));
    await tick();
    const lost = watch(commits.commit('transactions', 3, '40'));
    const kept = watch(commits.commit('transactions', 4, '50'));
    commits.forget('transactions', 3);
    await tick(0);
    expect(lost).toEqual({ settled: true, error: undefined });

    coordinator.requests[0]!.settle();
    await tick();
    expect(coordinator.requests[1]!.offsets).toEqual([{ topic: 'transactions', partition: 4, offset: '50' }]);
    coordinator.requests[1]!.settle();
    await tick();
    expect(kept.settled).toBe(true);
  });

  it('after a failed request sends each partition alone, so one refused partition does not hold back the others', async () => {
    const coordinator = manualCoordinator();
    const commits = new OffsetCommits(coordinator.send, 0);
    const first = watch(commits.commit('transactions', 0, '1'));
    await tick();
    coordinator.requests[0]!.settle(new Error('UNKNOWN_TOPIC_OR_PARTITION'));
    await tick();
    expect(first.error).toBeDefined();

    const refused = watch(commits.commit('transactions', 0, '2'));
    const fine = watch(commits.commit('transactions', 1, '30'));
    await tick();
    expect(coordinator.requests[1]!.offsets).toEqual([{ topic: 'transactions', partition: 0, offset: '2' }]);
    coordinator.requests[1]!.settle(new Error('UNKNOWN_TOPIC_OR_PARTITION'));
    await tick();
    expect(coordinator.requests[2]!.offsets).toEqual([{ topic: 'transactions', partition: 1, offset: '30' }]);
    coordinator.requests[2]!.settle();
    await tick();
    expect((refused.error as Error).message).toBe(
      'committing offsets transactions[0]@2: UNKNOWN_TOPIC_OR_PARTITION',
    );
    expect(fine).toEqual({ settled: true, error: undefined });

    // A round without failure merges the partitions again.
    watch(commits.commit('transactions', 1, '31'));
    await tick();
    coordinator.requests[3]!.settle();
    await tick();
    watch(commits.commit('transactions', 0, '3'));
    await tick();
    watch(commits.commit('transactions', 0, '4'));
    watch(commits.commit('transactions', 1, '32'));
    coordinator.requests[4]!.settle();
    await tick();
    expect(coordinator.requests[5]!.offsets).toEqual([
      { topic: 'transactions', partition: 0, offset: '4' },
      { topic: 'transactions', partition: 1, offset: '32' },
    ]);
    coordinator.requests[5]!.settle();
  });

  it('does not send, later in a split round, the offset of a partition revoked meanwhile', async () => {
    const coordinator = manualCoordinator();
    const commits = new OffsetCommits(coordinator.send, 0);
    watch(commits.commit('transactions', 0, '1'));
    await tick();
    watch(commits.commit('transactions', 0, '2'));
    const revoked = watch(commits.commit('transactions', 1, '70'));
    coordinator.requests[0]!.settle(new Error('NOT_COORDINATOR'));
    await tick();

    // After the failure the round goes one partition at a time: 0 first, then 1.
    expect(coordinator.requests[1]!.offsets).toEqual([{ topic: 'transactions', partition: 0, offset: '2' }]);
    // Partition 1 goes to another member while partition 0's request is under way.
    commits.forget('transactions', 1);
    await tick(0);
    expect(revoked).toEqual({ settled: true, error: undefined });
    coordinator.requests[1]!.settle();
    await tick();
    expect(coordinator.requests).toHaveLength(2); // partition 1's old offset never went out
  });

  it('a hurry while idle (nothing owed) does not make a later round skip its interval', async () => {
    const coordinator = manualCoordinator();
    const commits = new OffsetCommits(coordinator.send, 200);
    watch(commits.commit('transactions', 0, '1'));
    await tick();
    coordinator.requests[0]!.settle();
    await tick(260); // the interval is over and nothing is owed: idle
    commits.hurry(); // a rebalance with every offset already committed

    watch(commits.commit('transactions', 0, '2')); // the interval is over: goes at once
    await tick(0);
    expect(coordinator.requests).toHaveLength(2);
    watch(commits.commit('transactions', 0, '3'));
    coordinator.requests[1]!.settle();
    await tick(20);
    expect(coordinator.requests).toHaveLength(2); // '3' waits out the interval: the old hurry is spent
    const flushed = commits.flush();
    await tick();
    coordinator.requests[2]!.settle();
    await flushed;
  });

  it('sends what is owed at once when hurried (the group starts rebalancing), then spaces the requests again', async () => {
    const coordinator = manualCoordinator();
    const commits = new OffsetCommits(coordinator.send, 60_000);
    watch(commits.commit('transactions', 0, '1'));
    await tick();
    coordinator.requests[0]!.settle();
    await tick();

    const owed = watch(commits.commit('transactions', 0, '2'));
    await tick(30);
    expect(coordinator.requests).toHaveLength(1);
    commits.hurry();
    await tick();
    expect(coordinator.requests).toHaveLength(2);
    coordinator.requests[1]!.settle();
    await tick();
    expect(owed).toEqual({ settled: true, error: undefined });

    watch(commits.commit('transactions', 0, '3'));
    await tick(30);
    expect(coordinator.requests).toHaveLength(2); // spaced again: a minute
    const flushed = commits.flush();
    await tick();
    coordinator.requests[2]!.settle();
    await flushed;
  });
});
