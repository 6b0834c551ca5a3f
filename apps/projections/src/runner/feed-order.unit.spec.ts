// The order and filters the shared projection feed relies on.
import { START } from '#eventstore';
import {
  compareFeedPositions,
  earliestPosition,
  matchesFilter,
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

  it('refuses a checkpoint of another store, naming it and the fix', () => {
    expect(() => compareFeedPositions('esdb:1/2', 'pg:1:1')).toThrow(UnorderedCheckpoint);
    expect(() => compareFeedPositions('esdb:1/2', 'pg:1:1')).toThrow('EVENT_STORE=postgres');
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
