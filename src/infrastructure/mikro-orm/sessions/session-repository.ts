import type { EntityManager } from '@mikro-orm/core';
import type { SessionRepository } from '../../../application/sessions/session-store.ts';
import { ConcurrentChangeError } from '../../../domain/errors.ts';
import { Session } from '../../../domain/session.ts';
import type { SessionEvent } from '../../../domain/session-events.ts';
import type { UserEvent } from '../../../domain/user-events.ts';
import { sessionSweeps, sweep } from '../../sessions/session-sweeps.ts';
import { TrackedSessions } from '../../sessions/tracked-sessions.ts';
import { storedUserId } from '../stored-user-id.ts';
import { liveSessionsOf, mostRecentlyUsedFirst } from './session-store.ts';

/**
 * The sessions of one unit of work. Read without the identity map, so the flush never writes
 * them: the commit does (`write`), each end conditional on the row not ended since.
 */
export class MikroOrmSessionRepository implements SessionRepository {
  readonly #em: EntityManager;
  readonly #sessions = new TrackedSessions();

  constructor(em: EntityManager) {
    this.#em = em;
  }

  async findById(id: string): Promise<Session | null> {
    const key = storedUserId(id);
    if (key === null) return null;
    const known = this.#sessions.known(key);
    if (known) return known;
    const session = await this.#em.findOne(Session, { id: key }, { disableIdentityMap: true });
    return session && this.#sessions.track(session);
  }

  async liveOf(userId: string, now: Date): Promise<Session[]> {
    const key = storedUserId(userId);
    if (key === null) return [];
    const rows = await this.#em.find(Session, liveSessionsOf(key, now), { orderBy: mostRecentlyUsedFirst, disableIdentityMap: true });
    return rows.map((row) => this.#sessions.track(row)).filter((session) => session.isLive(now));
  }

  add(session: Session): void {
    this.#sessions.added.push(session);
  }

  keep(sessionId: string): void {
    this.#sessions.kept.add(sessionId);
  }

  /** Whether the commit has sessions to write. */
  changed(): boolean {
    return this.#sessions.added.length > 0 || this.#sessions.ended().length > 0;
  }

  /**
   * In the commit's transaction: the ends, each only over a row still not ended; the sessions the
   * user events end (a deleted user's are then deleted); the new sessions. Answers their events.
   */
  async write(userEvents: readonly UserEvent[]): Promise<SessionEvent[]> {
    const ended = this.#sessions.ended();
    for (const session of ended) {
      const { id, endedAt, endReason } = session;
      if ((await this.#em.nativeUpdate(Session, { id, endedAt: null }, { endedAt, endReason })) === 0) throw new ConcurrentChangeError();
    }
    const swept: Session[] = [];
    for (const sessionSweep of sessionSweeps(userEvents, this.#sessions.kept)) {
      const live = await this.#em.find(Session, liveSessionsOf(sessionSweep.userId, sessionSweep.at), { disableIdentityMap: true });
      for (const session of sweep(live, sessionSweep)) {
        const { id, endedAt, endReason } = session;
        // One ended by another commit since this read records no second SessionEnded.
        if ((await this.#em.nativeUpdate(Session, { id, endedAt: null }, { endedAt, endReason })) === 1) swept.push(session);
      }
      if (sessionSweep.reason === 'DELETED') await this.#em.nativeDelete(Session, { userId: sessionSweep.userId });
    }
    const { added } = this.#sessions;
    if (added.length > 0) await this.#em.insertMany(Session, added);
    return [...ended, ...swept, ...added].flatMap((session) => session.recordedEvents());
  }

  /** After a commit: what it wrote is the loaded state now. */
  committed(): void {
    this.#sessions.committed();
  }
}
