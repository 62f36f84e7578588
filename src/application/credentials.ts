import { normaliseEmail } from '../domain/email.ts';
import { InvalidCredentialsError, UserNotFoundError } from '../domain/errors.ts';
import type { User } from '../domain/user.ts';
import type { PasswordHasher, UserRepository } from './ports.ts';

export interface Credentials {
  email: string;
  password: string;
}

/** The check shared by activate, deactivate and signIn: the user with this email and password. */
export async function checkCredentials(
  credentials: Credentials,
  users: UserRepository,
  passwordHasher: PasswordHasher,
): Promise<User> {
  const user = await users.findByEmail(normaliseEmail(credentials.email));
  if (!user) throw new UserNotFoundError();
  if (!(await passwordHasher.verify(user.passwordHash, credentials.password))) {
    throw new InvalidCredentialsError();
  }
  return user;
}
