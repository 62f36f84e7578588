/**
 * How long the primary waits before replacing a worker that died: not at all the first time, then
 * twice as long for each further death within a minute (0.5 s, 1 s, 2 s … up to 30 s). A worker
 * that dies at every start (the database gone at that moment, a bug) is retried for as long as
 * it takes, without spinning the machine while the other workers serve.
 */
export class RestartBackoff {
  readonly #windowMs: number;
  readonly #maxMs: number;
  #deaths: number[] = [];

  constructor({ windowMs = 60_000, maxMs = 30_000 } = {}) {
    this.#windowMs = windowMs;
    this.#maxMs = maxMs;
  }

  /** Records a death now; answers the wait before its replacement, in ms. */
  delayMs(now = Date.now()): number {
    this.#deaths = [...this.#deaths.filter((death) => now - death < this.#windowMs), now];
    const recent = this.#deaths.length;
    return recent === 1 ? 0 : Math.min(this.#maxMs, 500 * 2 ** (recent - 2));
  }
}
