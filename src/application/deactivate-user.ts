import type { User } from '../domain/user.ts';
import { selfActor } from '../domain/user-events.ts';
import { type CredentialCheckDeps, type CredentialsAttempt, checkCredentials } from './credentials.ts';

export async function deactivateUser(input: CredentialsAttempt, deps: CredentialCheckDeps): Promise<User> {
  const user = await checkCredentials(input, deps);
  await deps.rateLimits.writesPerAccount.consume(user.id);
  // The last active admin may not deactivate themself either: the commit refuses it.
  user.deactivate(selfActor(user.id));
  await deps.unitOfWork.commit();
  return user;
}
