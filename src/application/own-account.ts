import { InvalidCredentialsError, NotAuthenticatedError } from '../domain/errors.ts';
import type { User } from '../domain/user.ts';
import { type CredentialCheckDeps, checkCredentials } from './credentials.ts';
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

export interface OwnPasswordConfirmation {
  viewer: User;
  password: string;
  clientIp: string;
  /** The client's full address, for the security event of a wrong password. */
  clientAddress?: string | undefined;
}

/**
 * The account as `ownAccount` loads it, once the caller confirmed it with its password, checked
 * like any sign-in (counted and limited) on that very instance: the one the commit writes.
 */
export async function confirmedOwnAccount(confirmation: OwnPasswordConfirmation, deps: CredentialCheckDeps): Promise<User> {
  const { viewer, password, clientIp, clientAddress } = confirmation;
  const account = await ownAccount(viewer, deps.unitOfWork.users);
  const user = await checkCredentials({ email: account.email, password, clientIp, clientAddress, viewerId: viewer.id }, deps);
  // The email went to another account while the check waited: that account's password is not the caller's.
  if (user !== account) throw new InvalidCredentialsError(viewer.id);
  return user;
}
