import { ConcurrentChangeError } from '../domain/errors.ts';
import type { User } from '../domain/user.ts';
import type { UserRepository } from './ports.ts';

/**
 * The signed-in user's account, loaded to be changed, at the version `currentUser` checked: if
 * anything changed it since (a deactivation, a revocation), the change is refused as one that
 * raced it, as the commit's version check would refuse a change made meanwhile.
 */
export async function ownAccount(viewer: User, users: UserRepository): Promise<User> {
  const account = await users.findById(viewer.id);
  if (account?.version !== viewer.version) throw new ConcurrentChangeError();
  return account;
}
