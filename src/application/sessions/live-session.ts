import type { Session } from '../../domain/session.ts';
import type { SessionSettings } from './session-settings.ts';
import type { SessionStore } from './session-store.ts';

export interface LiveSessionInput {
  /** The `sid` of the request's access token, and the user it names. */
  sessionId: string;
  userId: string;
  now: Date;
}

export interface LiveSessionDeps {
  sessionStore: SessionStore;
  sessionSettings: Pick<SessionSettings, 'lifetimes'>;
}

/**
 * The session a request's access token names, if it is still that user's and live; else null, and
 * the request is not signed in. One read by primary key on every request; the use is written at
 * most once a minute per session, so reading `me` does not write.
 */
export async function liveSession(input: LiveSessionInput, deps: LiveSessionDeps): Promise<Session | null> {
  const session = await deps.sessionStore.findById(input.sessionId);
  if (session?.userId !== input.userId || !session.isLive(input.now)) return null;
  if (session.touch(deps.sessionSettings.lifetimes, input.now)) await deps.sessionStore.touch(session);
  return session;
}
