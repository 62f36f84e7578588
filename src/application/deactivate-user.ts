import type { User } from '../domain/user.ts';
import type { ChangeActivationDeps } from './activate-user.ts';
import { checkCredentials, type Credentials } from './credentials.ts';

export async function deactivateUser(input: Credentials, deps: ChangeActivationDeps): Promise<User> {
  const user = await checkCredentials(input, deps.unitOfWork.users, deps.passwordHasher);
  user.deactivate();
  await deps.unitOfWork.commit();
  return user;
}
