// A bounded queue between the page fetchers and the writers: fetchers wait when it is full, so
// memory holds a few pages whatever the size of the export. Several readers may pull; each item goes
// to one of them. fail() wakes every side with the error.
export class BoundedChannel<T> {
  private readonly items: T[] = [];
  private readonly waitingPushers: (() => void)[] = [];
  private readonly waitingPullers: (() => void)[] = [];
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
    this.waitingPullers.shift()?.();
  }

  close(): void {
    this.closed = true;
    for (const wake of this.waitingPullers.splice(0)) wake();
  }

  fail(error: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    for (const wake of [...this.waitingPullers.splice(0), ...this.waitingPushers.splice(0)]) wake();
  }

  /** The next item, or undefined once the channel is closed and drained. */
  async pull(): Promise<T | undefined> {
    for (;;) {
      if (this.failure !== undefined) throw this.failure;
      if (this.items.length > 0) {
        const item = this.items.shift()!;
        this.waitingPushers.shift()?.();
        return item;
      }
      if (this.closed) return undefined;
      await new Promise<void>((resolve) => this.waitingPullers.push(resolve));
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (let item = await this.pull(); item !== undefined; item = await this.pull()) yield item;
  }
}
