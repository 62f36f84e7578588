import type { Role, User } from '../../domain/user.ts';
import { adminActor } from '../../domain/user-events.ts';
import type { WriteDeps } from '../ports.ts';
import { userById } from './user-by-id.ts';

/** Makes a user an admin, or an admin a user again; never the last active admin. */
export async function setUserRole(input: { admin: User; id: string; role: Role }, deps: WriteDeps): Promise<User> {
  await deps.rateLimits.writesPerAccount.consume(input.admin.id);
  const user = await userById(input.id, deps.unitOfWork);
  user.setRole(input.role, adminActor(input.admin.id));
  await deps.unitOfWork.commit();
  return user;
}
