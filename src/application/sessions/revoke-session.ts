import { SessionNotFoundError } from '../../domain/session-errors.ts';
import type { User } from '../../domain/user.ts';
import { adminActor, selfActor } from '../../domain/user-events.ts';
import type { SessionWriteDeps } from './session-store.ts';

export interface RevokeSessionInput {
  viewer: User;
  sessionId: string;
  now: Date;
}

/**
 * Ends one session: the user's own, or any user's for an admin. Someone else's session is, for a
 * non-admin, SessionNotFoundError as an unknown id is: the answer never confirms it exists.
 */
export async function revokeSession(input: RevokeSessionInput, deps: SessionWriteDeps): Promise<{ id: string }> {
  const { viewer, now } = input;
  await deps.rateLimits.writesPerAccount.consume(viewer.id);
  const session = await deps.unitOfWork.sessions.findById(input.sessionId);
  const own = session?.userId === viewer.id;
  if (!session?.isLive(now) || !(own || viewer.role === 'ADMIN')) throw new SessionNotFoundError();
  session.end('REVOKED', own ? selfActor(viewer.id) : adminActor(viewer.id), now);
  await deps.unitOfWork.commit();
  return { id: session.id };
}
