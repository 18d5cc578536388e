// One at a time per key, in arrival order, within this process. The shared gate keeps a provider's
// limit across workers; this keeps a worker's own units from racing each other to it (each race is a
// locked row in the database and a sleep that overshoots), so one unit per key waits on the gate and
// the others wait here, at no cost.

export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  /** Waits for the key's earlier holders to leave; returns `leave` (safe to call more than once). */
  async enter(key: string): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    return () => {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }

  /** Keys with a holder or a waiter (tests, leaks). */
  size(): number {
    return this.tails.size;
  }
}
