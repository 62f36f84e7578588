import type { User } from '../domain/user.ts';
import { checkCredentials, type Credentials } from './credentials.ts';
import type { PasswordHasher, UnitOfWork } from './ports.ts';

export interface ChangeActivationDeps {
  unitOfWork: UnitOfWork;
  passwordHasher: PasswordHasher;
}

export async function activateUser(input: Credentials, deps: ChangeActivationDeps): Promise<User> {
  const user = await checkCredentials(input, deps.unitOfWork.users, deps.passwordHasher);
  user.activate();
  await deps.unitOfWork.commit();
  return user;
}
