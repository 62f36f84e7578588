import { isLockContention } from '../database-faults.ts';
import type { Logger } from '../logger.ts';
import { Alarm } from './alarm.ts';
import { type BackoffPolicy, backoffMs } from './backoff.ts';
import { shownUrl } from './shown-url.ts';
import type { ClaimedDelivery, WebhookQueue } from './webhook-queue.ts';
import type { WebhookSending } from './webhook-sender.ts';

/** What the worker reports, for metrics. */
export interface WebhookObserver {
  delivered(count: number): void;
  retried(): void;
  failed(): void;
}

export interface DeliveryWorkerOptions {
  queue: WebhookQueue;
  sender: WebhookSending;
  urls: readonly string[];
  maxAttempts: number;
  timeoutMs: number;
  backoff: BackoffPolicy;
  logger: Logger;
  observer?: WebhookObserver | undefined;
  /** How often an idle URL looks for new deliveries (other instances' events, retries that came due). */
  pollMs?: number;
  batchSize?: number;
}

/** Room left in a lease after the last attempt it allows: database round trips, clocks a little apart. */
const leaseMarginMs = 2000;

/**
 * Sends the pending deliveries, one lane per URL. A lane claims a batch of the URL's oldest due
 * deliveries under a lease (another instance's worker skips them), sends them one after another
 * in order, and records the outcome. A failed attempt is retried after a backoff, and until then
 * holds back every later event for that URL, so a receiver that was down gets everything in
 * order; after `maxAttempts` the delivery is marked failed and the next one goes.
 *
 * A lease lasts 2 × timeout + 2 s and an attempt starts only if it can end within it, so no other
 * worker takes a delivery while one is sending it. A process killed mid-batch leaves its lease
 * to run out: the deliveries are then claimed again (and some may arrive twice).
 */
export class DeliveryWorker {
  readonly #options: Required<Omit<DeliveryWorkerOptions, 'observer'>> & { observer: WebhookObserver | undefined };
  readonly #stopping = new AbortController();
  readonly #alarm = new Alarm();
  #lanes: Promise<void>[] = [];

  constructor(options: DeliveryWorkerOptions) {
    this.#options = { pollMs: 500, batchSize: 50, ...options, observer: options.observer };
  }

  start(): void {
    const { urls, logger } = this.#options;
    logger.info({ urls: urls.map(shownUrl) }, 'webhooks: delivering to %d URL(s)', urls.length);
    this.#lanes = urls.map((url) => this.#lane(url));
  }

  /** New deliveries were committed here: look now rather than at the next poll. */
  wake(): void {
    this.#alarm.ring();
  }

  /** Stops claiming, cuts the attempts under way (they will be sent again) and gives back what is claimed. */
  async stop(): Promise<void> {
    this.#stopping.abort();
    this.#alarm.ring();
    await Promise.all(this.#lanes);
  }

  async #lane(url: string): Promise<void> {
    let failing = false;
    while (!this.#stopping.signal.aborted) {
      let pauseMs = this.#options.pollMs;
      const rings = this.#alarm.rings;
      try {
        pauseMs = await this.#deliverBatch(url);
        failing = false;
      } catch (error) {
        // The database is down, most likely: said once, then tried again every poll.
        if (!failing) this.#options.logger.warn({ err: error, url: shownUrl(url) }, 'webhook deliveries not claimed: trying again');
        failing = true;
      }
      if (pauseMs > 0 && !this.#stopping.signal.aborted) await this.#alarm.sleep(pauseMs, rings);
    }
  }

  /** Claims and sends one batch; answers how long to wait before the next (0: at once, more may be due). */
  async #deliverBatch(url: string): Promise<number> {
    const { queue, sender, timeoutMs, batchSize, pollMs } = this.#options;
    const claimedAt = Date.now();
    const leaseUntil = claimedAt + 2 * timeoutMs + leaseMarginMs;
    const claimed = await queue.claim(url, batchSize, new Date(claimedAt), new Date(leaseUntil)).catch((error: unknown) => {
      if (!isLockContention(error)) throw error;
      // A claim reads, then writes, and SQLite cannot wait there: another process's write (a
      // cluster's other worker) fails it at once. Taking turns is no outage: the next poll claims.
      this.#options.logger.debug({ err: error, url: shownUrl(url) }, 'webhook deliveries not claimed: the database was busy, trying again');
      return [];
    });
    if (claimed.length === 0) return pollMs;
    const delivered: number[] = [];
    let next = 0;
    let pauseMs = claimed.length < batchSize ? pollMs : 0;
    try {
      for (; next < claimed.length; next++) {
        if (this.#stopping.signal.aborted) break;
        // Too little of the lease left for another attempt: give the rest back and claim again.
        if (Date.now() + timeoutMs + leaseMarginMs > leaseUntil) {
          pauseMs = 0;
          break;
        }
        const delivery = claimed[next]!;
        const outcome = await sender.send(url, delivery.message, this.#stopping.signal);
        if (outcome.ok) {
          delivered.push(delivery.eventPosition);
          continue;
        }
        if (outcome.aborted) break;
        const retryInMs = await this.#attemptFailed(url, delivery, outcome.error);
        if (retryInMs === null) continue;
        // The URL waits for this one: nothing later goes before it.
        next += 1;
        pauseMs = Math.min(retryInMs, pollMs);
        break;
      }
    } finally {
      if (delivered.length > 0) {
        await queue.delivered(url, delivered, new Date());
        this.#options.observer?.delivered(delivered.length);
      }
      const unsent = claimed.slice(next).map((delivery) => delivery.eventPosition);
      if (unsent.length > 0) await queue.release(url, unsent, new Date());
    }
    return pauseMs;
  }

  /** Records a failed attempt; answers in how long it is retried, or null when it was the last. */
  async #attemptFailed(url: string, delivery: ClaimedDelivery, error: string): Promise<number | null> {
    const { queue, maxAttempts, backoff, logger, observer } = this.#options;
    const attempts = delivery.attempts + 1;
    const about = { eventId: delivery.message.id, eventType: delivery.message.type, url: shownUrl(url), attempts, error };
    if (attempts >= maxAttempts) {
      await queue.attemptFailed(url, delivery.eventPosition, error, null);
      observer?.failed();
      logger.error(about, 'webhook delivery failed for good: after fixing the receiver, redeliverWebhook(eventId) sends it again');
      return null;
    }
    const retryInMs = backoffMs(attempts, backoff);
    await queue.attemptFailed(url, delivery.eventPosition, error, new Date(Date.now() + retryInMs));
    observer?.retried();
    logger.warn({ ...about, retryInMs }, 'webhook delivery failed: trying again later; later events for this URL wait');
    return retryInMs;
  }
}
