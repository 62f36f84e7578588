import type { SessionStore } from '../../application/sessions/session-store.ts';
import { ConcurrentChangeError } from '../../domain/errors.ts';
import { Session } from '../../domain/session.ts';
import type { SessionEvent } from '../../domain/session-events.ts';
import type { UserEvent } from '../../domain/user-events.ts';
import type { PrunableSessions } from '../sessions/session-pruning.ts';
import { sessionSweeps, sweep } from '../sessions/session-sweeps.ts';

/** What a unit of work's commit writes of its sessions. */
export interface SessionChanges {
  added: Session[];
  /** Loaded live, ended since by the unit of work. */
  ended: Session[];
  /** The session the request came with (a password change keeps it). */
  kept: ReadonlySet<string>;
}

/**
 * The in-memory sessions "table", beside the users': it hands out copies, and its writes are
 * synchronous, so each conditional write is atomic as the database's statement is.
 */
export class InMemorySessionStore implements SessionStore, PrunableSessions {
  readonly #rows = new Map<string, Session>();

  async findById(id: string): Promise<Session | null> {
    return this.read(id);
  }

  async liveOf(userId: string, now: Date): Promise<Session[]> {
    return this.live(userId, now);
  }

  async rotate(session: Session): Promise<boolean> {
    const row = this.#rows.get(session.id);
    if (row?.endedAt !== null || row.refreshCounter !== session.refreshCounter - 1) return false;
    this.#rows.set(session.id, Session.restore(session));
    return true;
  }

  async touch(session: Session): Promise<void> {
    const row = this.#rows.get(session.id);
    if (row?.endedAt === null && row.lastUsedAt < session.lastUsedAt)
      this.#rows.set(session.id, Session.restore({ ...row, lastUsedAt: session.lastUsedAt, idleExpiresAt: session.idleExpiresAt }));
  }

  /** The twin of MikroOrmSessionStore.prune: ended, or past the idle end (never past the absolute one), before `cutoff`. */
  async prune(cutoff: Date, limit: number): Promise<number> {
    const over = [...this.#rows.values()].filter((row) => (row.endedAt !== null && row.endedAt < cutoff) || row.idleExpiresAt < cutoff);
    for (const row of over.slice(0, limit)) this.#rows.delete(row.id);
    return Math.min(over.length, limit);
  }

  read(id: string): Session | null {
    const row = this.#rows.get(id.toLowerCase());
    return row ? Session.restore(row) : null;
  }

  /** Copies of the user's live sessions, most recently used first (then by id, as the database orders them). */
  live(userId: string, now: Date): Session[] {
    const rows = [...this.#rows.values()].filter((row) => row.userId === userId.toLowerCase() && row.isLive(now));
    rows.sort((a, b) => b.lastUsedAt.getTime() - a.lastUsedAt.getTime() || (a.id < b.id ? 1 : -1));
    return rows.map(Session.restore);
  }

  /**
   * A commit's session writes, as one transaction: checks every end against the rows (one ended
   * meanwhile refuses the lot), ends the sessions the user events end, and answers the events with
   * `apply`, which writes them. Nothing is written until `apply` is called, synchronously after.
   */
  plan(changes: SessionChanges, userEvents: readonly UserEvent[]): { events: SessionEvent[]; apply: () => void } {
    if (changes.ended.some((session) => this.#rows.get(session.id)?.endedAt !== null)) throw new ConcurrentChangeError();
    const written = [...changes.ended];
    const deletedUsers = new Set<string>();
    const endedNow = new Set(changes.ended.map((session) => session.id));
    for (const sessionSweep of sessionSweeps(userEvents, changes.kept)) {
      const live = this.live(sessionSweep.userId, sessionSweep.at).filter((session) => !endedNow.has(session.id));
      written.push(...sweep(live, sessionSweep));
      if (sessionSweep.reason === 'DELETED') deletedUsers.add(sessionSweep.userId);
    }
    written.push(...changes.added);
    return {
      events: written.flatMap((session) => session.recordedEvents()),
      apply: () => {
        for (const session of written) this.#rows.set(session.id, Session.restore(session));
        for (const [id, row] of this.#rows) if (deletedUsers.has(row.userId)) this.#rows.delete(id);
      },
    };
  }
}
