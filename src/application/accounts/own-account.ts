import { ConcurrentChangeError, NotAuthenticatedError } from '../../domain/errors.ts';
import type { User } from '../../domain/user.ts';
import { type CredentialCheckDeps, checkCredentials } from '../credentials/check-credentials.ts';
import type { UserReader, UserRepository, WriteDeps } from '../ports.ts';

/**
 * The signed-in user's account, loaded through the unit of work to be changed, still signed in
 * by the caller's token: a deactivation, suspension or revocation that landed since `currentUser`
 * read the caller is refused, as the next request would be. A change that lands after this load
 * is the commit's to refuse (see commitOwnChange). A change this request already made (an
 * earlier field of the same document) is on the very instance returned here.
 */
export async function ownAccount(viewer: User, users: UserRepository): Promise<User> {
  const account = await users.findById(viewer.id);
  if (!signsIn(viewer, account)) throw new NotAuthenticatedError();
  return account;
}

export interface OwnPasswordConfirmation {
  viewer: User;
  password: string;
  clientIp: string;
  /** The client's full address, for the audit of the outcome. */
  clientAddress?: string | undefined;
}

/**
 * The account as `ownAccount` loads it, once the caller confirmed it with its password, checked
 * like any sign-in (counted and limited) against that very instance: the one the commit writes,
 * at the version it was loaded at.
 */
export async function confirmedOwnAccount(confirmation: OwnPasswordConfirmation, deps: CredentialCheckDeps): Promise<User> {
  const { viewer, password, clientIp, clientAddress } = confirmation;
  const account = await ownAccount(viewer, deps.unitOfWork.users);
  return checkCredentials({ email: account.email, password, clientIp, clientAddress, account }, deps);
}

export interface OwnChangeDeps extends WriteDeps {
  /** Reads the caller's account as their next request would, outside the unit of work. */
  userReader: UserReader;
}

/**
 * Commits a change of the caller's own account. One that lost a race with another change of it
 * answers as the caller's next request would: NotAuthenticatedError when the account is gone or no
 * longer takes the caller's token (deleted, suspended, deactivated, signed out, a new password),
 * ConcurrentChangeError (retry) when it still does (a new role or name).
 */
export async function commitOwnChange(viewer: User, deps: OwnChangeDeps): Promise<void> {
  try {
    await deps.unitOfWork.commit();
  } catch (error) {
    if (error instanceof ConcurrentChangeError && !signsIn(viewer, await deps.userReader.findById(viewer.id))) {
      throw new NotAuthenticatedError();
    }
    throw error;
  }
}

/** The account still takes the token the caller signed in with. */
function signsIn(viewer: User, account: User | null): account is User {
  return account?.acceptsToken(viewer.tokenVersion) ?? false;
}
