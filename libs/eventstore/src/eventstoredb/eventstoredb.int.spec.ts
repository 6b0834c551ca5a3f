// The EventStoreDB / KurrentDB adapter held to the shared contract, when EVENTSTORE_URL names a
// server (e.g. esdb://127.0.0.1:2113?tls=false); otherwise one skipped test says why.
import { InMemoryCheckpointStore } from '../in-memory/in-memory-checkpoint-store.js';
import { eventStoreContract } from '../contract/index.js';
import { EventStoreDbEventStore } from './eventstoredb-event-store.js';

const url = process.env.EVENTSTORE_URL;

if (url) {
  eventStoreContract(
    'eventstoredb',
    ({ upcasters }) => {
      const store = EventStoreDbEventStore.connect(url, { upcasters });
      return Promise.resolve({
        store,
        checkpoints: new InMemoryCheckpointStore(),
        close: () => store.close(),
      });
    },
    // EventStoreDB orders its log at commit: no transaction can commit out of order.
    { outOfOrderCommits: false, batchOrderInFeed: false },
  );
} else {
  it.skip('EventStore contract: eventstoredb [skipped: EVENTSTORE_URL is not set; set it to an EventStoreDB/KurrentDB server to run it]', () =>
    undefined);
}
