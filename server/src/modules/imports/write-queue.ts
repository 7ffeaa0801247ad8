/**
 * Runs at most `limit` writes at once, each in its own transaction: while one batch's insert keeps a
 * PostgreSQL backend busy (index maintenance), another batch's insert runs on the second core. The first
 * failure is remembered and re-thrown by the next `add` and by `drain`, which also waits for every write
 * still running, so no transaction outlives the import that started it.
 */
export class WriteQueue {
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | null = null;

  constructor(private readonly limit: number) {}

  async add(write: () => Promise<void>): Promise<void> {
    this.throwIfFailed();
    while (this.running.size >= this.limit) {
      await Promise.race(this.running).catch(() => {});
      this.throwIfFailed();
    }
    const running: Promise<void> = write().then(
      () => {
        this.running.delete(running);
      },
      (error: unknown) => {
        this.running.delete(running);
        this.failure ??= { error };
      },
    );
    this.running.add(running);
  }

  /** Waits for every running write; throws the first failure, if any. */
  async drain(): Promise<void> {
    await Promise.all(this.running);
    this.throwIfFailed();
  }

  /** Waits for every running write, failed or not (after an error elsewhere, before cleaning up). */
  async settle(): Promise<void> {
    await Promise.all(this.running);
  }

  private throwIfFailed() {
    if (this.failure) throw this.failure.error;
  }
}
