import { InvalidRefreshTokenError } from '../../domain/session-errors.ts';
import { selfActor } from '../../domain/user-events.ts';
import type { RefreshTokenCodec } from './refresh-token-codec.ts';
import type { SessionSettings } from './session-settings.ts';
import type { SessionUnitOfWork } from './session-store.ts';

export interface SignOutWithRefreshTokenInput {
  refreshToken: string;
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
 * the token (the current one, or the one just replaced within the grace window). Any other token
 * is InvalidRefreshTokenError and writes nothing; an older one is not judged reuse here, since the
 * caller asks for the session to end anyway.
 */
export async function signOutWithRefreshToken(input: SignOutWithRefreshTokenInput, deps: SignOutWithRefreshTokenDeps): Promise<void> {
  const { now } = input;
  const claims = deps.refreshTokens.decode(input.refreshToken);
  const session = claims && (await deps.unitOfWork.sessions.findById(claims.sessionId));
  const verdict =
    claims && session?.isLive(now) ? session.judgeRefresh(claims.counter, now, deps.sessionSettings.reuseGraceSeconds) : 'invalid';
  if (!session || (verdict !== 'rotate' && verdict !== 'successor')) throw new InvalidRefreshTokenError();
  session.end('SIGNED_OUT', selfActor(session.userId), now);
  await deps.unitOfWork.commit();
}
