import type { SessionRepository } from '../../application/sessions/session-store.ts';
import type { Session } from '../../domain/session.ts';
import { TrackedSessions } from '../sessions/tracked-sessions.ts';
import type { InMemorySessionStore, SessionChanges } from './session-store.ts';

/** The sessions of one in-memory unit of work: copies, one instance per id, written by its commit. */
export class InMemorySessionRepository implements SessionRepository {
  readonly #store: InMemorySessionStore;
  readonly #sessions = new TrackedSessions();

  constructor(store: InMemorySessionStore) {
    this.#store = store;
  }

  async findById(id: string): Promise<Session | null> {
    const known = this.#sessions.known(id.toLowerCase());
    if (known) return known;
    const session = this.#store.read(id);
    return session && this.#sessions.track(session);
  }

  async liveOf(userId: string, now: Date): Promise<Session[]> {
    return this.#store
      .live(userId, now)
      .map((row) => this.#sessions.track(row))
      .filter((session) => session.isLive(now));
  }

  add(session: Session): void {
    this.#sessions.added.push(session);
  }

  keep(sessionId: string): void {
    this.#sessions.kept.add(sessionId);
  }

  /** What the commit writes. */
  changes(): SessionChanges {
    return { added: [...this.#sessions.added], ended: this.#sessions.ended(), kept: this.#sessions.kept };
  }

  /** After a commit: what it wrote is the loaded state now. */
  committed(): void {
    this.#sessions.committed();
  }
}
