import type { EntityManager, FilterQuery, MikroORM } from '@mikro-orm/core';
import type { SessionStore } from '../../../application/sessions/session-store.ts';
import { Session } from '../../../domain/session.ts';
import { storedUserId } from '../stored-user-id.ts';

/** The conditions of a user's sessions live at `now`. */
export function liveSessionsOf(userId: string, now: Date): FilterQuery<Session> {
  return { userId, endedAt: null, idleExpiresAt: { $gt: now }, expiresAt: { $gt: now } };
}

/** Most recently used first; the id breaks ties, so the order is the same on every read. */
export const mostRecentlyUsedFirst = { lastUsedAt: 'desc', id: 'desc' } as const;

/**
 * Sessions outside any unit of work: copies read without the identity map, and the two writes a
 * request makes alone (a rotation, a use), each one conditional statement in its own transaction.
 */
export class MikroOrmSessionStore implements SessionStore {
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

  async touch(session: Session): Promise<void> {
    const { id, lastUsedAt, idleExpiresAt } = session;
    await this.#em.fork().nativeUpdate(Session, { id, endedAt: null }, { lastUsedAt, idleExpiresAt });
  }
}
