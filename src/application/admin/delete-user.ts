import type { User } from '../../domain/user.ts';
import { adminActor } from '../../domain/user-events.ts';
import type { WriteDeps } from '../ports.ts';
import { userById } from './user-by-id.ts';

/** An admin deletes an account: the row goes, its tokens find no one, and the email is free again. */
export async function deleteUser(input: { admin: User; id: string }, deps: WriteDeps): Promise<{ id: string }> {
  await deps.rateLimits.writesPerAccount.consume(input.admin.id);
  const user = await userById(input.id, deps.unitOfWork);
  deps.unitOfWork.users.remove(user, adminActor(input.admin.id));
  await deps.unitOfWork.commit();
  return { id: user.id };
}
