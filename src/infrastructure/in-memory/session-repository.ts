import type { SessionRepository } from '../../application/sessions/session-store.ts';
import type { Session } from '../../domain/session.ts';
import type { InMemorySessionStore, SessionChanges } from './session-store.ts';

/** The sessions of one in-memory unit of work: copies, one instance per id, written by its commit. */
export class InMemorySessionRepository implements SessionRepository {
  readonly #store: InMemorySessionStore;
  readonly #tracked = new Map<string, { session: Session; loadedEnded: boolean }>();
  readonly #added: Session[] = [];
  readonly #kept = new Set<string>();

  constructor(store: InMemorySessionStore) {
    this.#store = store;
  }

  async findById(id: string): Promise<Session | null> {
    const known = this.#tracked.get(id.toLowerCase());
    if (known) return known.session;
    const session = this.#store.read(id);
    return session && this.#track(session);
  }

  async liveOf(userId: string, now: Date): Promise<Session[]> {
    return this.#store
      .live(userId, now)
      .map((row) => this.#tracked.get(row.id)?.session ?? this.#track(row))
      .filter((session) => session.isLive(now));
  }

  add(session: Session): void {
    this.#added.push(session);
  }

  keep(sessionId: string): void {
    this.#kept.add(sessionId);
  }

  /** What the commit writes. */
  changes(): SessionChanges {
    const ended = [...this.#tracked.values()].filter(({ session, loadedEnded }) => !loadedEnded && session.endedAt !== null);
    return { added: [...this.#added], ended: ended.map(({ session }) => session), kept: this.#kept };
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
