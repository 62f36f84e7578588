import type { WebhookMessage } from './webhook-message.ts';

/** A pending delivery a worker holds until its lease ends. */
export interface ClaimedDelivery {
  eventPosition: number;
  /** Attempts made before this one. */
  attempts: number;
  message: WebhookMessage;
}

/** The deliveries as the worker works them, one URL at a time. */
export interface WebhookQueue {
  /**
   * The URL's first pending deliveries, oldest event first, at most `limit`, that are due at `now`,
   * leased until `leaseUntil` (no other worker takes them meanwhile). None when the URL's first
   * pending delivery is not due (waiting to be retried, or held by another worker): nothing
   * overtakes it.
   */
  claim(url: string, limit: number, now: Date, leaseUntil: Date): Promise<ClaimedDelivery[]>;
  delivered(url: string, eventPositions: number[], at: Date): Promise<void>;
  /** Counts a failed attempt: pending again at `retryAt`, or failed for good when `retryAt` is null. */
  attemptFailed(url: string, eventPosition: number, error: string, retryAt: Date | null): Promise<void>;
  /** Gives back claimed deliveries not attempted (or cut off), due at `at`. */
  release(url: string, eventPositions: number[], at: Date): Promise<void>;
  /** Every URL with a pending delivery. */
  pendingUrls(): Promise<string[]>;
}
