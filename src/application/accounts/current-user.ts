import type { User } from '../../domain/user.ts';
import type { TokenIssuer, UserReader } from '../ports.ts';

export interface CurrentUserDeps {
  userReader: UserReader;
  tokenIssuer: TokenIssuer;
}

/**
 * The signed-in user, or null: no token, a bad or expired one, a user since gone, inactive or
 * suspended, or a token issued before the user's last revocation (deactivation, suspension,
 * password change, signing out everywhere). Read from storage on every request, so a change of
 * role or state takes effect on the caller's next request. A copy: to change the account, a use
 * case loads it with `ownAccount`.
 */
export async function currentUser(bearerToken: string | null, deps: CurrentUserDeps): Promise<User | null> {
  const claims = bearerToken === null ? null : deps.tokenIssuer.verify(bearerToken);
  if (claims === null) return null;
  const user = await deps.userReader.findById(claims.userId);
  return user?.acceptsToken(claims.tokenVersion) ? user : null;
}
