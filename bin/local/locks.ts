/**
 * Async locks for the local storage gateways. Both gateways run in one Node process, so an in-memory lock is
 * all it takes to make a multi-request sequence (a transaction, a check-then-put) atomic to other clients.
 */

interface Waiter {
  exclusive: boolean;
  grant: () => void;
}

/**
 * A FIFO readers–writer lock: any number of readers together, or one writer alone. Waiters are granted
 * strictly in arrival order, so a steady stream of readers cannot starve a writer (and vice versa).
 */
export class ReadWriteLock {
  private readers = 0;
  private writer = false;
  private readonly queue: Waiter[] = [];

  /** Run `work` while holding a shared (read) lock. */
  read<T>(work: () => Promise<T>): Promise<T> {
    return this.hold(false, work);
  }

  /** Run `work` while holding the exclusive (write) lock. */
  write<T>(work: () => Promise<T>): Promise<T> {
    return this.hold(true, work);
  }

  private async hold<T>(exclusive: boolean, work: () => Promise<T>): Promise<T> {
    await this.acquire(exclusive);
    try {
      return await work();
    } finally {
      if (exclusive) this.writer = false;
      else this.readers -= 1;
      this.drain();
    }
  }

  private acquire(exclusive: boolean): Promise<void> {
    if (this.queue.length === 0 && this.free(exclusive)) {
      this.take(exclusive);
      return Promise.resolve();
    }
    return new Promise((grant) => this.queue.push({ exclusive, grant }));
  }

  private free(exclusive: boolean): boolean {
    return exclusive ? !this.writer && this.readers === 0 : !this.writer;
  }

  private take(exclusive: boolean): void {
    if (exclusive) this.writer = true;
    else this.readers += 1;
  }

  private drain(): void {
    for (let next = this.queue[0]; next && this.free(next.exclusive); next = this.queue[0]) {
      this.queue.shift();
      this.take(next.exclusive);
      next.grant();
    }
  }
}

/** One mutex per key (e.g. per S3 object): work on the same key runs one at a time, in arrival order. */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  /** Run `work` once every earlier `run` with the same key has settled. */
  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      // Forget the key once nobody queued behind us, so the map does not grow with every object ever written.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
