import type { User } from '../domain/user.ts';
import type { UnitOfWork } from './ports.ts';
import { userById } from './user-by-id.ts';

/** Lifts a suspension; the user signs in again to get a token. */
export async function reinstateUser(id: string, deps: { unitOfWork: UnitOfWork }): Promise<User> {
  const user = await userById(id, deps.unitOfWork);
  user.reinstate();
  await deps.unitOfWork.commit();
  return user;
}
