import type { EntityManager, FilterQuery, MikroORM } from '@mikro-orm/core';
import type { SessionStore } from '../../../application/sessions/session-store.ts';
import { Session } from '../../../domain/session.ts';
import type { PrunableSessions } from '../../sessions/session-pruning.ts';
import { storedUserId } from '../stored-user-id.ts';

/** The conditions of a user's sessions live at `now`. */
export function liveSessionsOf(userId: string, now: Date): FilterQuery<Session> {
  return { userId, endedAt: null, idleExpiresAt: { $gt: now }, expiresAt: { $gt: now } };
}

/**
 * The conditions of a session over before `cutoff`: ended, or past its idle end. The idle end is
 * never past the absolute end (see Session), so it stands for both, and an index serves each arm.
 */
function overBefore(cutoff: Date): FilterQuery<Session> {
  return { $or: [{ endedAt: { $lt: cutoff } }, { idleExpiresAt: { $lt: cutoff } }] };
}

/** Most recently used first; the id breaks ties, so the order is the same on every read. */
export const mostRecentlyUsedFirst = { lastUsedAt: 'desc', id: 'desc' } as const;

/**
 * Sessions outside any unit of work: copies read without the identity map, the two writes a
 * request makes alone (a rotation, a use), each one conditional statement in its own transaction,
 * and the pruning of the rows of sessions long over.
 */
export class MikroOrmSessionStore implements SessionStore, PrunableSessions {
  readonly #em: EntityManager;

  constructor(orm: MikroORM) {
    this.#em = orm.em;
  }

  /** Every request's check reads this: the composition root reads it faster (fast-user-reader/prepared-session-store.ts). */
  async findById(id: string): Promise<Session | null> {
    const key = storedUserId(id);
    return key === null ? null : this.#em.findOne(Session, { id: key }, { disableIdentityMap: true });
  }

  async liveOf(userId: string, now: Date): Promise<Session[]> {
    const key = storedUserId(userId);
    if (key === null) return [];
    return this.#em.find(Session, liveSessionsOf(key, now), { orderBy: mostRecentlyUsedFirst, disableIdentityMap: true });
  }

  async rotate(session: Session): Promise<boolean> {
    const { id, refreshCounter, rotatedAt, lastUsedAt, idleExpiresAt } = session;
    const where = { id, refreshCounter: refreshCounter - 1, endedAt: null };
    return (await this.#em.fork().nativeUpdate(Session, where, { refreshCounter, rotatedAt, lastUsedAt, idleExpiresAt })) === 1;
  }

  /** Only forward: a use read before a rotation (or a later use) and written after it changes nothing. */
  async touch(session: Session): Promise<void> {
    const { id, lastUsedAt, idleExpiresAt } = session;
    await this.#em.fork().nativeUpdate(Session, { id, endedAt: null, lastUsedAt: { $lt: lastUsedAt } }, { lastUsedAt, idleExpiresAt });
  }

  /**
   * Chooses a batch, then deletes it where the conditions still hold: a row a refresh extended
   * since the choice stays (on PostgreSQL, a delete that waited for the refresh's row lock checks
   * them again on the row it committed). Two instances that chose the same rows delete each once.
   */
  async prune(cutoff: Date, limit: number): Promise<number> {
    const em = this.#em.fork();
    const over = overBefore(cutoff);
    const chosen = await em.find(Session, over, { fields: ['id'], limit, disableIdentityMap: true });
    if (chosen.length === 0) return 0;
    return em.nativeDelete(Session, { $and: [{ id: { $in: chosen.map(({ id }) => id) } }, over] });
  }
}
