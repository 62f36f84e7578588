import type { Session } from '../../domain/session.ts';
import { type SessionEndReason, sessionEndReasonOf } from '../../domain/session-events.ts';
import type { Actor, UserEvent } from '../../domain/user-events.ts';

/** The live sessions of one user that a committed user event ends: why, by whom, when, and which one stays. */
export interface SessionSweep {
  userId: string;
  reason: SessionEndReason;
  by: Actor;
  at: Date;
  /** Only a password change keeps one: the session of the request that changed it. */
  kept: ReadonlySet<string>;
}

/** One sweep per user event that ends sessions, in the order recorded (see sessionEndReasonOf). */
export function sessionSweeps(events: Iterable<UserEvent>, kept: ReadonlySet<string>): SessionSweep[] {
  return [...events].flatMap((event) => {
    const reason = sessionEndReasonOf(event);
    if (reason === null) return [];
    return [
      { userId: event.userId, reason, by: event.actor, at: event.occurredAt, kept: reason === 'PASSWORD_CHANGED' ? kept : new Set() },
    ];
  });
}

/** Ends the sessions the sweep takes (the user's live ones, read in the commit's transaction); answers them. */
export function sweep(live: Session[], { reason, by, at, kept }: SessionSweep): Session[] {
  const ended = live.filter((session) => !kept.has(session.id));
  for (const session of ended) session.end(reason, by, at);
  return ended;
}
