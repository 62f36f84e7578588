import { UserNotFoundError } from '../../domain/errors.ts';
import type { User } from '../../domain/user.ts';
import { adminActor } from '../../domain/user-events.ts';
import type { SessionWriteDeps } from './session-store.ts';

export interface RevokeUserSessionsInput {
  /** The acting admin: the GraphQL edge lets only admins call this. */
  admin: User;
  userId: string;
  now: Date;
}

/** An admin ends every live session of a user; answers how many ended. */
export async function revokeUserSessions(input: RevokeUserSessionsInput, deps: SessionWriteDeps): Promise<{ count: number }> {
  const { admin, now } = input;
  await deps.rateLimits.writesPerAccount.consume(admin.id);
  const user = await deps.unitOfWork.users.findById(input.userId);
  if (!user) throw new UserNotFoundError('No user has this id');
  const live = await deps.unitOfWork.sessions.liveOf(user.id, now);
  for (const session of live) session.end('REVOKED', adminActor(admin.id), now);
  await deps.unitOfWork.commit();
  return { count: live.length };
}
