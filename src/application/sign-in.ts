import type { User } from '../domain/user.ts';
import { checkCredentials, type Credentials } from './credentials.ts';
import type { IssuedToken, PasswordHasher, TokenIssuer, UnitOfWork } from './ports.ts';

export interface SignInDeps {
  unitOfWork: UnitOfWork;
  passwordHasher: PasswordHasher;
  tokenIssuer: TokenIssuer;
}

export interface SignInResult extends IssuedToken {
  user: User;
}

export async function signIn(input: Credentials, deps: SignInDeps): Promise<SignInResult> {
  const user = await checkCredentials(input, deps.unitOfWork.users, deps.passwordHasher);
  user.assertCanSignIn();
  const issued = await deps.tokenIssuer.issue(user);
  await deps.unitOfWork.commit();
  return { ...issued, user };
}
