import { type IRateLimiterOptions, RateLimiterMemory } from 'rate-limiter-flexible';

/**
 * The in-memory limiter that counts while the shared store fails (rate-limiter-flexible's
 * `insuranceLimiter`). The library calls it only when the store failed, so each call reports that.
 */
export class StandInLimiter extends RateLimiterMemory {
  readonly #onUse: () => void;

  constructor(options: IRateLimiterOptions, onUse: () => void) {
    super(options);
    this.#onUse = onUse;
  }

  override consume(...args: Parameters<RateLimiterMemory['consume']>) {
    this.#onUse();
    return super.consume(...args);
  }

  override reward(...args: Parameters<RateLimiterMemory['reward']>) {
    this.#onUse();
    return super.reward(...args);
  }

  override delete(...args: Parameters<RateLimiterMemory['delete']>) {
    this.#onUse();
    return super.delete(...args);
  }
}
