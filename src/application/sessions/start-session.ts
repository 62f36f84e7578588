import { type NewSession, Session } from '../../domain/session.ts';
import { selfActor } from '../../domain/user-events.ts';
import type { RefreshTokenCodec } from './refresh-token-codec.ts';
import type { SessionSettings } from './session-settings.ts';
import type { SessionUnitOfWork } from './session-store.ts';

export interface StartSessionInput extends NewSession {
  now: Date;
}

export interface SessionDeps {
  unitOfWork: SessionUnitOfWork;
  refreshTokens: RefreshTokenCodec;
  sessionSettings: SessionSettings;
}

export interface IssuedSession {
  session: Session;
  /** Given to the client once; storage keeps only the counter it matches. */
  refreshToken: string;
}

/**
 * A signed-in user's new session, added to the sign-in's unit of work: the sign-in commits it
 * with its own change (UserSignedIn), SessionStarted and any session this one pushes out, in one
 * transaction. Beyond MAX_SESSIONS_PER_USER the least recently used live sessions end, as REVOKED
 * by the user: a sign-in on one more device is the user ending the one they used least recently.
 */
export async function startSession(input: StartSessionInput, deps: SessionDeps): Promise<IssuedSession> {
  const { unitOfWork, sessionSettings } = deps;
  const live = await unitOfWork.sessions.liveOf(input.userId, input.now);
  for (const leastRecentlyUsed of live.slice(Math.max(sessionSettings.maxSessionsPerUser - 1, 0))) {
    leastRecentlyUsed.end('REVOKED', selfActor(input.userId), input.now);
  }
  const session = new Session(input, sessionSettings.lifetimes, input.now);
  unitOfWork.sessions.add(session);
  return { session, refreshToken: deps.refreshTokens.encode({ sessionId: session.id, counter: session.refreshCounter }) };
}
