// The order and filters the shared projection feed relies on.
import { START } from '#eventstore';
import {
  CheckpointOfOtherStore,
  compareFeedPositions,
  earliestPosition,
  matchesFilter,
  requireCheckpointsOf,
  unionFilter,
  UnorderedCheckpoint,
} from './feed-order.js';

describe('feed positions', () => {
  it('orders PostgreSQL checkpoints by transaction id, then position, numerically, with the start first', () => {
    expect(compareFeedPositions('pg:9:100', 'pg:10:1')).toBeLessThan(0);
    expect(compareFeedPositions('pg:10:2', 'pg:10:11')).toBeLessThan(0);
    expect(compareFeedPositions('pg:10:11', 'pg:10:11')).toBe(0);
    expect(compareFeedPositions(START, 'pg:0:1')).toBeLessThan(0);
    expect(compareFeedPositions('pg:18446744073709551615:1', 'pg:18446744073709551614:9')).toBeGreaterThan(0);
    expect(earliestPosition(['pg:12:5', START, 'pg:3:4'])).toBe(START);
    expect(earliestPosition(['pg:12:5', 'pg:3:40', 'pg:3:4'])).toBe('pg:3:4');
  });

  it('orders EventStoreDB checkpoints by commit, then prepare, numerically, with the start first', () => {
    // given positions as the EventStoreDB adapter issues them: esdb:<commit>:<prepare>
    const positions = ['esdb:100:100', 'esdb:99:120', 'esdb:100:99', 'esdb:18446744073709551615:3', START];
    // when they are compared and the earliest is taken
    // then commit decides first, prepare breaks ties, both beyond 2^53 exactly, START before all
    expect(compareFeedPositions('esdb:99:120', 'esdb:100:100')).toBeLessThan(0);
    expect(compareFeedPositions('esdb:100:99', 'esdb:100:100')).toBeLessThan(0);
    expect(compareFeedPositions('esdb:100:100', 'esdb:100:100')).toBe(0);
    expect(compareFeedPositions('esdb:9:1', 'esdb:10:1')).toBeLessThan(0); // not string order
    expect(compareFeedPositions('esdb:9007199254740993:1', 'esdb:9007199254740992:1')).toBeGreaterThan(0);
    expect(compareFeedPositions(START, 'esdb:0:0')).toBeLessThan(0);
    expect(compareFeedPositions('esdb:0:0', START)).toBeGreaterThan(0);
    expect(earliestPosition(positions)).toBe(START);
    expect(earliestPosition(positions.filter((position) => position !== START))).toBe('esdb:99:120');
  });

  it('refuses to compare a PostgreSQL with an EventStoreDB checkpoint, naming the rebuild as the fix', () => {
    // given checkpoints of both stores in one checkpoint table
    // when they are compared, either way round
    // then the error says which store wrote which and to rebuild the projections
    expect(() => compareFeedPositions('esdb:1:1', 'pg:1:1')).toThrow(CheckpointOfOtherStore);
    expect(() => compareFeedPositions('pg:1:1', 'esdb:1:1')).toThrow(CheckpointOfOtherStore);
    expect(() => earliestPosition(['pg:5:5', START, 'esdb:1:1'])).toThrow(
      'Checkpoints "pg:5:5" (PostgreSQL) and "esdb:1:1" (EventStoreDB) come from different event stores: ' +
        'the checkpoint table was written partly while the projections ran on the other store. ' +
        'Rebuild the projections from the store in use: npm run projections:rebuild, with the same ' +
        'EVENT_STORE (and EVENTSTORE_URL) as the service.',
    );
  });

  it('refuses a checkpoint neither store issues, naming both formats and the fix', () => {
    expect(() => compareFeedPositions('esdb:1/2', 'pg:1:1')).toThrow(UnorderedCheckpoint);
    expect(() => compareFeedPositions('pg:1:1', 'mem:3')).toThrow(
      /"mem:3" is neither a PostgreSQL event store position \(pg:<transaction>:<position>\) nor an EventStoreDB one \(esdb:<commit>:<prepare>\).*npm run projections:rebuild/,
    );
  });

  it('accepts only checkpoints of the store the projections run on', () => {
    // given a checkpoint table written while the projections ran on PostgreSQL
    const written = [START, 'pg:10:4', 'pg:11:7'];
    // when the projections now run on one store or the other
    // then PostgreSQL accepts them, EventStoreDB refuses them with the fix
    expect(() => requireCheckpointsOf('postgres', written)).not.toThrow();
    expect(() => requireCheckpointsOf('eventstoredb', [START, 'esdb:3:3'])).not.toThrow();
    expect(() => requireCheckpointsOf('eventstoredb', written)).toThrow(
      new CheckpointOfOtherStore(
        'Checkpoint "pg:10:4" was written by the PostgreSQL event store, but the projections run on ' +
          'EventStoreDB (EVENT_STORE=eventstoredb): the checkpoint table was written while they ran on the ' +
          'other store. Rebuild the projections from the store in use: npm run projections:rebuild, with ' +
          'the same EVENT_STORE (and EVENTSTORE_URL) as the service.',
      ),
    );
    expect(() => requireCheckpointsOf('postgres', ['esdb:3:3'])).toThrow(/by the EventStoreDB event store/);
  });
});

describe('the shared read filter', () => {
  const transactions = { eventTypes: ['TransactionReceived', 'AlertResolved'] };
  const alerts = { eventTypes: ['AlertRaised', 'AlertResolved'], streamPrefixes: ['alert-'] };

  it('lets through every event any projection wants, each projection keeping only its own', () => {
    const union = unionFilter([transactions, alerts]);
    expect(union).toEqual({ eventTypes: ['TransactionReceived', 'AlertResolved', 'AlertRaised'] });
    const resolved = { type: 'AlertResolved', streamId: 'alert-1' };
    const received = { type: 'TransactionReceived', streamId: 'transaction-1' };
    expect([resolved, received].filter((event) => matchesFilter(event, union))).toHaveLength(2);
    expect(matchesFilter(received, alerts)).toBe(false);
    expect(matchesFilter({ type: 'AlertRaised', streamId: 'other-1' }, alerts)).toBe(false);
    expect(matchesFilter(resolved, transactions)).toBe(true);
  });

  it('reads everything when one projection has no filter', () => {
    expect(unionFilter([transactions, undefined])).toBeUndefined();
    expect(matchesFilter({ type: 'X', streamId: 'y' }, undefined)).toBe(true);
  });
});
