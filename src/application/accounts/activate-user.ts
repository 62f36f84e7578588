import type { User } from '../../domain/user.ts';
import { selfActor } from '../../domain/user-events.ts';
import { type CredentialCheckDeps, type CredentialsAttempt, checkCredentials } from '../credentials/check-credentials.ts';
import { audited } from '../credentials/credential-audit.ts';

export const activateUser = audited('activate', async (input: CredentialsAttempt, deps: CredentialCheckDeps, found): Promise<User> => {
  const user = found(await checkCredentials(input, deps));
  await deps.rateLimits.writesPerAccount.consume(user.id);
  user.activate(selfActor(user.id));
  await deps.unitOfWork.commit();
  return user;
});
