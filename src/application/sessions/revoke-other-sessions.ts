import type { User } from '../../domain/user.ts';
import { selfActor } from '../../domain/user-events.ts';
import type { SessionWriteDeps } from './session-store.ts';

export interface RevokeOtherSessionsInput {
  viewer: User;
  /** The session of the request's access token: the one kept. */
  currentSessionId: string;
  now: Date;
}

/** Ends every live session of the caller but the current one; answers how many ended. */
export async function revokeOtherSessions(input: RevokeOtherSessionsInput, deps: SessionWriteDeps): Promise<{ count: number }> {
  const { viewer, now } = input;
  await deps.rateLimits.writesPerAccount.consume(viewer.id);
  const others = (await deps.unitOfWork.sessions.liveOf(viewer.id, now)).filter((session) => session.id !== input.currentSessionId);
  for (const session of others) session.end('REVOKED', selfActor(viewer.id), now);
  await deps.unitOfWork.commit();
  return { count: others.length };
}
