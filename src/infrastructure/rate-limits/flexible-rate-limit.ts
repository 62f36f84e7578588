import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import type { CheckedRateLimit } from '../../application/ports.ts';
import { TooManyAttemptsError } from '../../domain/errors.ts';

/** A RateLimit on a rate-limiter-flexible limiter: one fixed window per key, whatever the store. */
export class FlexibleRateLimit implements CheckedRateLimit {
  readonly #limiter: RateLimiterAbstract;
  readonly #onRefusal: () => void;

  /** `onRefusal`: told of each attempt refused as over the limit (for the metrics). */
  constructor(limiter: RateLimiterAbstract, onRefusal: () => void = () => {}) {
    this.#limiter = limiter;
    this.#onRefusal = onRefusal;
  }

  async consume(key: string): Promise<void> {
    try {
      await this.#limiter.consume(key);
    } catch (rejection) {
      // The library rejects with its state when over the limit, and with an Error when the store fails.
      if (rejection instanceof RateLimiterRes) {
        this.#onRefusal();
        throw tooMany(rejection);
      }
      throw rejection;
    }
  }

  async check(key: string): Promise<TooManyAttemptsError | null> {
    const state = await this.#limiter.get(key);
    return state !== null && state.remainingPoints <= 0 ? tooMany(state) : null;
  }

  refuse(refusal: TooManyAttemptsError): never {
    this.#onRefusal();
    throw refusal;
  }

  async record(key: string): Promise<void> {
    // A penalty counts like a consume that never refuses: the event has already happened.
    await this.#limiter.penalty(key, 1);
  }

  async refund(key: string): Promise<void> {
    await this.#limiter.reward(key, 1);
  }

  async reset(key: string): Promise<void> {
    await this.#limiter.delete(key);
  }
}

function tooMany(state: RateLimiterRes): TooManyAttemptsError {
  return new TooManyAttemptsError(Math.max(1, Math.ceil(state.msBeforeNext / 1000)));
}
