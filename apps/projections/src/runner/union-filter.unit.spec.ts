// The projections' shared read: one filter for all of them, leaving out only what none of them reads.
import { ALL_PROJECTIONS } from '../projection/all-projections.js';
import { UNREAD_TRANSACTION_FIELDS } from '../projection/projection.js';
import { unionFilter } from './feed-order.js';

describe('unionFilter', () => {
  it('omits a data field only when every projection omits it', () => {
    // Given two projections, one of which needs `reasons`
    const filters = [
      { eventTypes: ['A'], omitDataFields: ['features', 'reasons'] },
      { eventTypes: ['B'], omitDataFields: ['features'] },
    ];
    // When their reads are combined
    const union = unionFilter(filters);
    // Then both event types come, without `features` only
    expect(union).toEqual({ eventTypes: ['A', 'B'], omitDataFields: ['features'] });
  });

  it('omits nothing when one projection reads whole events', () => {
    expect(unionFilter([{ eventTypes: ['A'], omitDataFields: ['features'] }, { eventTypes: ['B'] }])).toEqual(
      {
        eventTypes: ['A', 'B'],
      },
    );
  });

  it('the running projections leave TransactionScored feature values out of their shared read', () => {
    const union = unionFilter(ALL_PROJECTIONS.map((projection) => projection.filter));
    expect(union?.omitDataFields).toEqual([...UNREAD_TRANSACTION_FIELDS]);
    expect(union?.eventTypes).toContain('TransactionScored');
  });
});
