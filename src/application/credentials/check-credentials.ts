import { InvalidCredentialsError, UserNotFoundError } from '../../domain/errors.ts';
import { normalisePassword } from '../../domain/password-policy.ts';
import type { User } from '../../domain/user.ts';
import type { PasswordHasher, RateLimits, UnitOfWork } from '../ports.ts';
import type { CredentialAudit } from './credential-audit.ts';
import type { PerKeyQueue } from './per-key-queue.ts';

export interface CredentialsAttempt {
  /** As the client gave it: the audited use case normalises it, once, before the check. */
  email: string;
  password: string;
  /** Where the attempt comes from, for the per-address limit. */
  clientIp: string;
  /** The client's full address, for the audit of the outcome; `clientIp` when absent. */
  clientAddress?: string | undefined;
  /**
   * The signed-in user's own account, as their unit of work loaded it, confirmed with its password
   * (changePassword, deleteMe): checked against this instance, not whoever the email finds by the
   * time the check runs (an admin may have deleted the account or moved its email). Absent: anyone.
   */
  account?: User | undefined;
}

export interface CredentialCheckDeps {
  unitOfWork: UnitOfWork;
  passwordHasher: PasswordHasher;
  rateLimits: RateLimits;
  /** One verification per email at a time, shared by every request of the process. */
  verificationsPerEmail: PerKeyQueue;
  /** Answer an unknown email as a wrong password, as slowly: the answer does not tell who has an account. */
  uniformCredentialErrors: boolean;
  /** Hears how every check ended (see `audited`): a failed one is a `SignInFailed` security event. */
  credentialAudit: CredentialAudit;
}

/**
 * The check shared by activate, deactivate and signIn: the user with this email and password (for
 * changePassword and deleteMe, the caller's own account, with this password).
 * The attempt is counted against the address and the email before any hashing, atomically, so of
 * a burst of concurrent guesses only as many are verified as the limits allow. A success gives
 * the attempt back and clears the email's count. A hash made with older parameters is renewed in
 * the same unit of work, which the caller commits.
 *
 * Its caller is an audited use case, which normalised the email and reports the outcome: a failure
 * of the check is a `SignInFailed` security event. Only attempts the limits let through reach the
 * check, so a flood writes at most as many of them as the limits allow verifications: an attempt
 * refused with TooManyAttemptsError is none.
 */
export async function checkCredentials(attempt: CredentialsAttempt, deps: CredentialCheckDeps): Promise<User> {
  const { email } = attempt;
  const password = normalisePassword(attempt.password);
  const { credentialFailuresPerEmail: perEmail, credentialFailuresPerIp: perIp } = deps.rateLimits;
  // The address first: a locked address must not spend the attempts of the accounts it targets.
  await perIp.consume(attempt.clientIp);
  try {
    await perEmail.consume(email);
  } catch (refusal) {
    await perIp.refund(attempt.clientIp); // refused, not verified: not a failure of this address
    throw refusal;
  }
  let user: User;
  try {
    // One at a time per email: a burst on one account waits here, not in the hash queue ahead of others.
    user = await deps.verificationsPerEmail.run(email, () => findVerified(email, password, attempt.account, deps));
  } catch (error) {
    const guess = error instanceof UserNotFoundError || error instanceof InvalidCredentialsError;
    if (!guess) await Promise.all([perEmail.refund(email), perIp.refund(attempt.clientIp)]); // an outage is no guess
    throw error;
  }
  await Promise.all([perEmail.reset(email), perIp.refund(attempt.clientIp)]);
  if (deps.passwordHasher.needsRehash(user.passwordHash)) {
    user.replacePasswordHash(await deps.passwordHasher.hash(password));
  }
  return user;
}

async function findVerified(email: string, password: string, account: User | undefined, deps: CredentialCheckDeps): Promise<User> {
  const startedAt = performance.now();
  const user = account ?? (await deps.unitOfWork.users.findByEmail(email));
  if (!user && !deps.uniformCredentialErrors) throw new UserNotFoundError();
  if (user && (await deps.passwordHasher.verify(user.passwordHash, password))) return user;
  if (deps.uniformCredentialErrors) {
    if (!user) await deps.passwordHasher.verifyAgainstDecoy(password);
    await deps.passwordHasher.padFailure(startedAt);
  }
  throw new InvalidCredentialsError(user?.id ?? null);
}
