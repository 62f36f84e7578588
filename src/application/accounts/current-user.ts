import type { Session } from '../../domain/session.ts';
import type { User } from '../../domain/user.ts';
import type { Clock, TokenIssuer, UserReader } from '../ports.ts';
import { type LiveSessionDeps, liveSession } from '../sessions/live-session.ts';

export interface CurrentUserDeps extends LiveSessionDeps {
  userReader: UserReader;
  tokenIssuer: TokenIssuer;
  clock: Clock;
}

/** Who a request comes from: the user, and the session of the access token it came with. */
export interface SignedIn {
  user: User;
  session: Session;
}

/**
 * The signed-in user and session, or null: no token, a bad or expired one, one without a session
 * (issued before sessions), a session that has ended (signed out, revoked, reused, expired), a
 * user since gone, inactive or suspended, or a token issued before the user's last revocation
 * (deactivation, suspension, password change, signing out everywhere). The user and the session
 * are read from storage on every request, side by side, so a change of role or state, or an ended
 * session, takes effect on the caller's next request, on every instance. Copies: to change the
 * account, a use case loads it with `ownAccount`.
 */
export async function currentUser(bearerToken: string | null, deps: CurrentUserDeps): Promise<SignedIn | null> {
  const claims = bearerToken === null ? null : deps.tokenIssuer.verify(bearerToken);
  if (claims === null) return null;
  const { userId, sessionId } = claims;
  // One time for the session and the user (its suspension's end): the clock's.
  const now = deps.clock.now();
  const [user, session] = await Promise.all([deps.userReader.findById(userId), liveSession({ sessionId, userId, now }, deps)]);
  return user?.acceptsToken(claims.tokenVersion, now) && session ? { user, session } : null;
}
