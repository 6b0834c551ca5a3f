// A fan-out of live values to GraphQL subscribers: each subscriber gets an async iterator with its own
// bounded queue (a slow client loses its oldest updates, never stalls the feed or grows memory).
export class LiveHub<T> {
  private readonly subscribers = new Set<(value: T) => void>();

  get size(): number {
    return this.subscribers.size;
  }

  publish(value: T): void {
    for (const deliver of this.subscribers) deliver(value);
  }

  subscribe(filter: (value: T) => boolean = () => true, capacity = 1000): AsyncIterableIterator<T> {
    const queue: T[] = [];
    let wake: ((result: IteratorResult<T>) => void) | undefined;
    let done = false;
    const deliver = (value: T) => {
      if (!filter(value)) return;
      if (wake) {
        const resolve = wake;
        wake = undefined;
        resolve({ value, done: false });
        return;
      }
      queue.push(value);
      if (queue.length > capacity) queue.shift();
    };
    this.subscribers.add(deliver);
    const finish = (): Promise<IteratorResult<T>> => {
      done = true;
      this.subscribers.delete(deliver);
      wake?.({ value: undefined, done: true });
      wake = undefined;
      return Promise.resolve({ value: undefined, done: true });
    };
    return {
      next: () => {
        if (queue.length > 0) return Promise.resolve({ value: queue.shift()!, done: false });
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (wake = resolve));
      },
      return: finish,
      throw: (error: unknown) => {
        void finish();
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }
}
