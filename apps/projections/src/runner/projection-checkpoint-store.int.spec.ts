// The checkpoint a read-model migration leaves to say "replay from the start" (migration 3), on real
// PostgreSQL: this version starts from the beginning and moves it like any checkpoint; the feed of
// the version before (the same ordering code) refuses it, so an old service stops instead.
import { START } from '#eventstore';
import { projectionTestBed, type ProjectionTestBed } from '../testing/read-model.spec-helpers.js';
import { compareFeedPositions, UnorderedCheckpoint } from './feed-order.js';
import { ProjectionCheckpointStore, REPLAY_FROM_START } from './projection-checkpoint-store.js';

let bed: ProjectionTestBed;

beforeAll(async () => {
  bed = await projectionTestBed('checkpoint_store');
});

afterAll(async () => {
  await bed.close();
});

describe('ProjectionCheckpointStore and REPLAY_FROM_START', () => {
  it('given a projection reset by a migration, when loaded, then it starts from the beginning and its first save replaces the marker', async () => {
    // Given
    await bed.pool.query(`INSERT INTO projection_checkpoints (name, checkpoint) VALUES ('reset', $1)`, [
      REPLAY_FROM_START,
    ]);
    const store = new ProjectionCheckpointStore(bed.pool, 'reset');

    // When
    const loaded = await store.load('reset');
    await store.withTransaction((client) => store.save('reset', 'pg:7:42', client));

    // Then
    expect(loaded).toBeUndefined();
    const { rows } = await bed.pool.query(
      `SELECT checkpoint FROM projection_checkpoints WHERE name = 'reset'`,
    );
    expect(rows).toEqual([{ checkpoint: 'pg:7:42' }]);
    expect(store.committed).toBe('pg:7:42');
  });

  it('given the marker, when read before any save, then this version places it at the start and the feed ordering refuses it as a position', async () => {
    // Given
    await bed.pool.query(`INSERT INTO projection_checkpoints (name, checkpoint) VALUES ('fresh', $1)`, [
      REPLAY_FROM_START,
    ]);
    const store = new ProjectionCheckpointStore(bed.pool, 'fresh');

    // When
    await store.load('fresh');

    // Then
    expect(store.committed).toBe(START);
    expect(() => compareFeedPositions(REPLAY_FROM_START, START)).toThrow(UnorderedCheckpoint);
  });
});
