import type { User } from '../domain/user.ts';
import { type CredentialCheckDeps, checkCredentials } from './credentials.ts';

export interface DeleteMeInput {
  viewer: User;
  password: string;
  clientIp: string;
}

/** The signed-in user deletes their account, confirming with their password; the email is free again. */
export async function deleteMe(input: DeleteMeInput, deps: CredentialCheckDeps): Promise<{ id: string }> {
  const user = await checkCredentials({ email: input.viewer.email, password: input.password, clientIp: input.clientIp }, deps);
  deps.unitOfWork.users.remove(user);
  await deps.unitOfWork.commit({ keepAnActiveAdmin: user.isActiveAdmin() });
  return { id: user.id };
}
