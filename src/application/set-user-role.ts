import type { Role, User } from '../domain/user.ts';
import type { UnitOfWork } from './ports.ts';
import { userById } from './user-by-id.ts';

/** Makes a user an admin, or an admin a user again; never the last active admin. */
export async function setUserRole(input: { id: string; role: Role }, deps: { unitOfWork: UnitOfWork }): Promise<User> {
  const user = await userById(input.id, deps.unitOfWork);
  const wasActiveAdmin = user.isActiveAdmin();
  user.setRole(input.role);
  await deps.unitOfWork.commit({ keepAnActiveAdmin: wasActiveAdmin });
  return user;
}
