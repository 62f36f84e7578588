import type { WebhookDeliveryStatus } from '../../application/webhooks/webhook-deliveries.ts';
import type { InMemoryOutbox } from '../../infrastructure/in-memory/outbox.ts';
import { webhookMessageOf } from '../webhook-message.ts';
import type { ClaimedDelivery, WebhookQueue } from '../webhook-queue.ts';

interface Delivery {
  eventPosition: number;
  userId: string | null;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  claimedUntil: Date | null;
}

interface Cursor {
  position: number;
  followedAt: Date;
}

/** The in-memory twin of MikroOrmWebhookQueue, reading an in-memory outbox: one worker, no claims to race. */
export class InMemoryWebhookQueue implements WebhookQueue {
  readonly #outbox: InMemoryOutbox;
  readonly #cursors = new Map<string, Cursor>();
  /** Per URL, by event position. */
  readonly #deliveries = new Map<string, Map<number, Delivery>>();

  constructor(outbox: InMemoryOutbox) {
    this.#outbox = outbox;
    outbox.readBy({
      needs: (position, cutoff) => this.#needs(position, cutoff),
      pruned: (positions) => {
        for (const deliveries of this.#deliveries.values()) for (const position of positions) deliveries.delete(position);
      },
    });
  }

  async follow(urls: readonly string[], now: Date): Promise<void> {
    for (const url of urls) this.#cursorOf(url, now);
  }

  async fanOut(url: string, types: ReadonlySet<string>, limit: number, now: Date): Promise<number> {
    const cursor = this.#cursorOf(url, now);
    const rows = this.#outbox.after(cursor.position, limit);
    const deliveries = this.#deliveriesTo(url);
    for (const row of rows) {
      if (!types.has(row.type) || deliveries.has(row.position!)) continue;
      const pending = { status: 'pending', attempts: 0, nextAttemptAt: now, claimedUntil: null } as const;
      deliveries.set(row.position!, { eventPosition: row.position!, userId: row.userId, ...pending });
    }
    if (rows.length > 0) this.#cursors.set(url, { position: rows.at(-1)!.position!, followedAt: now });
    return rows.length;
  }

  async claim(url: string, limit: number, now: Date, claimUntil: Date): Promise<ClaimedDelivery[]> {
    const pending = [...this.#deliveriesTo(url).values()]
      .filter(({ status }) => status === 'pending')
      .sort((a, b) => a.eventPosition - b.eventPosition);
    const firstOfTheirUser = pending.filter(
      (delivery) => !pending.some((other) => other.userId === delivery.userId && other.eventPosition < delivery.eventPosition),
    );
    const due = firstOfTheirUser.filter(
      ({ nextAttemptAt, claimedUntil }) => nextAttemptAt! <= now && (claimedUntil === null || claimedUntil <= now),
    );
    return due.slice(0, limit).map((delivery) => {
      delivery.claimedUntil = claimUntil;
      const [event] = this.#outbox.after(delivery.eventPosition - 1, 1);
      return { eventPosition: delivery.eventPosition, attempts: delivery.attempts, message: webhookMessageOf(event!) };
    });
  }

  async delivered(url: string, eventPositions: number[]): Promise<void> {
    for (const position of eventPositions) {
      this.#update(url, position, (delivery) => {
        Object.assign(delivery, { status: 'delivered', nextAttemptAt: null, claimedUntil: null, attempts: delivery.attempts + 1 });
      });
    }
  }

  async attemptFailed(url: string, eventPosition: number, _error: string, retryAt: Date | null): Promise<void> {
    this.#update(url, eventPosition, (delivery) => {
      const status = retryAt ? 'pending' : 'failed';
      Object.assign(delivery, { status, nextAttemptAt: retryAt, claimedUntil: null, attempts: delivery.attempts + 1 });
    });
  }

  async release(url: string, eventPositions: number[]): Promise<void> {
    for (const position of eventPositions) {
      this.#update(url, position, (delivery) => {
        delivery.claimedUntil = null;
      });
    }
  }

  async retryNow(url: string, now: Date): Promise<number> {
    const waiting = [...this.#deliveriesTo(url).values()].filter(
      ({ status, nextAttemptAt }) => status === 'pending' && nextAttemptAt! > now,
    );
    for (const delivery of waiting) delivery.nextAttemptAt = now;
    return waiting.length;
  }

  async pendingUrls(): Promise<string[]> {
    return [...this.#deliveries]
      .filter(([, deliveries]) => [...deliveries.values()].some(({ status }) => status === 'pending'))
      .map(([url]) => url);
  }

  /** The twin of the prune's conditions: a pending delivery, or a cursor followed since the cutoff that has not passed it. */
  #needs(position: number, cutoff: Date): boolean {
    const pending = [...this.#deliveries.values()].some((deliveries) => deliveries.get(position)?.status === 'pending');
    return pending || [...this.#cursors.values()].some((cursor) => cursor.position < position && cursor.followedAt >= cutoff);
  }

  #cursorOf(url: string, now: Date): Cursor {
    const cursor = this.#cursors.get(url) ?? { position: this.#outbox.lastPosition(), followedAt: now };
    this.#cursors.set(url, cursor);
    return cursor;
  }

  #deliveriesTo(url: string): Map<number, Delivery> {
    const deliveries = this.#deliveries.get(url) ?? new Map<number, Delivery>();
    this.#deliveries.set(url, deliveries);
    return deliveries;
  }

  #update(url: string, eventPosition: number, change: (delivery: Delivery) => void): void {
    const delivery = this.#deliveriesTo(url).get(eventPosition);
    if (delivery) change(delivery);
  }
}
