import { normaliseEmail } from '../domain/email.ts';
import { InvalidCredentialsError, UserNotFoundError } from '../domain/errors.ts';
import { normalisePassword } from '../domain/password.ts';
import type { User } from '../domain/user.ts';
import type { PasswordHasher, RateLimits, UnitOfWork } from './ports.ts';

export interface CredentialsAttempt {
  email: string;
  password: string;
  /** Where the attempt comes from, for the per-address limit. */
  clientIp: string;
}

export interface CredentialCheckDeps {
  unitOfWork: UnitOfWork;
  passwordHasher: PasswordHasher;
  rateLimits: RateLimits;
  /** Answer an unknown email as a wrong password, as slowly: the answer does not tell who has an account. */
  uniformCredentialErrors: boolean;
}

/**
 * The check shared by activate, deactivate and signIn: the user with this email and password.
 * Locked emails and addresses are refused before any hashing; failures count towards the locks,
 * a success clears the email's. A hash made with older parameters is renewed in the same unit of
 * work, which the caller commits.
 */
export async function checkCredentials(attempt: CredentialsAttempt, deps: CredentialCheckDeps): Promise<User> {
  const email = normaliseEmail(attempt.email);
  const password = normalisePassword(attempt.password);
  const { credentialFailuresPerEmail: perEmail, credentialFailuresPerIp: perIp } = deps.rateLimits;
  await perEmail.assertUnder(email);
  await perIp.assertUnder(attempt.clientIp);
  let user: User;
  try {
    user = await findVerified(email, password, deps);
  } catch (error) {
    if (error instanceof UserNotFoundError || error instanceof InvalidCredentialsError) {
      await Promise.all([perEmail.count(email), perIp.count(attempt.clientIp)]);
    }
    throw error;
  }
  await perEmail.reset(email);
  if (deps.passwordHasher.needsRehash(user.passwordHash)) {
    user.replacePasswordHash(await deps.passwordHasher.hash(password));
  }
  return user;
}

async function findVerified(email: string, password: string, deps: CredentialCheckDeps): Promise<User> {
  const user = await deps.unitOfWork.users.findByEmail(email);
  if (!user) {
    if (!deps.uniformCredentialErrors) throw new UserNotFoundError();
    await deps.passwordHasher.verifyAgainstDecoy(password);
    throw new InvalidCredentialsError();
  }
  if (!(await deps.passwordHasher.verify(user.passwordHash, password))) throw new InvalidCredentialsError();
  return user;
}
