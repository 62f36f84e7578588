import type { EntityManager } from '@mikro-orm/core';
import type { SessionRepository } from '../../../application/sessions/session-store.ts';
import { ConcurrentChangeError } from '../../../domain/errors.ts';
import { Session } from '../../../domain/session.ts';
import type { SessionEvent } from '../../../domain/session-events.ts';
import type { UserEvent } from '../../../domain/user-events.ts';
import { sessionSweeps, sweep } from '../../session-sweeps.ts';
import { storedUserId } from '../stored-user-id.ts';
import { liveSessionsOf, mostRecentlyUsedFirst } from './session-store.ts';

/**
 * The sessions of one unit of work. Read without the identity map, so the flush never writes
 * them: the commit does (`write`), each end conditional on the row not ended since.
 */
export class MikroOrmSessionRepository implements SessionRepository {
  readonly #em: EntityManager;
  /** One instance per id, and whether it was live when loaded. */
  readonly #tracked = new Map<string, { session: Session; loadedEnded: boolean }>();
  readonly #added: Session[] = [];
  readonly #kept = new Set<string>();

  constructor(em: EntityManager) {
    this.#em = em;
  }

  async findById(id: string): Promise<Session | null> {
    const key = storedUserId(id);
    if (key === null) return null;
    const known = this.#tracked.get(key);
    if (known) return known.session;
    const session = await this.#em.findOne(Session, { id: key }, { disableIdentityMap: true });
    return session && this.#track(session);
  }

  async liveOf(userId: string, now: Date): Promise<Session[]> {
    const key = storedUserId(userId);
    if (key === null) return [];
    const rows = await this.#em.find(Session, liveSessionsOf(key, now), { orderBy: mostRecentlyUsedFirst, disableIdentityMap: true });
    return rows.map((row) => this.#tracked.get(row.id)?.session ?? this.#track(row)).filter((session) => session.isLive(now));
  }

  add(session: Session): void {
    this.#added.push(session);
  }

  keep(sessionId: string): void {
    this.#kept.add(sessionId);
  }

  /** Whether the commit has sessions to write. */
  changed(): boolean {
    return (
      this.#added.length > 0 || [...this.#tracked.values()].some(({ session, loadedEnded }) => !loadedEnded && session.endedAt !== null)
    );
  }

  /**
   * In the commit's transaction: the ends, each only over a row still not ended; the sessions the
   * user events end (a deleted user's are then deleted); the new sessions. Answers their events.
   */
  async write(userEvents: readonly UserEvent[]): Promise<SessionEvent[]> {
    const ended = [...this.#tracked.values()].filter(({ session, loadedEnded }) => !loadedEnded && session.endedAt !== null);
    for (const { session } of ended) {
      const { id, endedAt, endReason } = session;
      if ((await this.#em.nativeUpdate(Session, { id, endedAt: null }, { endedAt, endReason })) === 0) throw new ConcurrentChangeError();
    }
    const swept: Session[] = [];
    for (const sessionSweep of sessionSweeps(userEvents, this.#kept)) {
      const live = await this.#em.find(Session, liveSessionsOf(sessionSweep.userId, sessionSweep.at), { disableIdentityMap: true });
      for (const session of sweep(live, sessionSweep)) {
        const { id, endedAt, endReason } = session;
        // One ended by another commit since this read records no second SessionEnded.
        if ((await this.#em.nativeUpdate(Session, { id, endedAt: null }, { endedAt, endReason })) === 1) swept.push(session);
      }
      if (sessionSweep.reason === 'DELETED') await this.#em.nativeDelete(Session, { userId: sessionSweep.userId });
    }
    if (this.#added.length > 0) await this.#em.insertMany(Session, this.#added);
    return [...ended.map(({ session }) => session), ...swept, ...this.#added].flatMap((session) => session.recordedEvents());
  }

  /** After a commit: what it wrote is the loaded state now. */
  committed(): void {
    for (const session of this.#added) this.#track(session);
    this.#added.length = 0;
    for (const entry of this.#tracked.values()) {
      entry.session.clearRecordedEvents();
      entry.loadedEnded = entry.session.endedAt !== null;
    }
  }

  #track(session: Session): Session {
    this.#tracked.set(session.id, { session, loadedEnded: session.endedAt !== null });
    return session;
  }
}
