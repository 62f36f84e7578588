import type { User } from '../../domain/user.ts';
import { selfActor } from '../../domain/user-events.ts';
import { type CredentialCheckDeps, type CredentialsAttempt, checkCredentials } from '../credentials/check-credentials.ts';
import { audited } from '../credentials/credential-audit.ts';
import type { IssuedToken, TokenIssuer } from '../ports.ts';

export interface SignInDeps extends CredentialCheckDeps {
  tokenIssuer: TokenIssuer;
}

export interface SignInResult extends IssuedToken {
  user: User;
}

export const signIn = audited('signIn', async (input: CredentialsAttempt, deps: SignInDeps, found): Promise<SignInResult> => {
  const user = found(await checkCredentials(input, deps));
  await deps.rateLimits.writesPerAccount.consume(user.id);
  // Records UserSignedIn, which the commit writes: every sign-in commits, not only a renewed hash.
  user.signIn(selfActor(user.id));
  const issued = await deps.tokenIssuer.issue(user);
  await deps.unitOfWork.commit();
  return { ...issued, user };
});
