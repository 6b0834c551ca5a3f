import type { BusBatch, BusMessage } from '../transaction-bus.port.js';
import { type LaneIo, PartitionLane } from './partition-lane.js';

const message = (offset: number): BusMessage => ({
  topic: 't',
  partition: 0,
  offset: String(offset),
  key: null,
  value: Buffer.from(String(offset)),
  headers: {},
});
const messages = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, index) => message(from + index));
const offsets = (batch: BusBatch) => batch.messages.map((m) => Number(m.offset));

/** A handler whose calls the test resolves or rejects one by one, and a record of what the lane did. */
function harness(limits = { inFlight: 2, maxBuffered: 10, backoffMs: 1 }) {
  const calls: { batch: BusBatch; resolve: () => void; reject: (error: Error) => void }[] = [];
  const did: string[] = [];
  const errors: unknown[] = [];
  const io: LaneIo = {
    handle: (batch) =>
      new Promise<void>((resolve, reject) => {
        calls.push({ batch, resolve, reject });
      }),
    commit: (offset) => {
      did.push(`commit ${offset}`);
      return Promise.resolve();
    },
    pause: () => did.push('pause'),
    rewind: (offset) => did.push(offset === undefined ? 'resume' : `rewind ${offset}`),
    onError: (error) => errors.push(error),
  };
  const lane = new PartitionLane('t', 0, io, limits);
  return { lane, calls, did, errors };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('PartitionLane', () => {
  it('hands over at once, and what arrives meanwhile as one batch when there is room', async () => {
    const { lane, calls, did } = harness({ inFlight: 1, maxBuffered: 10, backoffMs: 1 });
    lane.offer(messages(0, 1), '2');
    lane.offer(messages(2, 3), '4');
    lane.offer(messages(4, 4), '5');
    await settle();
    expect(calls.map((call) => offsets(call.batch))).toEqual([[0, 1]]);
    calls[0]!.resolve();
    await settle();
    expect(calls.map((call) => offsets(call.batch))).toEqual([
      [0, 1],
      [2, 3, 4],
    ]);
    expect(calls[1]!.batch.highWatermark).toBe('5');
    expect(did).toEqual(['commit 2']);
  });

  it('commits in offset order even when a later batch resolves first', async () => {
    const { lane, calls, did } = harness();
    lane.offer(messages(0, 1), '2');
    lane.offer(messages(2, 2), '3');
    await settle();
    expect(calls).toHaveLength(2);
    calls[1]!.resolve();
    await settle();
    expect(did).toEqual([]);
    calls[0]!.resolve();
    await settle();
    expect(did).toEqual(['commit 2', 'commit 3']);
  });

  it('does not pace batches by commits: while one is under way, only the newest offset is committed next', async () => {
    const commits: string[] = [];
    const pending: (() => void)[] = [];
    const handled: BusBatch[] = [];
    const io: LaneIo = {
      handle: (batch) => {
        handled.push(batch);
        return Promise.resolve();
      },
      commit: (offset) => {
        commits.push(offset);
        return new Promise<void>((resolve) => pending.push(resolve));
      },
      pause: () => undefined,
      rewind: () => undefined,
    };
    const lane = new PartitionLane('t', 0, io, { inFlight: 1, maxBuffered: 10 });
    lane.offer(messages(0, 0), '1');
    await settle();
    lane.offer(messages(1, 1), '2');
    await settle();
    lane.offer(messages(2, 2), '3');
    await settle();
    expect(handled).toHaveLength(3); // the first commit has not answered yet
    expect(commits).toEqual(['1']);
    pending.shift()!();
    await settle();
    expect(commits).toEqual(['1', '3']);
    pending.shift()!();
    await lane.close();
  });

  it('delivers a failed batch and everything after it again, after a pause, and commits none of it', async () => {
    const { lane, calls, did, errors } = harness();
    lane.offer(messages(0, 1), '2');
    lane.offer(messages(2, 2), '3');
    lane.offer(messages(3, 3), '4');
    await settle();
    calls[0]!.reject(new Error('database unavailable'));
    calls[1]!.resolve();
    await settle();
    expect(errors).toEqual([new Error('database unavailable')]);
    expect(did).toEqual(['pause', 'rewind 0']);
    // While waiting, offers were refused; fetched again from 0, everything is taken anew.
    expect(lane.offer(messages(0, 3), '4')).toBe(true);
    await settle();
    expect(calls.slice(2).map((call) => offsets(call.batch))).toEqual([[0, 1, 2, 3]]);
    calls[2]!.resolve();
    await settle();
    expect(did).toEqual(['pause', 'rewind 0', 'commit 4']);
  });

  it('starts nothing new once a later batch failed, even when an earlier one then succeeds', async () => {
    const { lane, calls, did } = harness();
    lane.offer(messages(0, 0), '1');
    lane.offer(messages(1, 1), '2');
    await settle();
    calls[1]!.reject(new Error('boom')); // the second fails while the first still runs
    await settle();
    lane.offer(messages(2, 2), '3');
    calls[0]!.resolve();
    await settle();
    expect(calls).toHaveLength(2); // offset 2 was not handed over on top of a failed batch
    expect(did).toEqual(['commit 1', 'pause', 'rewind 1']);
  });

  it('goes on when kafkajs refuses to pause or seek (its consumer restarting)', async () => {
    const troubles: string[] = [];
    let refusals = 1;
    const handled: BusBatch[] = [];
    const io: LaneIo = {
      handle: (batch) => {
        handled.push(batch);
        return handled.length === 1 ? Promise.reject(new Error('boom')) : Promise.resolve();
      },
      commit: () => Promise.resolve(),
      pause: () => {
        throw new Error('Consumer group was not initialized');
      },
      rewind: () => {
        if (refusals-- > 0) throw new Error('Consumer group was not initialized');
      },
      onTrouble: (what) => troubles.push(what),
    };
    const lane = new PartitionLane('t', 0, io, { inFlight: 1, maxBuffered: 10, backoffMs: 1 });
    lane.offer(messages(0, 0), '1');
    await settle();
    await settle();
    expect(troubles).toEqual(['t[0]: pausing the partition', 't[0]: fetching offset 0 again (retrying)']);
    expect(lane.offer(messages(0, 0), '1')).toBe(true);
    await settle();
    expect(handled.map(offsets)).toEqual([[0], [0]]);
  });

  it('refuses messages while a failed batch waits to be fetched again', async () => {
    const { lane, calls } = harness({ inFlight: 1, maxBuffered: 10, backoffMs: 50 });
    lane.offer(messages(0, 0), '1');
    await settle();
    calls[0]!.reject(new Error('boom'));
    await settle();
    expect(lane.offer(messages(1, 1), '2')).toBe(false);
    expect(calls).toHaveLength(1);
  });

  it('drops copies of messages it already took (a refetch after a rebalance)', async () => {
    const { lane, calls } = harness({ inFlight: 1, maxBuffered: 10, backoffMs: 1 });
    lane.offer(messages(0, 2), '3');
    lane.offer(messages(1, 4), '5');
    await settle();
    calls[0]!.resolve();
    await settle();
    expect(calls.map((call) => offsets(call.batch))).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
  });

  it('holds the fetch loop back when its buffer is full, and lets it go on once a batch starts', async () => {
    const { lane, calls } = harness({ inFlight: 1, maxBuffered: 3, backoffMs: 1 });
    lane.offer(messages(0, 0), '1');
    lane.offer(messages(1, 3), '4');
    expect(lane.full).toBe(true);
    let roomMade = false;
    const room = lane.room().then(() => (roomMade = true));
    await settle();
    expect(roomMade).toBe(false);
    calls[0]!.resolve();
    await room;
    expect(lane.full).toBe(false);
    await settle();
    expect(offsets(calls[1]!.batch)).toEqual([1, 2, 3]);
  });

  it('commits nothing more for a partition it lost, and resumes one it had paused', async () => {
    const { lane, calls, did } = harness({ inFlight: 2, maxBuffered: 10, backoffMs: 1_000 });
    lane.offer(messages(0, 0), '1');
    lane.offer(messages(1, 1), '2');
    await settle();
    calls[0]!.reject(new Error('boom'));
    await settle();
    const revoked = lane.revoke();
    calls[1]!.resolve();
    await revoked;
    expect(did).toEqual(['pause', 'resume']);
    expect(lane.offer(messages(2, 2), '3')).toBe(false);
  });

  it('closes gracefully: the batches in hand finish and are committed, the buffered ones are dropped', async () => {
    const { lane, calls, did } = harness({ inFlight: 1, maxBuffered: 10, backoffMs: 1 });
    lane.offer(messages(0, 0), '1');
    lane.offer(messages(1, 1), '2');
    await settle();
    const closed = lane.close();
    calls[0]!.resolve();
    await closed;
    expect(did).toEqual(['commit 1']);
    expect(calls).toHaveLength(1);
  });

  it("a later lane of the same partition hands over only after the earlier lane's batches settled", async () => {
    const first = harness({ inFlight: 1, maxBuffered: 10, backoffMs: 1 });
    first.lane.offer(messages(0, 0), '1');
    await settle();
    const revoked = first.lane.revoke();
    const calls: BusBatch[] = [];
    const io: LaneIo = {
      handle: (batch) => {
        calls.push(batch);
        return Promise.resolve();
      },
      commit: () => Promise.resolve(),
      pause: () => undefined,
      rewind: () => undefined,
    };
    const second = new PartitionLane('t', 0, io, { inFlight: 1, maxBuffered: 10 }, revoked);
    second.offer(messages(0, 0), '1');
    await settle();
    expect(calls).toHaveLength(0);
    first.calls[0]!.resolve();
    await revoked;
    await settle();
    expect(calls.map(offsets)).toEqual([[0]]);
  });
});
