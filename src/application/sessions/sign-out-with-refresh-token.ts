import { InvalidRefreshTokenError } from '../../domain/session-errors.ts';
import { selfActor } from '../../domain/user-events.ts';
import type { RefreshTokenCodec } from './refresh-token-codec.ts';
import type { SessionSettings } from './session-settings.ts';
import type { SessionUnitOfWork } from './session-store.ts';

export interface SignOutWithRefreshTokenInput {
  refreshToken: string;
  /** The client's address: RefreshTokenReused names it. */
  ipAddress: string | null;
  now: Date;
}

export interface SignOutWithRefreshTokenDeps {
  unitOfWork: SessionUnitOfWork;
  refreshTokens: RefreshTokenCodec;
  sessionSettings: Pick<SessionSettings, 'reuseGraceSeconds'>;
}

/**
 * Signs out with the refresh token instead of an access token (a client that has lost its access
 * token): ends the session the token names, as SIGNED_OUT by its user, when a refresh would take
 * the token (the current one, or the one just replaced within the grace window). A replaced token
 * past the window is reuse, as a refresh judges it: whoever holds the current token may have
 * stolen it, so the session ends as REUSE_DETECTED (with RefreshTokenReused), and the caller is
 * signed out all the same. Any other token is InvalidRefreshTokenError and writes nothing.
 */
export async function signOutWithRefreshToken(input: SignOutWithRefreshTokenInput, deps: SignOutWithRefreshTokenDeps): Promise<void> {
  const { now } = input;
  const claims = deps.refreshTokens.decode(input.refreshToken);
  const session = claims && (await deps.unitOfWork.sessions.findById(claims.sessionId));
  const verdict =
    claims && session?.isLive(now) ? session.judgeRefresh(claims.counter, now, deps.sessionSettings.reuseGraceSeconds) : 'invalid';
  if (!session || verdict === 'invalid') throw new InvalidRefreshTokenError();
  if (verdict === 'reuse') session.endForReuse(input.ipAddress, now);
  else session.end('SIGNED_OUT', selfActor(session.userId), now);
  await deps.unitOfWork.commit();
}
