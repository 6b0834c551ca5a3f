// Coalesces concurrent sends into one producer request: callers queue their messages; after a short
// linger (or at once when a request is already in flight) everything queued goes out together, and
// each caller's promise settles with that request. Order per topic is kept.
import type { Message, TopicMessages } from 'kafkajs';

interface Pending {
  readonly topic: string;
  readonly messages: Message[];
  resolve(): void;
  reject(error: unknown): void;
}

export class SendCoalescer {
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly sendBatch: (topicMessages: TopicMessages[]) => Promise<unknown>,
    private readonly lingerMs: number,
    private readonly maxMessages = 10_000,
  ) {}

  send(topic: string, messages: Message[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ topic, messages, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once nothing is queued or in flight. */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.inFlight !== undefined) {
      if (this.inFlight === undefined) this.flush();
      await this.inFlight?.catch(() => undefined); // the callers of that request got its error
    }
  }

  private schedule(): void {
    if (this.inFlight !== undefined || this.timer !== undefined) return;
    this.timer = setTimeout(() => this.flush(), this.lingerMs);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length === 0) return;
    const taken: Pending[] = [];
    let count = 0;
    while (
      this.queue.length > 0 &&
      (taken.length === 0 || count + this.queue[0]!.messages.length <= this.maxMessages)
    ) {
      const next = this.queue.shift()!;
      taken.push(next);
      count += next.messages.length;
    }
    const byTopic = new Map<string, Message[]>();
    for (const pending of taken) {
      const list = byTopic.get(pending.topic);
      if (list === undefined) byTopic.set(pending.topic, [...pending.messages]);
      else list.push(...pending.messages);
    }
    const request = this.sendBatch([...byTopic].map(([topic, messages]) => ({ topic, messages })));
    this.inFlight = request.then(
      () => taken.forEach((pending) => pending.resolve()),
      (error: unknown) => {
        taken.forEach((pending) => pending.reject(error));
        throw error;
      },
    );
    this.inFlight
      .catch(() => undefined) // settled above for every caller; here only the chaining matters
      .finally(() => {
        this.inFlight = undefined;
        if (this.queue.length > 0) this.flush();
      })
      .catch(() => undefined);
  }
}
