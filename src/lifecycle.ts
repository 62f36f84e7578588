/**
 * What the service opened, closed in the reverse order: each part is registered once open, after
 * what it uses, so it closes before them (the HTTP server first, the database last).
 */
export class Lifecycle {
  readonly #closers: (() => unknown)[] = [];

  onClose(close: () => unknown): void {
    this.#closers.push(close);
  }

  /** Closes everything, last registered first, each once; one that fails does not keep the rest open. */
  async close(): Promise<void> {
    const failures: unknown[] = [];
    for (let close = this.#closers.pop(); close; close = this.#closers.pop()) {
      try {
        await close();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw failures[0];
  }
}
