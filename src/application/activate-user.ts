import type { User } from '../domain/user.ts';
import { selfActor } from '../domain/user-events.ts';
import { type CredentialCheckDeps, type CredentialsAttempt, checkCredentials } from './credentials.ts';

export async function activateUser(input: CredentialsAttempt, deps: CredentialCheckDeps): Promise<User> {
  const user = await checkCredentials(input, deps);
  await deps.rateLimits.writesPerAccount.consume(user.id);
  user.activate(selfActor(user.id));
  await deps.unitOfWork.commit();
  return user;
}
