import type { Session } from '../../domain/session.ts';

/**
 * What one unit of work holds of sessions, whatever stores them: one instance per id and whether
 * it was ended when loaded, the sessions added, and the one a password change keeps.
 */
export class TrackedSessions {
  readonly #tracked = new Map<string, { session: Session; loadedEnded: boolean }>();
  readonly added: Session[] = [];
  readonly kept = new Set<string>();

  known(id: string): Session | undefined {
    return this.#tracked.get(id)?.session;
  }

  /** The instance this unit of work already holds for the row, else the row, held from now on. */
  track(row: Session): Session {
    const known = this.known(row.id);
    if (known) return known;
    this.#tracked.set(row.id, { session: row, loadedEnded: row.endedAt !== null });
    return row;
  }

  /** The sessions loaded live and ended since: what the commit must write. */
  ended(): Session[] {
    return [...this.#tracked.values()]
      .filter(({ session, loadedEnded }) => !loadedEnded && session.endedAt !== null)
      .map(({ session }) => session);
  }

  /** After a commit: what it wrote is the loaded state now. */
  committed(): void {
    for (const session of this.added) this.track(session);
    this.added.length = 0;
    for (const entry of this.#tracked.values()) {
      entry.session.clearRecordedEvents();
      entry.loadedEnded = entry.session.endedAt !== null;
    }
  }
}
