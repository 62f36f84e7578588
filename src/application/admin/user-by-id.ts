import { UserNotFoundError } from '../../domain/errors.ts';
import type { User } from '../../domain/user.ts';
import type { UnitOfWork } from '../ports.ts';

/** The user an admin acts on. */
export async function userById(id: string, unitOfWork: UnitOfWork): Promise<User> {
  const user = await unitOfWork.users.findById(id);
  if (!user) throw new UserNotFoundError('No user has this id');
  return user;
}
