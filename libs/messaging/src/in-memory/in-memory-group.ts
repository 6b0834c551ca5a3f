// A consumer group of the in-memory bus: committed offsets per topic-partition, members sharing the
// partitions (round-robin, recomputed whenever one joins or leaves, each member told its new share),
// and each member's delivery loop.
import type {
  BusBatch,
  BusConsumer,
  BusMessage,
  ConsumeOptions,
  PartitionAssignment,
} from '../transaction-bus.port.js';

interface Member {
  readonly options: ConsumeOptions;
  running: boolean;
  loop: Promise<void>;
}

export class InMemoryGroup {
  /** Next offset to deliver per "topic/partition": what a restarted member resumes from. */
  private readonly committed = new Map<string, number>();
  private readonly members: Member[] = [];
  private waiters: (() => void)[] = [];

  constructor(
    private readonly log: (topic: string) => BusMessage[][],
    private readonly settings: { maxBatchSize: number; retryDelayMs: number },
  ) {}

  join(options: ConsumeOptions): BusConsumer {
    for (const topic of options.topics) {
      this.log(topic).forEach((messages, partition) => {
        const key = `${topic}/${partition}`;
        if (!this.committed.has(key))
          this.committed.set(key, options.fromBeginning === false ? messages.length : 0);
      });
    }
    const member: Member = { options, running: true, loop: Promise.resolve() };
    this.members.push(member);
    this.announceAssignments();
    member.loop = this.run(member);
    this.wake();
    return {
      stop: async () => {
        member.running = false;
        this.wake();
        await member.loop;
        this.members.splice(this.members.indexOf(member), 1);
        this.announceAssignments();
        this.wake();
      },
    };
  }

  async stopAll(): Promise<void> {
    for (const member of this.members) member.running = false;
    this.wake();
    await Promise.all(this.members.map((member) => member.loop));
  }

  wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  private async run(member: Member): Promise<void> {
    while (member.running) {
      const batch = this.nextBatch(member);
      if (batch === undefined) {
        await new Promise<void>((resolve) => this.waiters.push(resolve));
        continue;
      }
      try {
        await member.options.handle(batch);
        const last = batch.messages[batch.messages.length - 1]!;
        this.committed.set(`${batch.topic}/${batch.partition}`, Number(last.offset) + 1);
      } catch (error) {
        (member.options.onError ?? warn)(error, batch);
        await new Promise((resolve) => setTimeout(resolve, this.settings.retryDelayMs));
      }
    }
  }

  /** The first partition assigned to `member` with uncommitted messages, as one batch. */
  private nextBatch(member: Member): BusBatch | undefined {
    for (const { topic, partitions } of this.assignmentOf(member)) {
      const log = this.log(topic);
      for (const partition of partitions) {
        const from = this.committed.get(`${topic}/${partition}`) ?? 0;
        const messages = log[partition]!;
        if (messages.length > from) {
          return {
            topic,
            partition,
            messages: messages.slice(from, from + this.settings.maxBatchSize),
            highWatermark: String(messages.length),
          };
        }
      }
    }
    return undefined;
  }

  /** Round-robin over the members' slots, in topic order then partition order. */
  private assignmentOf(member: Member): PartitionAssignment[] {
    const index = this.members.indexOf(member);
    let slot = 0;
    return [...member.options.topics].sort().map((topic) => {
      const partitions: number[] = [];
      const count = this.log(topic).length;
      for (let partition = 0; partition < count; partition++, slot++) {
        if (slot % this.members.length === index) partitions.push(partition);
      }
      return { topic, partitions };
    });
  }

  private announceAssignments(): void {
    for (const member of this.members) {
      if (member.running) member.options.onAssignment?.(this.assignmentOf(member));
    }
  }
}

function warn(error: unknown, batch: BusBatch): void {
  const reason = error instanceof Error ? error.message : String(error);
  process.emitWarning(
    `handler failed on ${batch.topic}/${batch.partition} at offset ${batch.messages[0]?.offset}; redelivering: ${reason}`,
  );
}
