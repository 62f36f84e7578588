import { normaliseEmail } from '../domain/email.ts';
import { EmailTakenError } from '../domain/errors.ts';
import { User } from '../domain/user.ts';
import type { PasswordHasher, UnitOfWork } from './ports.ts';

export interface CreateUserInput {
  name: string;
  surname: string;
  email: string;
  password: string;
}

export interface CreateUserDeps {
  unitOfWork: UnitOfWork;
  passwordHasher: PasswordHasher;
}

export async function createUser(input: CreateUserInput, deps: CreateUserDeps): Promise<User> {
  const email = normaliseEmail(input.email);
  // Saves a costly hash for a taken email; the unique index still decides a race, in commit().
  if (await deps.unitOfWork.users.findByEmail(email)) throw new EmailTakenError();
  const passwordHash = await deps.passwordHasher.hash(input.password);
  const user = new User({ name: input.name, surname: input.surname, email, passwordHash });
  deps.unitOfWork.users.add(user);
  await deps.unitOfWork.commit();
  return user;
}
