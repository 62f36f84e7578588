import { EmailTakenError } from '../../domain/errors.ts';
import { acceptedPassword } from '../../domain/password-policy.ts';
import { User } from '../../domain/user.ts';
import { audited, type CredentialAudit } from '../credentials/credential-audit.ts';
import type { PasswordHasher, RateLimits, UnitOfWork } from '../ports.ts';

export interface CreateUserInput {
  name: string;
  surname: string;
  /** As the client gave it: normalised once, by `audited`. */
  email: string;
  password: string;
  clientIp: string;
  /** The client's full address, for the audit of the outcome; `clientIp` when absent. */
  clientAddress?: string | undefined;
}

export interface CreateUserDeps {
  unitOfWork: UnitOfWork;
  passwordHasher: PasswordHasher;
  rateLimits: RateLimits;
  credentialAudit: CredentialAudit;
}

/** Signs a user up. The User refuses a name or email that breaks the domain's rules, the policy a weak password. */
export const createUser = audited('createUser', async (input: CreateUserInput, deps: CreateUserDeps, found): Promise<User> => {
  // First, so a flood of sign-ups costs neither a hash nor a query.
  await deps.rateLimits.signUpsPerIp.consume(input.clientIp);
  const password = acceptedPassword(input.password);
  const { email } = input;
  // Saves a costly hash for a taken email; the unique index still decides a race, in commit().
  if (await deps.unitOfWork.users.findByEmail(email)) throw new EmailTakenError();
  const passwordHash = await deps.passwordHasher.hash(password);
  const user = new User({ name: input.name, surname: input.surname, email, passwordHash });
  deps.unitOfWork.users.add(user);
  await deps.unitOfWork.commit();
  // Only now: an account another sign-up took first, in the commit, was never this one.
  return found(user);
});
