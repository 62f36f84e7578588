import type { User, UserDetails } from '../../domain/user.ts';
import { adminActor } from '../../domain/user-events.ts';
import type { WriteDeps } from '../ports.ts';
import { userById } from './user-by-id.ts';

/** An admin corrects a user's name, surname or email; the unique index settles a taken email. */
export async function updateUser(input: { admin: User; id: string; details: UserDetails }, deps: WriteDeps): Promise<User> {
  await deps.rateLimits.writesPerAccount.consume(input.admin.id);
  const user = await userById(input.id, deps.unitOfWork);
  user.update(input.details, adminActor(input.admin.id));
  await deps.unitOfWork.commit();
  return user;
}
