import type { User } from '../domain/user.ts';
import type { TokenIssuer, UnitOfWork } from './ports.ts';

export interface CurrentUserDeps {
  unitOfWork: UnitOfWork;
  tokenIssuer: TokenIssuer;
}

/**
 * The signed-in user, or null: no token, a bad or expired one, a user since gone or inactive, or a
 * token issued before the user's last deactivation.
 */
export async function currentUser(bearerToken: string | null, deps: CurrentUserDeps): Promise<User | null> {
  const claims = bearerToken === null ? null : deps.tokenIssuer.verify(bearerToken);
  if (claims === null) return null;
  const user = await deps.unitOfWork.users.findById(claims.userId);
  return user?.active && user.tokenVersion === claims.tokenVersion ? user : null;
}
