// A bounded queue between the page fetchers and the writer: fetchers wait when it is full, so
// memory holds a few pages whatever the size of the export. fail() wakes every side with the error.
export class BoundedChannel<T> {
  private readonly items: T[] = [];
  private readonly waitingPushers: (() => void)[] = [];
  private waitingPuller?: () => void;
  private closed = false;
  private failure?: unknown;

  constructor(private readonly capacity: number) {}

  async push(item: T): Promise<void> {
    while (this.items.length >= this.capacity && this.failure === undefined) {
      await new Promise<void>((resolve) => this.waitingPushers.push(resolve));
    }
    if (this.failure !== undefined) throw this.failure;
    if (this.closed) throw new Error('push on a closed channel');
    this.items.push(item);
    this.wakePuller();
  }

  close(): void {
    this.closed = true;
    this.wakePuller();
  }

  fail(error: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.wakePuller();
    for (const wake of this.waitingPushers.splice(0)) wake();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      if (this.failure !== undefined) throw this.failure;
      const item = this.items.shift();
      if (item !== undefined) {
        this.waitingPushers.shift()?.();
        yield item;
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => (this.waitingPuller = resolve));
    }
  }

  private wakePuller(): void {
    const wake = this.waitingPuller;
    this.waitingPuller = undefined;
    wake?.();
  }
}
