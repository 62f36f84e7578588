import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sqlite';
import { OutboxRecord } from '../../infrastructure/outbox-record.ts';
import { OutboxGaps } from './outbox-gaps.ts';
import { converted, sqlFork } from './sql-statements.ts';
import { WebhookCursorRecord, WebhookDeliveryRecord } from './webhook-tables.ts';

/**
 * Fan-out: each URL's cursor in the outbox, and the deliveries of the events after it. Idempotent
 * (a delivery's key is its event and URL), so instances that fan out the same events at once write
 * each delivery once, and a cursor only moves forward.
 */
export class OutboxCursors {
  readonly #orm: MikroORM;
  readonly #gaps: OutboxGaps;

  constructor(orm: MikroORM, postgres: boolean) {
    this.#orm = orm;
    this.#gaps = new OutboxGaps(orm, postgres);
  }

  async follow(urls: readonly string[], now: Date): Promise<void> {
    const em = sqlFork(this.#orm);
    for (const url of urls) await this.#startAtTheEnd(em, url, now);
  }

  async fanOut(url: string, types: ReadonlySet<string>, limit: number, now: Date): Promise<number> {
    // Most rounds find nothing new: they read, outside any transaction.
    if ((await this.#next(sqlFork(this.#orm), url, 1, now)).rows.length === 0) return 0;
    // One transaction that reads first: on SQLite, one that would wait for another process's write
    // lock (on the event loop, better-sqlite3 being synchronous) fails at once instead, and the
    // next round tries again.
    return sqlFork(this.#orm).transactional(async (em: SqlEntityManager) => {
      const { cursor, rows } = await this.#next(em, url, limit, now);
      if (rows.length === 0) return 0;
      const through = await this.#gaps.passable(
        url,
        cursor,
        rows.map((row) => row.position!),
      );
      const deliveries = rows
        .filter((row) => types.has(row.type))
        .map(
          (row): WebhookDeliveryRecord => ({
            eventPosition: row.position!,
            url,
            userId: row.userId,
            status: 'pending',
            attempts: 0,
            nextAttemptAt: now,
            claimedUntil: null,
            lastError: null,
            deliveredAt: null,
          }),
        );
      if (deliveries.length > 0) {
        await converted(
          em,
          em.createQueryBuilder(WebhookDeliveryRecord).insert(deliveries).onConflict(['eventPosition', 'url']).ignore().execute(),
        );
      }
      if (through > cursor) {
        await em.nativeUpdate(WebhookCursorRecord, { url, position: { $lt: through } }, { position: through, followedAt: now });
      }
      return rows.length;
    });
  }

  /** The URL's cursor, and the outbox rows after it. */
  async #next(em: SqlEntityManager, url: string, limit: number, now: Date) {
    const cursor = await this.#cursorOf(em, url, now);
    const rows = await em.find(
      OutboxRecord,
      { position: { $gt: cursor } },
      { fields: ['position', 'type', 'userId'], orderBy: { position: 'asc' }, limit, disableIdentityMap: true },
    );
    return { cursor, rows };
  }

  /** The URL's cursor; one at the outbox's end when it has none (a URL set for the first time). */
  async #cursorOf(em: SqlEntityManager, url: string, now: Date): Promise<number> {
    const cursor = await em.findOne(WebhookCursorRecord, { url }, { disableIdentityMap: true });
    return cursor?.position ?? this.#startAtTheEnd(em, url, now);
  }

  async #startAtTheEnd(em: SqlEntityManager, url: string, now: Date): Promise<number> {
    const [end] = await em.find(
      OutboxRecord,
      {},
      { fields: ['position'], orderBy: { position: 'desc' }, limit: 1, disableIdentityMap: true },
    );
    await converted(
      em,
      em
        .createQueryBuilder(WebhookCursorRecord)
        .insert({ url, position: end?.position ?? 0, followedAt: now })
        .onConflict('url')
        .ignore()
        .execute(),
    );
    const cursor = await em.findOneOrFail(WebhookCursorRecord, { url }, { disableIdentityMap: true });
    return cursor.position;
  }
}
