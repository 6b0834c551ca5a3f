// The in-memory adapter held to the shared contract (no servers: a unit suite).
import { eventStoreContract } from '../contract/index.js';
import { InMemoryCheckpointStore } from './in-memory-checkpoint-store.js';
import { InMemoryEventStore } from './in-memory-event-store.js';

eventStoreContract(
  'in-memory',
  ({ upcasters }) => {
    const store = new InMemoryEventStore({ upcasters });
    return Promise.resolve({
      store,
      checkpoints: new InMemoryCheckpointStore(),
      // Appends are synchronous and atomic in memory: no transaction can commit out of order.
      close: () => store.close(),
    });
  },
  { outOfOrderCommits: false, batchOrderInFeed: true },
);
