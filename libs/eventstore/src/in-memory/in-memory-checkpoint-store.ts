// Checkpoints and dead letters in process memory, for tests and the embedded demo. A "transaction"
// here stages the checkpoint and publishes it only when the work succeeds.
import type { RecordedEvent } from '../event-store.port.js';
import type { CheckpointStore } from '../subscription/subscription.types.js';

export interface DeadLetter {
  readonly subscriptionId: string;
  readonly event: RecordedEvent;
  readonly error: string;
}

export interface InMemoryUnitOfWork {
  readonly staged: Map<string, string>;
  readonly deadLetters: DeadLetter[];
}

export class InMemoryCheckpointStore implements CheckpointStore<InMemoryUnitOfWork> {
  readonly checkpoints = new Map<string, string>();
  readonly deadLetters: DeadLetter[] = [];

  load(subscriptionId: string): Promise<string | undefined> {
    return Promise.resolve(this.checkpoints.get(subscriptionId));
  }

  async withTransaction<T>(work: (client: InMemoryUnitOfWork) => Promise<T>): Promise<T> {
    const unit: InMemoryUnitOfWork = { staged: new Map(), deadLetters: [] };
    const result = await work(unit);
    for (const [id, checkpoint] of unit.staged) this.checkpoints.set(id, checkpoint);
    this.deadLetters.push(...unit.deadLetters);
    return result;
  }

  save(subscriptionId: string, checkpoint: string, client: InMemoryUnitOfWork): Promise<void> {
    client.staged.set(subscriptionId, checkpoint);
    return Promise.resolve();
  }

  deadLetter(
    subscriptionId: string,
    event: RecordedEvent,
    error: unknown,
    client: InMemoryUnitOfWork,
  ): Promise<void> {
    client.deadLetters.push({
      subscriptionId,
      event,
      error: error instanceof Error ? error.message : String(error),
    });
    return Promise.resolve();
  }
}
