import { NotAuthenticatedError } from '../domain/errors.ts';
import type { User } from '../domain/user.ts';
import type { UserRepository } from './ports.ts';

/**
 * The signed-in user's account, loaded through the unit of work to be changed, still signed in
 * by the caller's token: a deactivation, suspension or revocation that landed since `currentUser`
 * read the caller is refused, as the next request would be. A change that lands after this load
 * is the commit's to refuse (ConcurrentChangeError). A change this request already made (an
 * earlier field of the same document) is on the very instance returned here.
 */
export async function ownAccount(viewer: User, users: UserRepository): Promise<User> {
  const account = await users.findById(viewer.id);
  if (!account?.acceptsToken(viewer.tokenVersion)) throw new NotAuthenticatedError();
  return account;
}
