import type { User } from '../domain/user.ts';
import { audited } from './credential-audit.ts';
import { type CredentialCheckDeps, type CredentialsAttempt, checkCredentials } from './credentials.ts';

export const deactivateUser = audited('deactivate', async (input: CredentialsAttempt, deps: CredentialCheckDeps, found): Promise<User> => {
  const user = found(await checkCredentials(input, deps));
  await deps.rateLimits.writesPerAccount.consume(user.id);
  const wasActiveAdmin = user.isActiveAdmin();
  user.deactivate();
  // The last active admin may not deactivate themself either.
  await deps.unitOfWork.commit({ keepAnActiveAdmin: wasActiveAdmin });
  return user;
});
