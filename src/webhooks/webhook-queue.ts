import type { WebhookMessage } from './webhook-message.ts';

/** A pending delivery a worker holds until its claim ends. */
export interface ClaimedDelivery {
  eventPosition: number;
  /** Attempts made before this one. */
  attempts: number;
  message: WebhookMessage;
}

/**
 * The webhook deliveries as the worker works them, one URL at a time: an outbox consumer. Each URL
 * has a cursor in the outbox; `fanOut` writes the deliveries of the events after it, a page at a
 * time, whoever committed them (a server, the CLI, another instance).
 */
export interface WebhookQueue {
  /**
   * Gives each URL a cursor at the outbox's end, if it has none yet: it gets the events committed
   * from then on. A URL that had one keeps its place (set again, it gets what it missed).
   */
  follow(urls: readonly string[], now: Date): Promise<void>;
  /**
   * Writes a pending delivery, due at `now`, for each event of `types` among the next `limit`
   * outbox events after the URL's cursor, and moves the cursor past them. Answers how many events
   * it read: `limit` when more may follow.
   */
  fanOut(url: string, types: ReadonlySet<string>, limit: number, now: Date): Promise<number>;
  /**
   * The URL's due pending deliveries, oldest event first, at most `limit`, each the first pending
   * one of its user to this URL (a later event of the user waits for it), claimed until
   * `claimUntil` (no other worker takes them meanwhile).
   */
  claim(url: string, limit: number, now: Date, claimUntil: Date): Promise<ClaimedDelivery[]>;
  delivered(url: string, eventPositions: number[], at: Date): Promise<void>;
  /** Counts a failed attempt: pending again at `retryAt`, or failed for good when `retryAt` is null. */
  attemptFailed(url: string, eventPosition: number, error: string, retryAt: Date | null): Promise<void>;
  /** Gives back claimed deliveries not attempted (or cut off). */
  release(url: string, eventPositions: number[]): Promise<void>;
  /** Makes every pending delivery of the URL that waits for a retry due at `now`; answers how many. */
  retryNow(url: string, now: Date): Promise<number>;
  /** Every URL with a pending delivery. */
  pendingUrls(): Promise<string[]>;
}
