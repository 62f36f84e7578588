import { isLockContention } from '../infrastructure/databases/database-faults.ts';
import type { Logger } from '../infrastructure/logger.ts';
import { Alarm } from './alarm.ts';
import { type BackoffPolicy, backoffMs } from './backoff.ts';
import { groupCommit } from './group-commit.ts';
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
  /** The event types delivered (WEBHOOK_EVENT_TYPES). */
  eventTypes: readonly string[];
  maxAttempts: number;
  timeoutMs: number;
  backoff: BackoffPolicy;
  logger: Logger;
  observer?: WebhookObserver | undefined;
  /** How often an idle URL looks for new events (other processes' commits) and retries that came due. */
  pollMs?: number;
  /** Outbox events read per fan-out: the backlog is paged, never loaded whole. */
  pageSize?: number;
  /** Attempts under way at once per URL, each for another user. */
  inFlight?: number;
}

/** Room left in a claim after its attempt's timeout: database round trips, clocks a little apart. */
const claimMarginMs = 2000;

/** What a lane knows of its URL between rounds. */
interface LaneState {
  /** Records a delivery as it lands: those landing together share a write. */
  delivered: (eventPosition: number) => Promise<void>;
  /** The database failed the last round: said once. */
  failing: boolean;
  /**
   * An event failed at its first attempt since the last success (the receiver may be down), or
   * the process just started: the next success makes every waiting retry due at once. An event
   * the receiver refuses while others go through is retried on its own schedule instead.
   */
  mayBeDown: boolean;
}

/**
 * Sends the outbox's events to each URL, one lane per URL. A round writes the deliveries of the
 * next page of outbox events (`fanOut`), then claims up to `inFlight` due deliveries, each the
 * first pending one of its user, and sends them at once; each is recorded as it lands. A failed
 * attempt is retried after a backoff and holds back that user's later events only; after
 * `maxAttempts` the delivery is marked failed and the user's next event goes.
 *
 * A claim lasts timeout + 2 s and its attempts start at once, so no other worker takes a delivery
 * while one is sending it. A process killed mid-attempt leaves its claims to run out: those
 * deliveries are then sent again (and may arrive twice).
 */
export class DeliveryWorker {
  readonly #options: Required<Omit<DeliveryWorkerOptions, 'observer'>> & { observer: WebhookObserver | undefined };
  readonly #types: ReadonlySet<string>;
  readonly #stopping = new AbortController();
  readonly #alarm = new Alarm();
  #lanes: Promise<void>[] = [];

  constructor(options: DeliveryWorkerOptions) {
    this.#options = { pollMs: 500, pageSize: 100, inFlight: 10, ...options, observer: options.observer };
    this.#types = new Set(options.eventTypes);
  }

  start(): void {
    const { urls, logger } = this.#options;
    logger.info({ urls: urls.map(shownUrl) }, 'webhooks: delivering to %d URL(s)', urls.length);
    this.#lanes = urls.map((url) => this.#lane(url));
  }

  /** Events were committed here: look now rather than at the next poll. */
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
    const delivered = groupCommit((positions: number[]) => this.#options.queue.delivered(url, positions, new Date()));
    const state: LaneState = { delivered, failing: false, mayBeDown: true };
    while (!this.#stopping.signal.aborted) {
      let pauseMs = this.#options.pollMs;
      const rings = this.#alarm.rings;
      try {
        if (await this.#round(url, state)) pauseMs = 0;
        state.failing = false;
      } catch (error) {
        if (isLockContention(error)) {
          // A claim reads, then writes, and SQLite cannot wait there: another process's write (a
          // cluster's other worker) fails it at once. Taking turns is no outage: the next poll claims.
          this.#options.logger.debug(
            { err: error, url: shownUrl(url) },
            'webhook deliveries not claimed: the database was busy, trying again',
          );
        } else if (!state.failing) {
          // The database is down, most likely: said once, then tried again every poll.
          this.#options.logger.warn({ err: error, url: shownUrl(url) }, 'webhook deliveries not claimed: trying again');
          state.failing = true;
        }
      }
      if (pauseMs > 0 && !this.#stopping.signal.aborted) await this.#alarm.sleep(pauseMs, rings);
    }
  }

  /** Fans out a page, then sends a claim; answers whether more may be waiting (go on at once). */
  async #round(url: string, state: LaneState): Promise<boolean> {
    const { queue, timeoutMs, pageSize, inFlight } = this.#options;
    const read = await queue.fanOut(url, this.#types, pageSize, new Date());
    const now = Date.now();
    const claimed = await queue.claim(url, inFlight, new Date(now), new Date(now + timeoutMs + claimMarginMs));
    const outcomes = await Promise.allSettled(claimed.map((delivery) => this.#attempt(url, delivery, state)));
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure) throw failure.reason;
    const retried = outcomes.some((outcome) => outcome.status === 'fulfilled' && outcome.value);
    return read === pageSize || claimed.length === inFlight || retried;
  }

  /** One attempt, recorded as it lands; answers whether a success made waiting retries due. */
  async #attempt(url: string, delivery: ClaimedDelivery, state: LaneState): Promise<boolean> {
    const { queue, sender, observer } = this.#options;
    const outcome = await sender.send(url, delivery.message, this.#stopping.signal);
    if (outcome.ok) {
      await state.delivered(delivery.eventPosition);
      observer?.delivered(1);
      if (!state.mayBeDown) return false;
      state.mayBeDown = false;
      return (await queue.retryNow(url, new Date())) > 0;
    }
    if (outcome.aborted) {
      await queue.release(url, [delivery.eventPosition]);
      return false;
    }
    if (delivery.attempts === 0) state.mayBeDown = true;
    await this.#attemptFailed(url, delivery, outcome.error);
    return false;
  }

  /** Records a failed attempt: retried after a backoff, or failed for good after the last one allowed. */
  async #attemptFailed(url: string, delivery: ClaimedDelivery, error: string): Promise<void> {
    const { queue, maxAttempts, backoff, logger, observer } = this.#options;
    const attempts = delivery.attempts + 1;
    const about = { eventId: delivery.message.id, eventType: delivery.message.type, url: shownUrl(url), attempts, error };
    if (attempts >= maxAttempts) {
      await queue.attemptFailed(url, delivery.eventPosition, error, null);
      observer?.failed();
      logger.error(about, 'webhook delivery failed for good: after fixing the receiver, redeliverWebhook(eventId) sends it again');
      return;
    }
    const retryInMs = backoffMs(attempts, backoff);
    await queue.attemptFailed(url, delivery.eventPosition, error, new Date(Date.now() + retryInMs));
    observer?.retried();
    logger.warn({ ...about, retryInMs }, 'webhook delivery failed: trying again later; later events of this user wait');
  }
}
