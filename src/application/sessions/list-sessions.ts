import { ForbiddenError } from '../../domain/errors.ts';
import type { Session } from '../../domain/session.ts';
import type { User } from '../../domain/user.ts';
import type { SessionStore } from './session-store.ts';

export interface ListSessionsInput {
  viewer: User;
  /** Whose sessions: the caller's own, or, for an admin, anyone's. */
  userId: string;
  now: Date;
}

/** A user's live sessions, most recently used first. Someone else's, for a non-admin, is ForbiddenError. */
export async function listSessions(input: ListSessionsInput, deps: { sessionStore: SessionStore }): Promise<Session[]> {
  const { viewer } = input;
  if (input.userId.toLowerCase() !== viewer.id && viewer.role !== 'ADMIN') throw new ForbiddenError();
  return deps.sessionStore.liveOf(input.userId, input.now);
}
