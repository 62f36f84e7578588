import type { User } from '../../domain/user.ts';
import { adminActor } from '../../domain/user-events.ts';
import type { WriteDeps } from '../ports.ts';
import { userById } from './user-by-id.ts';

/** Lifts a suspension; the user signs in again to get a token. */
export async function reinstateUser(input: { admin: User; id: string }, deps: WriteDeps): Promise<User> {
  await deps.rateLimits.writesPerAccount.consume(input.admin.id);
  const user = await userById(input.id, deps.unitOfWork);
  user.reinstate(adminActor(input.admin.id));
  await deps.unitOfWork.commit();
  return user;
}
