import { setTimeout } from 'node:timers/promises';
import { LockMode, type MikroORM, raw } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import type { SqlEntityManager } from '@mikro-orm/sqlite';
import { isLockContention } from '../../infrastructure/databases/database-faults.ts';
import { OutboxRecord } from '../../infrastructure/outbox-record.ts';
import { webhookMessageOf } from '../webhook-message.ts';
import type { ClaimedDelivery, WebhookQueue } from '../webhook-queue.ts';
import { OutboxCursors } from './outbox-cursors.ts';
import { converted, sqlFork } from './sql-statements.ts';
import { WebhookDeliveryRecord, withWebhookTables } from './webhook-tables.ts';

/** How long an outcome's write keeps trying while SQLite's write lock is another process's, and how often. */
const recordForMs = 10_000;
const lockRetryMs = 20;

/** A delivery is claimable only as its user's first pending one to the URL: later events of the user wait for it. */
const firstOfItsUser = (alias: string) =>
  `not exists (select 1 from webhook_deliveries e where e.url = ${alias}.url and e.user_id = ${alias}.user_id
     and e.status = 'pending' and e.event_position < ${alias}.event_position)`;

/**
 * The webhook tables as the delivery worker works them, reading the outbox (fan-out: OutboxCursors).
 * A claim is one
 * transaction: the due deliveries that are first of their user, oldest first (on PostgreSQL `for
 * update skip locked`, so two instances claiming at once never take the same rows), marked with
 * the claim's end. A killed worker's claims come due again when they end. SQLite has one writer
 * at a time, so the same statements without the lock serialise claims there.
 */
export class MikroOrmWebhookQueue implements WebhookQueue {
  readonly #orm: MikroORM;
  readonly #postgres: boolean;
  readonly #cursors: OutboxCursors;

  constructor(orm: MikroORM) {
    this.#orm = withWebhookTables(orm);
    this.#postgres = orm.em.getPlatform() instanceof PostgreSqlPlatform;
    this.#cursors = new OutboxCursors(this.#orm, this.#postgres);
  }

  follow(urls: readonly string[], now: Date): Promise<void> {
    return this.#cursors.follow(urls, now);
  }

  fanOut(url: string, types: ReadonlySet<string>, limit: number, now: Date): Promise<number> {
    return this.#cursors.fanOut(url, types, limit, now);
  }

  claim(url: string, limit: number, now: Date, claimUntil: Date): Promise<ClaimedDelivery[]> {
    return this.#orm.em.fork().transactional(async (em) => {
      const rows = await em.find(
        WebhookDeliveryRecord,
        {
          url,
          status: 'pending',
          nextAttemptAt: { $lte: now },
          $or: [{ claimedUntil: null }, { claimedUntil: { $lte: now } }],
          [raw(firstOfItsUser)]: [],
        },
        {
          fields: ['eventPosition', 'attempts'],
          orderBy: { eventPosition: 'asc' },
          limit,
          disableIdentityMap: true,
          ...(this.#postgres ? { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE } : {}),
        },
      );
      if (rows.length === 0) return [];
      const positions = rows.map((row) => row.eventPosition);
      await em.nativeUpdate(WebhookDeliveryRecord, { url, eventPosition: { $in: positions } }, { claimedUntil: claimUntil });
      const events = await em.find(OutboxRecord, { position: { $in: positions } }, { disableIdentityMap: true });
      const byPosition = new Map(events.map((event) => [event.position!, event]));
      // Retention never deletes an event with a pending delivery; one deleted by hand fails, rather than block its user.
      const gone = positions.filter((position) => !byPosition.has(position));
      if (gone.length > 0) {
        await em.nativeUpdate(
          WebhookDeliveryRecord,
          { url, eventPosition: { $in: gone } },
          { status: 'failed', nextAttemptAt: null, claimedUntil: null, lastError: 'the event is no longer in the outbox' },
        );
      }
      return rows.flatMap((row) => {
        const event = byPosition.get(row.eventPosition);
        return event ? [{ eventPosition: row.eventPosition, attempts: row.attempts, message: webhookMessageOf(event) }] : [];
      });
    });
  }

  delivered(url: string, eventPositions: number[], at: Date): Promise<void> {
    return this.#record((em) =>
      em.nativeUpdate(
        WebhookDeliveryRecord,
        { url, eventPosition: { $in: eventPositions } },
        { status: 'delivered', deliveredAt: at, nextAttemptAt: null, claimedUntil: null, attempts: raw('attempts + 1') },
      ),
    );
  }

  attemptFailed(url: string, eventPosition: number, error: string, retryAt: Date | null): Promise<void> {
    return this.#record((em) =>
      em.nativeUpdate(
        WebhookDeliveryRecord,
        { url, eventPosition },
        {
          status: retryAt ? 'pending' : 'failed',
          nextAttemptAt: retryAt,
          claimedUntil: null,
          lastError: error.slice(0, 1000),
          attempts: raw('attempts + 1'),
        },
      ),
    );
  }

  release(url: string, eventPositions: number[]): Promise<void> {
    return this.#record((em) =>
      em.nativeUpdate(WebhookDeliveryRecord, { url, eventPosition: { $in: eventPositions }, status: 'pending' }, { claimedUntil: null }),
    );
  }

  async retryNow(url: string, now: Date): Promise<number> {
    let due = 0;
    await this.#record(async (em) => {
      due = await em.nativeUpdate(WebhookDeliveryRecord, { url, status: 'pending', nextAttemptAt: { $gt: now } }, { nextAttemptAt: now });
    });
    return due;
  }

  async pendingUrls(): Promise<string[]> {
    const rows: { url: string }[] = await this.#orm.em
      .getConnection()
      .execute("select distinct url from webhook_deliveries where status = 'pending'");
    return rows.map((row) => row.url);
  }

  /**
   * Writes an attempt's outcome, which must land. On SQLite the write comes after a read, so that
   * another process's write lock fails it at once (better-sqlite3 would wait for it on the event
   * loop, up to the busy timeout), and it is tried again shortly, for as long as a claim lasts.
   */
  async #record(write: (em: SqlEntityManager) => Promise<unknown>): Promise<void> {
    const giveUpAt = Date.now() + recordForMs;
    for (;;) {
      try {
        await sqlFork(this.#orm).transactional(async (em: SqlEntityManager) => {
          if (!this.#postgres)
            await converted(em, em.getConnection().execute('select 1 from webhook_cursors limit 1', [], 'all', em.getTransactionContext()));
          await write(em);
        });
        return;
      } catch (error) {
        if (!isLockContention(error) || Date.now() > giveUpAt) throw error;
        await setTimeout(lockRetryMs);
      }
    }
  }
}
