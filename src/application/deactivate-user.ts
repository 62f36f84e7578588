import type { User } from '../domain/user.ts';
import { type CredentialCheckDeps, checkCredentials, type CredentialsAttempt } from './credentials.ts';

export async function deactivateUser(input: CredentialsAttempt, deps: CredentialCheckDeps): Promise<User> {
  const user = await checkCredentials(input, deps);
  user.deactivate();
  await deps.unitOfWork.commit();
  return user;
}
