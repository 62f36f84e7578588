import type { User } from '../domain/user.ts';
import { type CredentialCheckDeps, type CredentialsAttempt, checkCredentials } from './credentials.ts';

export async function deactivateUser(input: CredentialsAttempt, deps: CredentialCheckDeps): Promise<User> {
  const user = await checkCredentials(input, deps);
  await deps.rateLimits.writesPerAccount.consume(user.id);
  const wasActiveAdmin = user.isActiveAdmin();
  user.deactivate();
  // The last active admin may not deactivate themself either.
  await deps.unitOfWork.commit({ keepAnActiveAdmin: wasActiveAdmin });
  return user;
}
