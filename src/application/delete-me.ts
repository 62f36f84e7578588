import type { User } from '../domain/user.ts';
import { type CredentialCheckDeps, checkCredentials } from './credentials.ts';
import { ownAccount } from './own-account.ts';

export interface DeleteMeInput {
  viewer: User;
  password: string;
  clientIp: string;
  /** The client's full address, for the security event of a wrong password. */
  clientAddress?: string | undefined;
}

/** The signed-in user deletes their account, confirming with their password; the email is free again. */
export async function deleteMe(input: DeleteMeInput, deps: CredentialCheckDeps): Promise<{ id: string }> {
  const { viewer, password, clientIp, clientAddress } = input;
  // Loaded first, so that the check by email finds this very instance, whose version the commit checks.
  const account = await ownAccount(viewer, deps.unitOfWork.users);
  const user = await checkCredentials({ email: account.email, password, clientIp, clientAddress, viewerId: viewer.id }, deps);
  user.delete();
  deps.unitOfWork.users.remove(user);
  await deps.unitOfWork.commit({ keepAnActiveAdmin: user.isActiveAdmin() });
  return { id: user.id };
}
