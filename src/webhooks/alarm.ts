/**
 * What a worker's lanes sleep on between polls: `ring()` wakes every sleeper at once, and a lane
 * that was busy when it rang (it passes the count it saw before starting) does not sleep at all.
 */
export class Alarm {
  #sleepers = new Set<() => void>();
  /** How many times it rang so far. */
  rings = 0;

  ring(): void {
    this.rings += 1;
    for (const wake of this.#sleepers) wake();
  }

  /** Waits `ms`, or until it rings; at once if it rang since `seen`. The timer keeps no process alive. */
  sleep(ms: number, seen: number): Promise<void> {
    if (this.rings !== seen) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms).unref();
      this.#sleepers.add(wake);
    });
  }
}
