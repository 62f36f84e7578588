import type { User } from '../domain/user.ts';
import { type CredentialCheckDeps, checkCredentials, type CredentialsAttempt } from './credentials.ts';
import type { IssuedToken, TokenIssuer } from './ports.ts';

export interface SignInDeps extends CredentialCheckDeps {
  tokenIssuer: TokenIssuer;
}

export interface SignInResult extends IssuedToken {
  user: User;
}

export async function signIn(input: CredentialsAttempt, deps: SignInDeps): Promise<SignInResult> {
  const user = await checkCredentials(input, deps);
  user.assertCanSignIn();
  const issued = await deps.tokenIssuer.issue(user);
  await deps.unitOfWork.commit();
  return { ...issued, user };
}
