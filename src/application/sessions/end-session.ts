import { SessionNotFoundError } from '../../domain/session-errors.ts';
import type { User } from '../../domain/user.ts';
import { selfActor } from '../../domain/user-events.ts';
import type { SessionUnitOfWork } from './session-store.ts';

export interface EndSessionInput {
  viewer: User;
  /** The session of the access token the request came with. */
  sessionId: string;
  now: Date;
}

/** Signs out: ends the session of the request's access token (its access tokens stop working at once). */
export async function endSession(input: EndSessionInput, deps: { unitOfWork: SessionUnitOfWork }): Promise<void> {
  const { viewer, now } = input;
  const session = await deps.unitOfWork.sessions.findById(input.sessionId);
  if (session?.userId !== viewer.id || !session.isLive(now)) throw new SessionNotFoundError();
  session.end('SIGNED_OUT', selfActor(viewer.id), now);
  await deps.unitOfWork.commit();
}
