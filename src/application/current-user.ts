import type { User } from '../domain/user.ts';
import type { TokenIssuer, UnitOfWork } from './ports.ts';

export interface CurrentUserDeps {
  unitOfWork: UnitOfWork;
  tokenIssuer: TokenIssuer;
}

/** The signed-in user, or null: no token, a bad or expired one, or a user since gone or deactivated. */
export async function currentUser(bearerToken: string | null, deps: CurrentUserDeps): Promise<User | null> {
  const userId = bearerToken === null ? null : deps.tokenIssuer.verify(bearerToken);
  if (userId === null) return null;
  const user = await deps.unitOfWork.users.findById(userId);
  return user?.active ? user : null;
}
