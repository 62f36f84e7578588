import { normaliseEmail } from '../domain/email.ts';
import { EmailTakenError } from '../domain/errors.ts';
import { acceptedPassword } from '../domain/password-policy.ts';
import { User } from '../domain/user.ts';
import type { PasswordHasher, RateLimits, UnitOfWork } from './ports.ts';

export interface CreateUserInput {
  name: string;
  surname: string;
  email: string;
  password: string;
  clientIp: string;
}

export interface CreateUserDeps {
  unitOfWork: UnitOfWork;
  passwordHasher: PasswordHasher;
  rateLimits: RateLimits;
}

/** Signs a user up. The User refuses a name or email that breaks the domain's rules, the policy a weak password. */
export async function createUser(input: CreateUserInput, deps: CreateUserDeps): Promise<User> {
  // First, so a flood of sign-ups costs neither a hash nor a query.
  await deps.rateLimits.signUpsPerIp.consume(input.clientIp);
  const password = acceptedPassword(input.password);
  const email = normaliseEmail(input.email);
  // Saves a costly hash for a taken email; the unique index still decides a race, in commit().
  if (await deps.unitOfWork.users.findByEmail(email)) throw new EmailTakenError();
  const passwordHash = await deps.passwordHasher.hash(password);
  const user = new User({ name: input.name, surname: input.surname, email, passwordHash });
  deps.unitOfWork.users.add(user);
  await deps.unitOfWork.commit();
  return user;
}
